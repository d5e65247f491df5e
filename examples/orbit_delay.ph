-- Orbit delay (SuperDirt `delay`/`delaytime`/`delayfeedback`): echoes of the pluck every 250 ms.
out: s "arpy ~ ~ ~" # delay 0.5 # delaytime 0.25 # delayfeedback 0.5
