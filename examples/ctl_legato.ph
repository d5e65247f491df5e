-- `legato 0.25`: each piano note lasts a quarter of its step -- short, staccato notes.
out: s "superpiano*4" # note "c e g e" # legato 0.25
