-- Per-voice low-pass (SuperDirt `cutoff`/`resonance`): each supersaw note is filtered at 400 Hz.
out: s "supersaw*2" # note "c3" # cutoff 400 # resonance 0.2
