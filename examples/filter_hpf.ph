-- High-pass filter at 2 kHz: only the thin, fizzy top of the saw is left.
out: saw 110 * 0.5 # hpf 2000
