-- Per-voice squiz (SuperDirt `squiz`): every zero-crossing chunk of the pluck is replayed 4 times faster, so the
-- pluck turns into a higher, buzzier, gated tone.
out: s "arpy*2" # squiz 4
