-- Moog ladder low-pass (24 dB/octave) at 800 Hz with some resonance: warm and squelchy.
out: saw 110 * 0.5 # moog 800 0.5
