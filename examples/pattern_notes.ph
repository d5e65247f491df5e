-- A control pattern of notes as a frequency: `n` plays A5, C6, E6 (440, 523.25, 659.26 Hz; Tidal
-- numbers octaves so that c5 is middle C, 261.63 Hz, and a5 is 440 Hz).
out: sine (n "a5 c6 e6") * 0.5
