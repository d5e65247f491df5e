-- Reverb (Freeverb-style), room 0.8: a short saw stab followed by a long, washy tail.
out: saw "110 ~ ~ ~" * 0.5 # ar 0.001 0.1 # reverb 0.8 0.5 0.5
