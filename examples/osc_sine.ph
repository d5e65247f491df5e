-- Sine oscillator: a pure 440 Hz tone (A4), no overtones.
out: sine 440 * 0.5
