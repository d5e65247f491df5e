#!/usr/bin/env bash
# Makes the pictures of docs/tutorial.md from docs/pictures/*.ph with the project's own tools:
#   NAME.svg  `phonon query NAME.ph --cycles 2 --svg`        (piano roll / drum grid)
#   NAME.png  `phonon render NAME.ph --cycles 2 --spectrogram` (what it sounds like)
#   scripts/make-doc-pictures.sh [BUILD_DIR=build]
set -euo pipefail
cd "$(dirname "$0")/.."
phonon=${1:-build}/phonon
tmp=$(mktemp -d /tmp/phonon-pictures.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for ph in docs/pictures/*.ph; do
  name=${ph%.ph}
  "$phonon" query "$ph" --cycles 2 --svg "$name.svg"
  "$phonon" render "$ph" -o "$tmp/out.wav" --cycles 2 --spectrogram "$name.png" >/dev/null
  echo "wrote $name.svg $name.png"
done
