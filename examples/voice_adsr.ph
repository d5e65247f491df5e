-- Per-voice ADSR on an event pattern: each saw note gets its own 20 ms attack, 200 ms decay to 40 % and a 300 ms
-- release once its gate (legato 0.5 = half its step) closes.
out: s "supersaw*2" # note "c3 g3" # legato 0.5 # adsr 0.02 0.2 0.4 0.3
