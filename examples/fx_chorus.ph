-- Chorus: three slowly swept copies of a 220 Hz saw -- wider and gently wobbling.
out: saw 220 * 0.5 # chorus 0.8 0.5 0.5
