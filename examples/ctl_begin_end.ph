-- `begin`/`end`: the first pluck plays whole, the second only from 25% to 50% of the sample.
out: s "arpy ~ arpy ~" # begin "0 0.25" # end "1 0.5"
