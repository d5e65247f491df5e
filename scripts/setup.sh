#!/usr/bin/env bash
# The two set-up commands of README.md. Each configures its own build folder with explicit options every time,
# so they work on a bare clone, in either order, and again.
#   scripts/setup.sh demo          install dependencies, build phonon (Release) in build/, render
#                                  examples/demo.ph to demo.wav
#   scripts/setup.sh test [--fast] install dependencies, build phonon, the tests and the benchmarks (Release with
#                                  assertions) in build-test/, run every test; --fast skips the long runs
#                                  (bounded fuzzing, sanitizer builds) and the benchmarks' build
# Set PHONON_SKIP_DEPS=1 to skip the package step (e.g. without root, when the packages are known to be there).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
mode=${1:-}
fast=0
[ "${2:-}" = "--fast" ] && fast=1

# ccache (when installed) makes a second configuration of the same sources, and CI's repeated builds, cheap.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
deps() { [ "${PHONON_SKIP_DEPS:-0}" = 1 ] || bash scripts/install-deps.sh; }

case "$mode" in
  demo)
    deps
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPHONON_ASSERTS=OFF -DPHONON_TESTS=OFF -DPHONON_BENCH=OFF \
      "${launcher[@]}" >/dev/null
    cmake --build build -j"$jobs" --target phonon
    ./build/phonon render examples/demo.ph -o demo.wav --cycles 8
    echo "demo: wrote $root/demo.wav"
    ;;
  test)
    deps
    bench=ON
    [ "$fast" = 1 ] && bench=OFF
    cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Release -DPHONON_ASSERTS=ON -DPHONON_TESTS=ON -DPHONON_BENCH=$bench \
      "${launcher[@]}" >/dev/null
    cmake --build build-test -j"$jobs"
    PHONON_FAST=$fast bash scripts/run-tests.sh build-test
    ;;
  *)
    echo "usage: scripts/setup.sh demo | scripts/setup.sh test [--fast]" >&2
    exit 2
    ;;
esac
