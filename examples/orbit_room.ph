-- Orbit reverb (SuperDirt `room`/`size`/`dry`): one pluck per cycle with a big, long reverb tail.
-- `dry 1` would turn the reverb send off.
out: s "arpy ~ ~ ~" # room 0.6 # size 0.9 # dry 0.1
