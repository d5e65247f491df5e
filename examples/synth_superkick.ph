-- Built-in synth `superkick`: four-on-the-floor sine kicks at about 60 Hz.
out: s "superkick*4"
