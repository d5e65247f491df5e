#!/usr/bin/env bash
# Ctrl-C stops `phonon live` within a second while the JACK server is stalled (SIGSTOP), both soon after the
# stall and after live mode has noticed the lost stream and is blocked trying to reconnect. Starts its own
# dummy-driver server under a private name, so no other JACK client is disturbed.
#   tests/live/live_stall.sh build/phonon        (about 15 s; exit 77 if jackd cannot start)
set -u
phonon=$(realpath "${1:-build/phonon}")
export JACK_DEFAULT_SERVER=phonon-stall-$$
export JACK_NO_AUDIO_RESERVATION=1
export JACK_NO_START_SERVER=1
dir=$(mktemp -d -t phonon-live-stall.XXXXXX)
jackd_pid=""
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  if [ -n "$jackd_pid" ]; then
    kill -CONT "$jackd_pid" 2>/dev/null
    kill "$jackd_pid" 2>/dev/null
    sleep 0.3
    kill -9 "$jackd_pid" 2>/dev/null
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "live_stall: FAIL: $*" >&2
  cat "$dir/err.txt" >&2 2>/dev/null
  exit 1
}

start_jackd() {
  jackd --no-realtime -d dummy -r 44100 -p 512 >"$dir/jackd.log" 2>&1 &
  jackd_pid=$!
  for _ in $(seq 1 50); do
    timeout 2 jack_lsp >/dev/null 2>&1 && return 0
    kill -0 "$jackd_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "live_stall: could not start jackd; skipped" >&2
  exit 77
}

printf 'out: sine 220 * 0.2\n' > "$dir/song.ph"
# One round: stall the server, wait `stall_wait` seconds, Ctrl-C, and measure how long phonon takes to exit.
round() {
  local stall_wait=$1
  start_jackd
  "$phonon" live "$dir/song.ph" --api jack --record "$dir/rec.wav" 2> "$dir/err.txt" > /dev/null &
  pid=$!
  for _ in $(seq 1 50); do grep -q "playing" "$dir/err.txt" 2>/dev/null && break; sleep 0.1; done
  grep -q "playing" "$dir/err.txt" || fail "phonon live did not start"
  sleep 1
  kill -STOP "$jackd_pid"
  sleep "$stall_wait"
  kill -0 "$pid" 2>/dev/null || fail "phonon live exited during the stall"
  local t0 t1 rc
  t0=$(date +%s.%N)
  kill -INT "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  t1=$(date +%s.%N)
  kill -0 "$pid" 2>/dev/null && fail "still running 2.5 s after Ctrl-C (stall of ${stall_wait} s)"
  wait "$pid"
  rc=$?
  pid=""
  python3 -c "import sys; sys.exit(0 if $t1 - $t0 < 1.0 else 1)" ||
    fail "Ctrl-C took $(python3 -c "print('%.2f' % ($t1 - $t0))") s (stall of ${stall_wait} s)"
  grep -q "underruns:" "$dir/err.txt" || fail "no summary after Ctrl-C (stall of ${stall_wait} s)"
  grep -q "phonon live: recorded" "$dir/err.txt" || fail "the recording was not committed (stall of ${stall_wait} s)"
  echo "live_stall: Ctrl-C after a ${stall_wait} s stall: exit $rc in $(python3 -c "print('%.2f' % ($t1 - $t0))") s"
  kill -CONT "$jackd_pid"
  kill "$jackd_pid"
  wait "$jackd_pid" 2>/dev/null
  jackd_pid=""
}
round 0.5   # before live mode notices
round 4     # while it is reconnecting (it notices after 2 s without callbacks)
echo "live_stall: ok"
