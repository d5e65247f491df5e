-- Exponential line: each note decays from 1 to 0.001 (-60 dB) in 0.5 s, a natural-sounding ping.
out: sine "220 330" * 0.5 # xline 1 0.001 0.5
