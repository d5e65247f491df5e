-- Attack/release envelope on a pattern-driven saw: each note fades in over 10 ms, holds while the
-- event lasts, and fades out over 200 ms after it (silence in the rests).
out: saw "110 ~ 220 ~" * 0.5 # ar 0.01 0.2
