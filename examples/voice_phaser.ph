-- Per-voice phaser (SuperDirt `phaserrate`/`phaserdepth`): each note is mixed with a copy of itself 8.8 to 10 ms
-- late, the delay swept once a second, so the steady tone swells and dips as the comb's notches sweep past it.
out: s "superfm*2" # note "c4" # phaserrate 1 # phaserdepth 1
