-- Bit crusher: 4 bits and every 4th sample held -- a lo-fi, gritty 8-bit sine.
out: sine 220 * 0.5 # bitcrush 4 4
