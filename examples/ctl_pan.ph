-- `pan`: the first two plucks play on the left, the last two on the right.
out: s "arpy*4" # pan "0 1"
