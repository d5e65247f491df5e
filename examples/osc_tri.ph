-- Triangle oscillator: a soft 220 Hz tone, weak odd harmonics.
out: tri 220 * 0.5
