#!/usr/bin/env python3
"""Records the UDP datagrams that arrive on a port as a packet log (runtime/osc/packet_log.hpp).

usage: record_packets.py PORT SECONDS OUT.log [COMMENT]
The log's `start` line is the time of the first datagram; edit it to choose what becomes frame 0.
"""
import socket
import sys
import time

port, seconds, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
comment = sys.argv[4] if len(sys.argv) > 4 else ""
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
sock.settimeout(0.1)
rows = []
end = time.time() + seconds
while time.time() < end:
    try:
        data, _ = sock.recvfrom(65536)
    except socket.timeout:
        continue
    rows.append((time.time(), data))
with open(out, "w") as f:
    f.write("# phonon packet log\n")
    for line in comment.splitlines():
        f.write("# " + line + "\n")
    f.write("start %.6f\n" % (rows[0][0] if rows else 0.0))
    for t, d in rows:
        f.write("%.6f %s\n" % (t, d.hex()))
print("recorded %d packets to %s" % (len(rows), out))
