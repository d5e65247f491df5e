-- Line envelope: each note (220 Hz, then 330 Hz) falls linearly from full level to silence in 0.5 s.
out: sine "220 330" * 0.5 # line 1 0 0.5
