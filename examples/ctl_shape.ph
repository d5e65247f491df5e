-- Per-voice waveshaping (SuperDirt `shape`): a pure FM sine made loud and gritty.
out: s "superfm*2" # note "c4" # shape 0.9
