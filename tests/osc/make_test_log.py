#!/usr/bin/env python3
"""Turns a raw recording of record_packets.py into a test packet log: `start` becomes the wall time of cycle 0
(the first /dirt/play's timetag minus cycle / cps), so that `phonon dirt --replay` lines its onsets up with
`phonon render` of the same pattern.

usage: make_test_log.py RAW.log SCRIPT.ghci OUT.log
"""
import struct
import sys

raw, script, out = sys.argv[1:4]
rows = []
for line in open(raw):
    if line.startswith("#") or not line.strip():
        continue
    a, b = line.split()
    if a != "start":
        rows.append((float(a), bytes.fromhex(b)))


def play_time(d):
    """(timetag in Unix seconds, message) of a /dirt/play packet, or None."""
    if d.startswith(b"#bundle"):
        sec, frac = struct.unpack(">II", d[8:16])
        return sec - 2208988800 + frac / 2**32, d[20:]
    if d.startswith(b"/dirt/play"):  # Tidal's MessageStamp: int32 seconds and microseconds first
        tags_end = d.index(b"\0", d.index(b","))
        off = (tags_end + 4) & ~3
        s, us = struct.unpack(">ii", d[off:off + 8])
        return s + us * 1e-6, d
    return None


def control(m, name):
    i = m.find(name.encode() + b"\0")
    off = (i + len(name) + 4) & ~3
    return struct.unpack(">f", m[off:off + 4])[0]


first = next(p for p in (play_time(d) for _, d in rows) if p)
start = first[0] - control(first[1], "cycle") / control(first[1], "cps")
with open(out, "w") as f:
    f.write("# phonon packet log: what real Tidal 1.7.10 (Debian libghc-tidal-dev) sent to UDP 57120, made with\n")
    f.write("#   tests/osc/record_packets.py 57120 9 RAW.log &  ghci -v0 < %s\n" % script)
    f.write("#   tests/osc/make_test_log.py RAW.log %s %s\n" % (script, out))
    f.write("# `start` is the wall time of cycle 0, so the onsets line up with `phonon render` of the pattern.\n")
    f.write("start %.6f\n" % start)
    for t, d in rows:
        f.write("%.6f %s\n" % (t, d.hex()))
