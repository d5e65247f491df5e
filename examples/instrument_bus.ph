-- A bus as an instrument: every event of `s "~pad*4"` starts a voice of the filtered saw,
-- retuned by `note` (c = the bus as written, 220 Hz; e = +4 semitones; g = +7).
~pad: saw 220 # lpf 900 0.5
out: s "~pad*4" # note "c e g" # gain 0.8
