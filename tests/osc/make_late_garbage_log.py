#!/usr/bin/env python3
"""Derives tests/osc/data/late_garbage.log from tidal_bundle.log: the 2nd and 4th /dirt/play bundles arrive 50 ms
after their timetag (late: they must play at once and be counted), and eight hostile packets are mixed in (they
must be dropped with a log line, and change nothing else).

usage: make_late_garbage_log.py tidal_bundle.log OUT.log
"""
import struct
import sys


def pad(b):
    b += b"\0"
    return b + b"\0" * (-len(b) % 4)


def msg(address, tags, *args):
    out = pad(address.encode()) + pad(("," + tags).encode())
    for t, a in zip(tags, args):
        if t == "s":
            out += pad(a.encode())
        elif t == "f":
            out += struct.pack(">f", a)
        elif t == "i":
            out += struct.pack(">i", a)
        elif t == "b":
            out += struct.pack(">i", len(a)) + a + b"\0" * (-len(a) % 4)
    return out


src, out = sys.argv[1:3]
header, start, rows = [], None, []
for line in open(src):
    if line.startswith("#"):
        continue
    a, b = line.split()
    if a == "start":
        start = float(b)
    else:
        rows.append([float(a), bytes.fromhex(b)])
plays = [r for r in rows if r[1].startswith(b"#bundle")]
for k in (1, 3):
    sec, frac = struct.unpack(">II", plays[k][1][8:16])
    plays[k][0] = sec - 2208988800 + frac / 2**32 + 0.05
garbage = [
    b"\xff" * 7,                                                   # not OSC at all
    b"#bundle\0" + b"\0" * 8 + struct.pack(">i", 4000),            # a bundle element longer than the packet
    msg("/dirt/play", "sf", "n", 1.0),                             # no sound
    msg("/dirt/play", "sfs", "n", 1.0, "s"),                       # not name-value pairs
    msg("/dirt/play", "sssfsb", "s", "bd", "n", 1.0, "blob", b"xyz"),  # a type SuperDirt controls do not take
    msg("/dirt/play", "sssfsf", "s", "bd", "orbit", 1e30, "n", 1.0)[:-4],  # truncated
    msg("/dirt/play", "sssfsf", "s", "bd", "orbit", 1e30, "n", 1.0),  # a number no control can use
    msg("/not/dirt", "i", 1),                                      # an address SuperDirt does not have
]
t0 = rows[0][0]
rows += [[t0 + 0.01 * (i + 1), g] for i, g in enumerate(garbage)]
rows.sort(key=lambda r: r[0])
with open(out, "w") as f:
    f.write("# phonon packet log derived from %s by tests/osc/make_late_garbage_log.py:\n" % src.split("/")[-1])
    f.write("# the 2nd and 4th events arrive 50 ms late; 8 hostile packets are mixed in.\n")
    f.write("start %.6f\n" % start)
    for t, d in rows:
        f.write("%.6f %s\n" % (t, d.hex()))
