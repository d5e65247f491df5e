-- Band-pass filter at 1100 Hz, q 8: a narrow, nasal band around the 10th harmonic.
out: saw 110 # bpf 1100 8
