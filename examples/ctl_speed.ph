-- `speed`: the second pluck plays twice as fast -- an octave higher and half as long.
out: s "arpy ~ arpy ~" # speed "1 2"
