-- An LFO on a filter cutoff: the saw opens (3500 Hz) and closes (500 Hz) once every 2 s (a slow wah).
~lfo: sine 0.5
out: saw 110 * 0.5 # lpf (~lfo * 1500 + 2000) 0.7
