-- Synthesis benchmark: eight independent synthesis chains (eight outputs, so eight
-- independent stripes), each oscillators -> envelope ->
-- filter -> effect, with pattern-driven pitches; no samples needed.
--   phonon bench perf/programs/synth.ph [--threads 2]
cps: 0.5
o1: supersaw (mtof (n "40 43 47 50")) # adsr 0.01 0.2 0.5 0.1 # moog 1200 0.4 # chorus 0.5 0.3 0.4 # gain 0.1
o2: saw (mtof (n "<24 27 31 22>")) # rlpf (sine 0.2 * 800 + 1000) 6 # distort 2 0.3 # gain 0.1
o3: square (mtof (n "36 48 43 39")) # ar 0.01 0.3 # lpf 2000 # delay 0.25 0.5 0.3 # gain 0.1
o4: fm 220 330 (sine 0.3 * 2 + 2) # adsr 0.02 0.1 0.6 0.3 # reverb 0.7 0.4 0.3 # gain 0.1
o5: pulse 110 (sine 0.1 * 0.3 + 0.5) # rlpf 900 2 # phaser 0.3 0.5 0.4 # gain 0.1
o6: tri (mtof (n "60 64 67 72")) # ar 0.005 0.2 # hpf 300 # flanger 0.2 0.5 0.3 # gain 0.1
o7: pink # bpf 1500 3 # ar 0.001 0.05 # bitcrush 8 2 # gain 0.1
o8: sine (mtof (n "48 55")) * saw 2 # notch 500 1 # compressor 0.3 4 0.01 0.1 1 # gain 0.1
