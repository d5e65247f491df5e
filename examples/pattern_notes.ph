-- A control pattern of notes as a frequency: `n` plays A4, C5, E5 (440, 523.25, 659.26 Hz).
out: sine (n "a4 c5 e5") * 0.5
