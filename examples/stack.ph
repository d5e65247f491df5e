-- `stack` of signals sums them: a 220 Hz sine, a 330 Hz triangle and a kick pattern together.
out: stack [sine 220 * 0.3, tri 330 * 0.3, s "superkick*4"]
