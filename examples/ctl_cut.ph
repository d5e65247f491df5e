-- `cut 1`: each open hi-hat chokes the previous one (a cut group), so they never overlap.
out: s "oh*8" # cut 1
