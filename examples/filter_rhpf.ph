-- Resonant high-pass with SuperDirt resonance 0.3: bass removed, a peak at 990 Hz.
out: saw 110 * 0.3 # rhpf 990 0.3
