-- Notch filter at 1100 Hz: one harmonic of the saw is cut out (a subtle hollow).
out: saw 110 * 0.5 # notch 1100 2
