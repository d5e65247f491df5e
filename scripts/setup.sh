#!/usr/bin/env bash
# The two set-up commands of README.md.
#   scripts/setup.sh demo   install dependencies, build (Release), render examples/demo.ph to demo.wav
#   scripts/setup.sh test   install dependencies, build (Release + assertions), run every test
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
mode=${1:-}
case "$mode" in
  demo)
    bash scripts/install-deps.sh
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPHONON_TESTS=OFF -DPHONON_BENCH=OFF >/dev/null
    cmake --build build -j"$jobs" --target phonon
    ./build/phonon render examples/demo.ph -o demo.wav --cycles 8
    echo "demo: wrote $root/demo.wav"
    ;;
  test)
    bash scripts/install-deps.sh
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPHONON_ASSERTS=ON >/dev/null
    cmake --build build -j"$jobs"
    bash scripts/run-tests.sh build
    ;;
  *)
    echo "usage: scripts/setup.sh demo|test" >&2
    exit 2
    ;;
esac
