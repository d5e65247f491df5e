-- FM (phase modulation): carrier 440 Hz, modulator 110 Hz, index 3 -- a metallic, bell-like tone
-- with sidebands at 440 +- 110 k Hz.
out: fm 440 110 3 * 0.5
