#!/usr/bin/env python3
"""Writes the test sample library: synthesized stand-ins for a Dirt-Samples subset.

    make_samples.py MANIFEST OUT_DIR

MANIFEST (samples.tsv) lists folder, file name, sample format (pcm or float), channels, rate, bits and length of
every file of the subset the tests were written against, so the generated library keeps the real one's quirks:
16-bit mono and stereo PCM, 32-bit IEEE float stereo, rates of 44100 and 44101 Hz, `.wav` and `.WAV`. The sound
is made here (a pitch-swept sine for kicks, noise bursts for snares and hats, harmonic tones for pitched sounds),
deterministically from the file name, so the files carry no third-party audio and need no licence of their own.
Lengths are capped at one second to keep generation quick.
"""
import array
import math
import os
import struct
import sys
import zlib

MAX_FRAMES = 44100


def kind_of(folder):
    if folder in ("808bd", "bd"):
        return "kick"
    if folder in ("808hc", "808oh", "hh"):
        return "hat"
    if folder in ("arpy", "casio", "rave"):
        return "tone"
    return "snare"  # 808sd sd sn cp drum amencutup


def synth(folder, name, channels, rate, frames):
    """Interleaved floats in [-1, 1]."""
    seed = zlib.crc32((folder + "/" + name).encode()) or 1
    kind = kind_of(folder)
    variant = seed % 7
    state = seed
    out = array.array("f", bytes(4 * frames * channels))
    # The decay reaches -60 dB at about 70% of the file (or 0.4 s for hats), as real one-shots do.
    decay_s = min(0.7 * frames / rate, 0.4 if kind == "hat" else 10.0)
    k = math.log(1000.0) / max(decay_s * rate, 1.0)
    f0 = {"kick": 45.0 + 5 * variant, "snare": 170.0 + 20 * variant, "hat": 0.0,
          "tone": 220.0 * 2 ** (variant / 12.0)}[kind]
    phase = 0.0
    prev_noise = 0.0
    for i in range(frames):
        env = math.exp(-k * i) * min(1.0, i / 32.0)
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        noise = state / 0x3FFFFFFF - 1.0
        if kind == "kick":
            freq = f0 + 110.0 * math.exp(-i / (0.03 * rate))
            phase += 2 * math.pi * freq / rate
            x = 0.9 * math.sin(phase)
        elif kind == "snare":
            phase += 2 * math.pi * f0 / rate
            x = 0.45 * math.sin(phase) + 0.45 * noise
        elif kind == "hat":
            x = 0.6 * (noise - prev_noise)  # a first difference leaves the highs
            prev_noise = noise
        else:
            phase += 2 * math.pi * f0 / rate
            x = 0.5 * math.sin(phase) + 0.2 * math.sin(2 * phase) + 0.1 * math.sin(3 * phase)
        for c in range(channels):
            out[i * channels + c] = env * x * (1.0 if c == 0 else 0.9)
    return out


def wav_bytes(samples, fmt, channels, rate, bits):
    if fmt == "float":
        tag, data = 3, array.array("f", samples)
    else:
        assert bits == 16, "only 16-bit PCM fixtures are needed"
        tag, data = 1, array.array("h", (max(-32767, min(32767, round(x * 32767))) for x in samples))
    if sys.byteorder != "little":
        data.byteswap()
    payload = data.tobytes()
    block_align = channels * bits // 8
    fmt_chunk = struct.pack("<4sIHHIIHH", b"fmt ", 16, tag, channels, rate, rate * block_align, block_align, bits)
    data_chunk = struct.pack("<4sI", b"data", len(payload)) + payload + (b"\0" if len(payload) % 2 else b"")
    body = b"WAVE" + fmt_chunk + data_chunk
    return struct.pack("<4sI", b"RIFF", len(body)) + body


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_samples.py MANIFEST OUT_DIR")
    manifest, out_dir = sys.argv[1], sys.argv[2]
    count = 0
    with open(manifest) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            folder, name, fmt, channels, rate, bits, frames = line.rstrip("\n").split("\t")
            channels, rate, bits = int(channels), int(rate), int(bits)
            frames = min(int(frames), MAX_FRAMES)
            os.makedirs(os.path.join(out_dir, folder), exist_ok=True)
            path = os.path.join(out_dir, folder, name)
            with open(path + ".tmp", "wb") as w:
                w.write(wav_bytes(synth(folder, name, channels, rate, frames), fmt, channels, rate, bits))
            os.replace(path + ".tmp", path)
            count += 1
    print(f"make_samples: wrote {count} files under {out_dir}")


if __name__ == "__main__":
    main()
