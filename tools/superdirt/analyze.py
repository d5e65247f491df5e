#!/usr/bin/env python3
"""Measures WAV files the way the SuperDirt comparisons do (python3 standard library only; see README.md).

For each file: onset (first frame above -80 dBFS), peak, level (RMS from the onset to the end of the sound),
length (to the last 10 ms window within 60 dB of the loudest), an RMS envelope in slices, 1/3-octave band levels
(Welch power spectrum, Hann window) and, with --t60-from, a reverb T60 fitted to the decay of the tail.
Both channels are pooled (energy of L and R summed per frame, as one signal).
"""
import argparse
import cmath
import json
import math
import struct
import sys


def read_wav(path):
    """Returns (rate, [left samples], [right samples]) as floats; mono files give the same list twice."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a RIFF/WAVE file")
    pos, fmt, frames = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            tag, ch, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE:  # WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes are the tag
                tag = struct.unpack("<H", body[24:26])[0]
            fmt = (tag, ch, rate, bits)
        elif cid == b"data":
            frames = body
        pos += 8 + size + (size & 1)
    if fmt is None or frames is None:
        raise ValueError(f"{path}: no fmt or data chunk")
    tag, ch, rate, bits = fmt
    width = bits // 8
    n = len(frames) // (width * ch)
    if tag == 3 and bits == 32:
        vals = struct.unpack(f"<{n * ch}f", frames[:n * ch * 4])
    elif tag == 3 and bits == 64:
        vals = struct.unpack(f"<{n * ch}d", frames[:n * ch * 8])
    elif tag == 1 and bits == 16:
        vals = [v / 32768.0 for v in struct.unpack(f"<{n * ch}h", frames[:n * ch * 2])]
    elif tag == 1 and bits == 32:
        vals = [v / 2147483648.0 for v in struct.unpack(f"<{n * ch}i", frames[:n * ch * 4])]
    elif tag == 1 and bits == 24:
        vals = []
        for i in range(n * ch):
            b = frames[3 * i:3 * i + 3]
            vals.append(int.from_bytes(b, "little", signed=True) / 8388608.0)
    else:
        raise ValueError(f"{path}: unsupported sample format (tag {tag}, {bits} bits)")
    left = list(vals[0::ch])
    right = list(vals[1::ch]) if ch > 1 else left
    return rate, left, right


def db(x):
    return 10.0 * math.log10(x) if x > 1e-30 else -300.0


def fft(a):
    """In-place iterative radix-2 FFT of a list of complex numbers (length a power of two)."""
    n = len(a)
    j = 0
    for i in range(1, n):
        bit = n >> 1
        while j & bit:
            j ^= bit
            bit >>= 1
        j |= bit
        if i < j:
            a[i], a[j] = a[j], a[i]
    size = 2
    while size <= n:
        w = cmath.exp(-2j * math.pi / size)
        half = size // 2
        tw = [w ** k for k in range(half)]
        for start in range(0, n, size):
            for k in range(half):
                u = a[start + k]
                v = a[start + k + half] * tw[k]
                a[start + k] = u + v
                a[start + k + half] = u - v
        size *= 2
    return a


THIRD_OCTAVES = [25 * 2 ** (k / 3) for k in range(0, 29)]  # 25 Hz .. 16 kHz centres (base-2 thirds)


def band_levels(power_frames, rate, nfft=4096):
    """1/3-octave band levels in dB (relative to full scale) from per-frame energies via Welch averaging."""
    hop = nfft // 2
    win = [0.5 - 0.5 * math.cos(2 * math.pi * i / nfft) for i in range(nfft)]
    wsum = sum(w * w for w in win)
    spec = [0.0] * (nfft // 2 + 1)
    count = 0
    for chan in power_frames:
        for start in range(0, max(1, len(chan) - nfft + 1), hop):
            seg = chan[start:start + nfft]
            seg = seg + [0.0] * (nfft - len(seg))
            out = fft([complex(seg[i] * win[i]) for i in range(nfft)])
            for k in range(nfft // 2 + 1):
                spec[k] += abs(out[k]) ** 2
            count += 1
    bands = []
    for fc in THIRD_OCTAVES:
        lo, hi = fc * 2 ** (-1 / 6), fc * 2 ** (1 / 6)
        e = sum(spec[k] for k in range(nfft // 2 + 1) if lo <= k * rate / nfft < hi)
        bands.append(round(db(e / max(count, 1) / wsum / nfft * 2), 2))
    return bands


def analyze(path, slice_s=0.1, slices=20, t60_from=None, bands=True):
    rate, left, right = read_wav(path)
    n = len(left)
    energy = [left[i] * left[i] + right[i] * right[i] for i in range(n)]
    thr = 10 ** (-80 / 20)
    onset = next((i for i in range(n) if abs(left[i]) > thr or abs(right[i]) > thr), None)
    res = {"file": path, "rate": rate, "frames": n}
    if onset is None:
        res["silent"] = True
        return res
    peak = max(max(abs(v) for v in left[onset:]), max(abs(v) for v in right[onset:]))
    w = max(1, int(round(0.01 * rate)))  # 10 ms windows
    env = []
    for s in range(onset, n, w):
        seg = energy[s:s + w]
        env.append(sum(seg) / (2 * len(seg)))
    top = max(env)
    last = max(i for i, e in enumerate(env) if db(e) >= db(top) - 60)
    length_frames = min(n - onset, (last + 1) * w)
    body = energy[onset:onset + length_frames]
    res.update({
        "onset_s": round(onset / rate, 5),
        "peak_db": round(20 * math.log10(peak), 2),
        "rms_db": round(db(sum(body) / (2 * len(body))), 2),
        "length_s": round(length_frames / rate, 4),
    })
    sw = int(round(slice_s * rate))
    res["slice_s"] = slice_s
    res["envelope_db"] = []
    for k in range(slices):
        seg = energy[onset + k * sw:onset + (k + 1) * sw]
        if not seg:
            break
        res["envelope_db"].append(round(db(sum(seg) / (2 * len(seg))), 2))
    if t60_from is not None:
        res["t60_s"] = t60(env, w / rate, t60_from)
    if bands:
        res["bands_hz"] = [round(f, 1) for f in THIRD_OCTAVES]
        res["bands_db"] = band_levels([left[onset:onset + length_frames], right[onset:onset + length_frames]], rate)
    return res


def t60(env, dt, start_s, span_db=30.0):
    """T60 from a least-squares line through the 10 ms envelope (dB) from start_s until it has fallen span_db."""
    i0 = int(round(start_s / dt))
    if i0 >= len(env):
        return None
    e0 = db(env[i0])
    xs, ys = [], []
    for i in range(i0, len(env)):
        y = db(env[i])
        if y < e0 - span_db:
            break
        xs.append(i * dt)
        ys.append(y)
    if len(xs) < 3:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx
    return round(-60.0 / slope, 3) if slope < 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wav", nargs="+")
    ap.add_argument("--slice", type=float, default=0.1, help="envelope slice length in seconds (0.1)")
    ap.add_argument("--slices", type=int, default=20, help="envelope slices to report (20)")
    ap.add_argument("--t60-from", type=float, help="fit the reverb decay from this many seconds after the onset")
    ap.add_argument("--no-bands", action="store_true", help="skip the 1/3-octave bands (the slow part)")
    ap.add_argument("--json", action="store_true", help="one JSON object per file instead of text")
    a = ap.parse_args()
    for path in a.wav:
        r = analyze(path, a.slice, a.slices, a.t60_from, not a.no_bands)
        if a.json:
            print(json.dumps(r))
            continue
        print(path)
        if r.get("silent"):
            print("  silent")
            continue
        print(f"  onset {r['onset_s']} s  peak {r['peak_db']} dB  level {r['rms_db']} dB RMS  length {r['length_s']} s")
        if "t60_s" in r:
            print(f"  T60 {r['t60_s']} s (fit from {a.t60_from} s)")
        print(f"  envelope ({a.slice} s slices, dB RMS): {' '.join(str(v) for v in r['envelope_db'])}")
        if "bands_db" in r:
            print("  1/3-octave bands (Hz:dB): " +
                  " ".join(f"{f:g}:{v}" for f, v in zip(r["bands_hz"], r["bands_db"])))


if __name__ == "__main__":
    sys.exit(main())
