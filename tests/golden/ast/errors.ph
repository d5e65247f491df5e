-- Syntax errors (golden input: errors.ast holds the expected diagnostics). Each error skips only its statement.
tempo: 0.5
foo: 1
o1: s "bd sn # speed 2
o2: fast (2 $ s "bd"
o3: s "bd" #
o4: s "sn" # .5
temp: 1
s "bd"
~b $ f )
hush o0
bpm: 120 4 2
o5: [s "a", s "b"
o6: s "x" ; s "y"
o7: delay 0.25 : mix 0.3
o8: (- rev)
o9: s "fine"
  # speed 2
# gain 1 -- a line starting with an operator continues the statement
{- never closed
o10: s "lost"
