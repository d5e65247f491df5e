-- Feedback through a delay: a short 880 Hz blip once a cycle goes round a loop that delays it by 0.1 s and
-- feeds it back at half the level, so you hear the blip, an echo as loud 100 ms later, then echoes every
-- 100 ms, each half as loud as the one before (the loop is ~echo reading itself through `delay`).
~blip: sine "880 ~!63" * 0.5 # ar 0.001 0.01
~echo: (~blip + ~echo * 0.5) # delay 0.1 0 1
out: ~blip + ~echo
