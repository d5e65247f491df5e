#!/bin/bash
# Records SuperDirt (SuperCollider 3.13 + sc3-plugins, the SuperDirt quark in the user Extensions folder) playing
# every case of cases.txt, headless on a private JACK dummy server, then measures the recordings:
#   tests/data/superdirt-synths/record.sh WAV_DIR   (from the repository root, after building superdirt_measure)
# SuperDirt listens on 57150 and scsynth on 57230 (free ports, so other SuperDirt instances can run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wavs=$(mkdir -p "$1" && cd "$1" && pwd)
export JACK_DEFAULT_SERVER=${JACK_DEFAULT_SERVER:-phonon-synths}
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r 44100 -p 512 > "$wavs/jackd.log" 2>&1 &
jack=$!
trap 'kill $jack' EXIT
sleep 2
SD_CASES="$here/cases.txt" SD_WAVS="$wavs" timeout 900 sclang "$here/record.scd" > "$wavs/sclang.log" 2>&1
build/tests/superdirt_measure "$here/cases.txt" "$wavs" > "$here/measured.tsv"
