-- Brown noise (-6 dB/octave): a deep rumble, like distant surf.
out: brown * 0.8
