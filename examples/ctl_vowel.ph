-- Per-voice formant filter (SuperDirt `vowel`): the same note sung as "a", then as "i".
out: s "supersaw*2" # note "c3" # vowel "a i"
