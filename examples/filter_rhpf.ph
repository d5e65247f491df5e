-- Resonant high-pass with Q 8: bass removed, a peak at 990 Hz.
out: saw 110 * 0.3 # rhpf 990 8
