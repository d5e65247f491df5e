-- Feedback delay: a short 880 Hz blip, then echoes every 400 ms -- the first as loud as the blip
-- (mix 0.5), then each half as loud as the one before (feedback 0.5).
out: sine "880 ~!7" * 0.5 # ar 0.001 0.05 # delay 0.4 0.5 0.5
