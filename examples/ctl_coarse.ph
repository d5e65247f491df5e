-- Per-voice sample-rate reduction (SuperDirt `coarse` 8): each value held for 8 frames, aliasing fizz.
out: s "superfm*2" # note "c4" # coarse 8
