-- Built-in synth `supersnare`: a snare on beats 2 and 4.
out: s "~ supersnare ~ supersnare"
