-- `accelerate 2`: the pluck glides upwards while it plays (speed grows by 2 per second).
out: s "arpy ~" # accelerate 2
