#!/usr/bin/env bash
# Records SuperDirt (stock SuperCollider + SuperDirt, on its own JACK dummy server) playing each case of a cases
# file to <out>/<case>.wav. Usage: tools/superdirt/record.sh CASES OUTDIR [SAMPLES]
# Environment: DIRTREF_PORT (SuperDirt OSC port, 57140), DIRTREF_SCPORT (scsynth port, 57220).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cases=$(realpath "$1")
out=$(realpath -m "$2")
samples=$(realpath "${3:-$here/../../../shared/samples}")
mkdir -p "$out"
export JACK_DEFAULT_SERVER=phonon-dirtref-$$
export JACK_NO_AUDIO_RESERVATION=1
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
export DIRTREF_CASES=$cases DIRTREF_OUT=$out DIRTREF_SAMPLES=$samples
export DIRTREF_PORT=${DIRTREF_PORT:-57140} DIRTREF_SCPORT=${DIRTREF_SCPORT:-57220}
jackd -d dummy -r 44100 -p 512 >"$out/jackd.log" 2>&1 &
jack_pid=$!
trap 'kill $jack_pid 2>/dev/null || true; wait $jack_pid 2>/dev/null || true' EXIT
sleep 2
# sclang exits itself when the last case is recorded; the timeout only guards against a hang.
n=$(grep -cv '^\s*\(#\|$\)' "$cases" || true)
timeout $((60 + n * 20)) sclang "$here/record.scd" >"$out/sclang.log" 2>&1 || {
  echo "sclang failed; see $out/sclang.log" >&2
  tail -20 "$out/sclang.log" >&2
  exit 1
}
grep -c '^dirtref: recorded' "$out/sclang.log" | sed 's/$/ cases recorded/'
