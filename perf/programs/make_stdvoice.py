#!/usr/bin/env python3
"""Writes the benchmarks' standard-voice sample: DIR/stdvoice/0.wav, 2 s, mono, 16-bit, 44.1 kHz (a decaying
220 Hz tone plus noise, deterministic). Usage: make_stdvoice.py DIR  (then `phonon bench ... --samples DIR`)."""
import math, random, struct, sys, wave, os

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/phonon-stdvoice"
    os.makedirs(os.path.join(root, "stdvoice"), exist_ok=True)
    rate, n = 44100, 2 * 44100
    rnd = random.Random(1)
    frames = bytearray()
    for i in range(n):
        x = math.sin(2 * math.pi * 220 * i / rate) * 0.6 + (rnd.random() * 2 - 1) * 0.3
        frames += struct.pack("<h", int(12000 * x * (1 - i / n)))
    with wave.open(os.path.join(root, "stdvoice", "0.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    print(root)

if __name__ == "__main__":
    main()
