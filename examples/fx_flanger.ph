-- Flanger: a short swept delay with feedback -- the classic jet-plane whoosh on a saw.
out: saw 110 * 0.5 # flanger 0.5 0.8 0.6 0.5
