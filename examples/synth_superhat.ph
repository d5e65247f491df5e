-- Built-in synth `superhat`: eighth-note hi-hats (band-limited noise around 2-6 kHz).
out: s "superhat*8"
