#!/usr/bin/env bash
# Runs every test suite against an existing build folder (default: build).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=$(cd .. && pwd)/shared
status=0

echo "== unit, golden, render and conformance tests (ctest)"
(cd "$build" && ctest --output-on-failure -j2 --timeout 600) || status=1

echo "== conformance through the CLI"
"$build/phonon" query --cases "$shared/conformance/cases.json" > "$build/conformance.json" || status=1
python3 "$shared/conformance/compare.py" "$shared/conformance/golden.json" "$build/conformance.json" --quiet || status=1

if [ -x scripts/jack-test.sh ]; then
  echo "== live tests through JACK's dummy driver"
  bash scripts/jack-test.sh "$build/tests/phonon_tests" --gtest_filter='LiveJack*' || status=1
  echo "== live mode under faults (crashing, hanging, huge and truncated edits) through JACK's dummy driver"
  rc=0; bash scripts/jack-test.sh tests/live/live_faults.sh "$build/phonon" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || status=1
  echo "== Ctrl-C while the JACK server is stalled"
  rc=0; bash tests/live/live_stall.sh "$build/phonon" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || status=1
fi

# Sanitizer builds of the unit and live tests (scripts/sanitize-tests.sh), each a second full build: run when
# PHONON_SANITIZER_TESTS names them ("asan", "tsan" or "asan tsan"); PHONON_FAST_TESTS=1 skips them.
if [ "${PHONON_FAST_TESTS:-0}" != 1 ] && [ -n "${PHONON_SANITIZER_TESTS:-}" ] && command -v clang++-14 >/dev/null; then
  for kind in ${PHONON_SANITIZER_TESTS}; do
    echo "== $kind: unit and live tests"
    start=$(date +%s)
    bash scripts/sanitize-tests.sh "$kind" || status=1
    echo "== $kind took $(( $(date +%s) - start )) s"
  done
fi

if [ -x tests/fuzz/build_and_run.sh ] && command -v clang++ >/dev/null; then
  echo "== parser fuzzing (bounded)"
  bash tests/fuzz/build_and_run.sh "${PHONON_FUZZ_SECONDS:-60}" || status=1
  if [ -x tests/fuzz/build_and_run_query.sh ]; then
    echo "== pattern query fuzzing (bounded)"
    bash tests/fuzz/build_and_run_query.sh "${PHONON_FUZZ_SECONDS:-60}" || status=1
  fi
fi
exit $status
