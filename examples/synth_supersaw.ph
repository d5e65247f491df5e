-- Built-in synth `supersaw`: C3 then G3, each sustained for 0.8 s -- a fat detuned lead.
out: s "supersaw*2" # note "c3 g3" # sustain 0.8
