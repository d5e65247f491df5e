-- SuperDirt `loop`: the pluck (begin..end) plays 3 times in a row from each event, three times as long.
out: s "arpy ~" # loop 3
