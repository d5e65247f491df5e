-- Distortion (tanh drive 0.8): a clean sine turned into a fuzzy, square-ish tone.
out: sine 220 * 0.5 # distort 0.8
