#!/usr/bin/env bash
# Runs a command with a JACK dummy server (44.1 kHz, 512-frame periods) running, e.g.
#   scripts/jack-test.sh build/phonon_tests --gtest_filter='Live*'
# Starts jackd in the background (no sound card needed), waits until it answers, runs the command, then stops
# the server it started. If a JACK server is already running it is used as is and left alone.
# Exit status: the command's, or 77 if no server could be started.
set -u
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
export JACK_NO_AUDIO_RESERVATION=1
export JACK_NO_START_SERVER=1
JACK_RATE=${JACK_RATE:-44100}
JACK_PERIOD=${JACK_PERIOD:-512}
# Eight playback ports, so that multichannel tests (`--channels`) have somewhere to play; stereo uses the first two.
JACK_PLAYBACK=${JACK_PLAYBACK:-8}

jack_up() { timeout 2 jack_lsp >/dev/null 2>&1; }

started_pid=""
log=""
# Starts jackd with the given extra server options; succeeds once jack_lsp answers.
start_jackd() {
  log=$(mktemp -t phonon-jackd.XXXXXX)
  jackd "$@" -d dummy -r "$JACK_RATE" -p "$JACK_PERIOD" -P "$JACK_PLAYBACK" >"$log" 2>&1 &
  started_pid=$!
  for _ in $(seq 1 50); do
    if jack_up; then return 0; fi
    if ! kill -0 "$started_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  kill "$started_pid" 2>/dev/null
  wait "$started_pid" 2>/dev/null
  started_pid=""
  return 1
}

if ! jack_up; then
  # Real-time scheduling gives the dummy driver steady periods; without the permission, run without it.
  if ! start_jackd --realtime && ! start_jackd --no-realtime; then
    echo "$0: could not start jackd; its output:" >&2
    cat "$log" >&2
    rm -f "$log"
    exit 77
  fi
fi

stop_jack() {
  if [ -n "$started_pid" ]; then
    kill "$started_pid" 2>/dev/null
    for _ in $(seq 1 30); do
      kill -0 "$started_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$started_pid" 2>/dev/null
    wait "$started_pid" 2>/dev/null
  fi
  [ -n "$log" ] && rm -f "$log"
}
trap stop_jack EXIT INT TERM

"$@"
status=$?
exit $status
