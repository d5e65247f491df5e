-- Per-voice high-pass (SuperDirt `hcutoff`/`hresonance`): the bass of each note is removed above 2 kHz.
out: s "supersaw*2" # note "c3" # hcutoff 2000 # hresonance 0.2
