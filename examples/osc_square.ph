-- Square oscillator (band-limited): a hollow 110 Hz tone, odd harmonics only.
out: square 110 * 0.5
