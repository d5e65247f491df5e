-- A pattern as a control signal: the saw steps through 55, 82.5 and 110 Hz, changing exactly at
-- each event boundary (one cycle = 2 s at the default tempo).
out: saw "55 82.5 110" * 0.5
