-- Effects on an event pattern: `lpf` acts per voice (SuperDirt `cutoff`), while a three-argument
-- `delay` processes the summed voices -- listen for echoes 400 ms after each pluck.
out: s "arpy ~ ~ ~" # lpf 2000 # delay 0.4 0.5 0.5
