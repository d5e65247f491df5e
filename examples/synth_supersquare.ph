-- Built-in synth `supersquare`: C4 then G4 on a filtered square (pulse) pair.
out: s "supersquare*2" # note "c4 g4" # sustain 0.8
