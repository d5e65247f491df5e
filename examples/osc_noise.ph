-- White noise: a flat hiss.
out: noise * 0.3
