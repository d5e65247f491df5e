-- Phonon demo: a short groove on the built-in kit (no sample library needed).
--   phonon render examples/demo.ph -o demo.wav --cycles 8
bpm: 135

o1: s "bd*2 [~ bd] ~ bd" # gain 1.0
o2: s "~ sn ~ [sn cp]" # gain 0.95
o3: s "hh*8" # gain "1 0.8" # pan (slow 2 sine)
o4: jux rev $ stut 4 0.5 0.125 $ s "arpy(3,8,<0 2>)" # n "<0 2 4 7>" # speed "1 1.5" # gain 0.9
o5: s "~ ~ oh ~" # cut 1 # gain 0.8
