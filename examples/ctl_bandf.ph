-- Per-voice band-pass (SuperDirt `bandf`/`bandq`): only a narrow band around 1.5 kHz of each note.
out: s "supersaw*2" # note "c3" # bandf 1500 # bandq 6
