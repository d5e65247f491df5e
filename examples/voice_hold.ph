-- SuperDirt `hold` with `release`: each kick stays at full level for 60 ms, then fades out over 40 ms -- a short,
-- gated boom.
out: s "bd*2" # hold 0.06 # release 0.04
