-- Resonant low-pass with Q 8 (the prototype's `rlpf cutoff q`): a whistling peak at 990 Hz, dark above.
out: saw 110 * 0.3 # rlpf 990 8
