-- Supersaw: 7 saws spread over +-0.5 semitones around 110 Hz -- a thick, shimmering trance pad.
out: supersaw 110 0.5 7 * 0.5
