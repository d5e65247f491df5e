-- Compressor: the saw alternates quiet (x0.1) and loud (x1); threshold -20 dB, ratio 8 -- the
-- loud half is pulled down so the two halves sound almost equally loud.
out: saw 110 * "0.1 1" # compressor (-20) 8 0.005 0.05
