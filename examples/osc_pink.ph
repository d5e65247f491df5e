-- Pink noise (-3 dB/octave): a softer, rain-like hiss than white noise.
out: pink * 0.8
