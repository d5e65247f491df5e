-- Built-in synth `superpiano`: a C major arpeggio (c e g c6), each note held for its whole step.
out: s "superpiano*4" # n "c e g c6" # legato 1
