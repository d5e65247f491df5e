-- Resonant low-pass with SuperDirt resonance 0.3 (q ~ 8): a whistling peak at 990 Hz, dark above.
out: saw 110 * 0.3 # rlpf 990 0.3
