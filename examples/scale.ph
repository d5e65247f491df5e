-- `# scale "minor"` maps scale degrees 0 1 2 3 to semitones 0 2 3 5: C, D, E-flat, F on a sine synth.
out: n "0 1 2 3" # scale "minor" # s "superfm"
