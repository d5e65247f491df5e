-- Per-voice bit reduction (SuperDirt `crush` 3: eight levels): a stepped, buzzy sine.
out: s "superfm*2" # note "c4" # crush 3
