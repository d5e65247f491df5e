-- Built-in synth `superfm` with its preset 1 (an electric piano): C5, then G5.
out: s "superfm*2" # n "c5 g5" # voice 1
