#!/usr/bin/env bash
# Ableton Link, end to end, with no traffic leaving the machine: in a private network namespace (`unshare -rn`,
# loopback up with multicast) a JACK dummy server, `phonon repl --link` and a small Link peer
# (tests/tools/link_peer.cpp) run together. Checks:
# - tempo: one second after the peer sets 130 bpm, Phonon's cycles last 4 beats at 130 bpm (within 1 ms);
# - phase: each of Phonon's cycle starts (`--link-log`: the Link time at which it is heard, block time plus the
#   output latency) lies within 1 ms of one of the peer's bar starts (quantum 4, on its own Link timeline);
# - `setcps 0.6` in Phonon reaches the peer as 144 bpm, and Phonon's cycles align again after it;
# - start/stop sync: the peer starts the transport, and Phonon's count restarts at 0 on the bar it starts from;
# - `resetCycles` restarts the count at 0 on one of the peer's bars (the session's next bar);
# - Phonon stays within its audio budget (the live tests' rule: tests/live/live_support.hpp within_budget), and
#   its summary says `link peers: 1, bpm: 144.00`.
# usage: tests/live/link_sync.sh build/phonon build/tests/link_peer      (about 20 s; exit 77: skipped)
set -u
phonon=$(realpath "${1:-build/phonon}")
peer=$(realpath "${2:-build/tests/link_peer}")
here=$(cd "$(dirname "$0")/../.." && pwd)

case "${PHONON_LINK_STAGE:-}" in
"")
  if ! command -v unshare >/dev/null || ! unshare -rn true 2>/dev/null; then
    echo "link_sync: skipped: no private network namespace here (unshare -rn is not allowed)"
    exit 77
  fi
  if ! command -v jackd >/dev/null; then
    echo "link_sync: skipped: no jackd"
    exit 77
  fi
  exec unshare -rn env PHONON_LINK_STAGE=netns bash "$0" "$phonon" "$peer"
  ;;
netns)
  # Link finds peers by multicast: loopback must carry it.
  ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || {
    echo "link_sync: skipped: cannot set up multicast on loopback in the namespace"
    exit 77
  }
  export JACK_DEFAULT_SERVER=phonon-link-sync
  exec env PHONON_LINK_STAGE=run bash "$here/scripts/jack-test.sh" bash "$0" "$phonon" "$peer"
  ;;
esac

dir=$(mktemp -d -t phonon-link-sync.XXXXXX)
pid=""
peer_pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  [ -n "$peer_pid" ] && kill -9 "$peer_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "link_sync: FAIL: $*" >&2
  echo "--- phonon's stderr:" >&2
  cat "$dir/err.txt" >&2
  echo "--- phonon's --link-log:" >&2
  cat "$dir/phonon.log" >&2
  echo "--- the peer's log:" >&2
  cat "$dir/peer.log" >&2
  exit 1
}

mkfifo "$dir/in"
"$phonon" repl --api jack --link --link-log "$dir/phonon.log" --duration 14 <"$dir/in" >"$dir/out.txt" \
  2>"$dir/err.txt" &
pid=$!
exec 3>"$dir/in"
for _ in $(seq 1 100); do
  grep -q "phonon live: playing" "$dir/err.txt" && break
  kill -0 "$pid" 2>/dev/null || fail "phonon repl exited at start"
  sleep 0.1
done
printf 'd1 $ s "bd"\n\n' >&3
# The peer outlives Phonon (so that Phonon's summary counts it) and is stopped after it.
"$peer" --bpm 130 --quantum 4 --seconds 30 --play-after 3 --log "$dir/peer.log" &
peer_pid=$!
sleep 6.5
printf 'setcps 0.6\n\n' >&3
sleep 3
printf 'resetCycles\n\n' >&3
exec 3>&-
wait "$pid" || fail "phonon repl exited with $?"
pid=""
kill -0 "$peer_pid" 2>/dev/null || fail "the Link peer ended early"
kill "$peer_pid"
wait "$peer_pid" 2>/dev/null
peer_pid=""
[ "$(grep -c '^ok$' "$dir/out.txt")" -eq 3 ] || fail "want three \`ok\` replies, got: $(cat "$dir/out.txt")"

python3 - "$dir/phonon.log" "$dir/peer.log" "$dir/err.txt" <<'PY' || fail "see above"
import re, sys
phonon = [l.split() for l in open(sys.argv[1])]
peer = [l.split() for l in open(sys.argv[2])]
err = open(sys.argv[3]).read()
cycles = [(int(p[1]), float(p[3]), float(p[5])) for p in phonon if p and p[0] == 'cycle']
bars = [float(p[3]) for p in peer if p and p[0] == 'bar']
set_at = [float(p[3]) for p in peer if p and p[0] == 'set']
ok = True
def bad(msg):
    global ok
    ok = False
    print('link_sync: ' + msg)
if not set_at or not bars or len(cycles) < 4:
    bad('too little in the logs (%d cycle starts, %d bars)' % (len(cycles), len(bars)))
    sys.exit(1)
t_set = set_at[0]
t_144 = min([t for (_, t, b) in cycles if abs(b - 144) < 1e-6] or [float('inf')])
# Tempo: from 1 s after the peer set 130 bpm until Phonon's own change, cycles are 4 beats at 130 bpm.
spans = [(b[1] - a[1]) for a, b in zip(cycles, cycles[1:])
         if a[1] >= t_set + 1e6 and b[1] < t_144 and b[0] == a[0] + 1]
if not spans:
    bad('no whole cycle at 130 bpm was logged')
for s in spans:
    if abs(s - 4 * 60e6 / 130) > 1000:
        bad('a cycle at 130 bpm lasted %.1f µs, want %.1f' % (s, 4 * 60e6 / 130))
# Phase: every cycle start from 1 s after the peer's tempo (and 2.5 s after Phonon's change) is on a bar.
checked = 0
for k, t, b in cycles:
    if t < t_set + 1e6 or (t_144 <= t < t_144 + 2.5e6) or t > bars[-1]:
        continue
    off = min(abs(t - bt) for bt in bars)
    checked += 1
    if off > 1000:
        bad('cycle %d starts %.1f µs from the nearest bar of the peer (want <= 1000)' % (k, off))
if checked < 3:
    bad('only %d cycle starts could be compared with bars' % checked)
# The peer's play (start/stop sync), then resetCycles: each restarted the count at 0 on one of the peer's bars,
# the first at or after the transport's start.
restarts = [(k, t) for (k, t, b), prev in zip(cycles[1:], cycles) if k == 0 and prev[0] > 0]
play = [float(p[2]) for p in peer if p and p[0] == 'play']
if len(restarts) != 2 or not play:
    bad('want two restarts of the count (the peer\'s play, resetCycles), got %d' % len(restarts))
else:
    if restarts[0][1] < play[0] - 1000:
        bad('the count restarted %.1f µs before the transport started' % (play[0] - restarts[0][1]))
    for (k, t), why in zip(restarts, ('the peer\'s play', 'resetCycles')):
        off = min(abs(t - bt) for bt in bars)
        if off > 1000:
            bad('after %s, cycle 0 starts %.1f µs from the nearest bar' % (why, off))
# Phonon's tempo reached the peer.
if not any(p and p[0] == 'tempo' and abs(float(p[1]) - 144) < 1e-3 for p in peer):
    bad('`setcps 0.6` (144 bpm) did not reach the peer')
if 'link peers: 1, bpm: 144.00' not in err:
    bad('no `link peers: 1, bpm: 144.00` in the summary')
# The live tests' budget rule.
def figure(key):
    m = list(re.finditer(re.escape(key) + r'([0-9.]+)', err))
    return float(m[-1].group(1)) if m else None
played, p99, late = figure('played '), figure(' p99 '), figure('late buffers ')
if played is None or p99 is None or late is None:
    bad('no load figures in the summary')
else:
    if p99 >= 50:
        bad('99th percentile load %.1f%%' % p99)
    if late > max(1, played // 10):
        bad('%d late buffers in %.1f s' % (late, played))
if not ok:
    sys.exit(1)
for k, t, b in cycles: print('  cycle %d off %.0f' % (k, min(abs(t - bt) for bt in bars)))
print('link_sync: ok (%d cycles at 130 bpm, %d cycle starts on bars, worst %.0f µs; tempo from Phonon reached the peer)'
      % (len(spans), checked, max(min(abs(t - bt) for bt in bars) for k, t, b in cycles
                                  if t_set + 1e6 <= t <= bars[-1] and not (t_144 <= t < t_144 + 2.5e6))))
PY
