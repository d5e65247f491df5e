-- An instrument with its own envelope: the ADSR follows each note (held for half its step by `legato`).
-- Tuned to middle C (261.63 Hz), so note names play at their absolute pitch.
~pluck: saw 261.63 # lpf 2000 0.7 # adsr 0.005 0.1 0.3 0.2
out: s "~pluck*8" # note "c e g c6 g e c e" # legato 0.5 # gain 0.8
