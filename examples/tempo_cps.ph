-- `tempo: 1` (cycles per second, same as `cps:`): four kicks per second.
tempo: 1
out: s "superkick*4"
