-- A bus as an LFO: ~lfo is a 0.25 Hz sine; the tone sweeps between 340 and 540 Hz every 4 s (vibrato).
~lfo: sine 0.25
out: sine (~lfo * 100 + 440) * 0.5
