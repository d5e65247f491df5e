-- ADSR envelope: 50 ms attack, 200 ms decay to 40% sustain while the note is held (1 s), 300 ms release.
out: saw "110 ~" * 0.5 # adsr 0.05 0.2 0.4 0.3
