bpm: 120
o1: s "bd*2 [~ bd] ~ bd"
o2: s "~ sn ~ [sn cp]"
o3: s "hh*8" # gain 0.8
o4: n "0 3 7 10" # s "superpiano" # gain 0.9
