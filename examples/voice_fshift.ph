-- Per-voice frequency shift (SuperDirt `fshift`): the 130.8 Hz tone (c4) comes out 100 Hz higher, at 230.8 Hz.
-- A shift in Hz, not a transposition: the overtones of a richer sound stop being harmonic.
out: s "superfm*2" # note "c4" # fshift 100
