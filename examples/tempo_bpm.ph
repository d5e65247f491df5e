-- `bpm: 150` (4 beats per cycle): a kick every 0.4 s.
bpm: 150
out: s "superkick*4"
