-- Stress: 16384 standard voices sounding at once (perf/RESULTS.md). Needs the standard-voice sample:
--   python3 perf/programs/make_stdvoice.py /tmp/phonon-stdvoice
--   phonon bench perf/programs/stress_16k.ph --samples /tmp/phonon-stdvoice --max-voices 20000 --threads 2 --warmup 1
-- Standard voice: 2 s mono sample read at speed 0.9 (cubic interpolation), attack-release envelope, resonant
-- low-pass with a per-voice cutoff, equal-power pan. Each voice lasts one cycle (attack + release = 1 s).
cps: 1
out: s "stdvoice*16384" # speed 0.9 # cutoff (range 300 4000 rand) # resonance 0.3 # pan rand # attack 0.01 # release 0.99
