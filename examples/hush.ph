-- `hush o2` silences output 2 (the drone) while output 1 (the kicks) keeps playing.
o1: s "superkick*4"
o2: saw 110 * 0.3
hush o2
