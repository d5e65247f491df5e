-- Built-in synth `superkick`: four-on-the-floor sine kicks at about 60 Hz (SuperDirt reads `n` as the kick
-- pitch: (n - 25.5) as a MIDI note).
out: s "superkick*4" # n 60
