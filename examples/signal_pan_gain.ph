-- Controls on a signal: `pan` places it (left for the first half cycle, right for the second) and
-- `gain` scales it.
out: sine 330 * 0.5 # pan "0 1" # gain 0.8
