-- Sawtooth oscillator (band-limited): a buzzy 110 Hz tone with every harmonic.
out: saw 110 * 0.5
