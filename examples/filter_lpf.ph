-- Low-pass filter at 600 Hz: the saw loses its buzz and sounds dark and round.
out: saw 110 * 0.5 # lpf 600
