-- 1024 standard voices sounding at once (see stress_16k.ph for the sample and the command).
cps: 1
out: s "stdvoice*1024" # speed 0.9 # cutoff (range 300 4000 rand) # resonance 0.3 # pan rand # attack 0.01 # release 0.99
