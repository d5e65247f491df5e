-- Signal arithmetic: two sines mixed with `+`, scaled by a number and by a pattern
-- (loud for the first half of each cycle, half as loud for the second).
out: (sine 220 + sine 330 * 0.5) * "0.5 0.25"
