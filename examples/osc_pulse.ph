-- Pulse oscillator with a 25% duty cycle: nasal 110 Hz tone (width 0.5 would be a square).
out: pulse 110 0.25 * 0.5
