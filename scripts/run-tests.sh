#!/usr/bin/env bash
# Runs every test suite against an existing build folder (default: build-test, as `scripts/setup.sh test` makes it).
# PHONON_FAST=1 skips the long runs (bounded fuzzing and sanitizer builds); steps added here that take minutes
# should honour it too.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-test}
fast=${PHONON_FAST:-0}
status=0

if [ ! -x "$build/tests/phonon_tests" ]; then
  echo "run-tests: $build/tests/phonon_tests is missing: build with scripts/setup.sh test" >&2
  exit 1
fi

echo "== unit, golden, render, conformance and CLI tests (ctest)"
(cd "$build" && ctest --output-on-failure -j2 --timeout 600) || status=1

if [ -x scripts/jack-test.sh ]; then
  live_tests='LiveJack*'
  if [ "$fast" = 1 ]; then  # the soaks take minutes: fast mode leaves them out
    live_tests='LiveJack*:-*Soak*'
    echo "== fast mode: the live soaks are skipped"
  fi
  echo "== live tests through JACK's dummy driver"
  # A virtual machine can be descheduled for a few milliseconds, which JACK's dummy driver counts as an xrun even
  # though no block of ours was late (the same spikes show with earlier builds). A live test that fails is run
  # once more on its own; it must pass then, and the first failure stays in the log.
  live_log=$(mktemp)
  rc=0; bash scripts/jack-test.sh "$build/tests/phonon_tests" --gtest_filter="$live_tests" 2>&1 | tee "$live_log" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    failed=$(sed -n 's/^\[  FAILED  \] \([A-Za-z0-9_.]*\) (.*/\1/p' "$live_log" | paste -sd: -)
    if [ -n "$failed" ]; then
      echo "== live tests failed once ($failed); running them again"
      bash scripts/jack-test.sh "$build/tests/phonon_tests" --gtest_filter="$failed" || status=1
    else
      status=1
    fi
  fi
  rm -f "$live_log"
  echo "== live mode under faults (crashing, hanging, huge and truncated edits) through JACK's dummy driver"
  rc=0; bash scripts/jack-test.sh tests/live/live_faults.sh "$build/phonon" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then  # as above: once more, and it must pass then
    echo "== live mode under faults failed once; running it again"
    rc=0; bash scripts/jack-test.sh tests/live/live_faults.sh "$build/phonon" || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || status=1
  fi
  echo "== Ctrl-C while the JACK server is stalled"
  rc=0; bash tests/live/live_stall.sh "$build/phonon" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || status=1
fi

# Sanitizer builds of the unit and live tests (scripts/sanitize-tests.sh), each a second full build: run when
# PHONON_SANITIZER_TESTS names them ("asan", "tsan" or "asan tsan"); fast mode skips them.
if [ "$fast" = 1 ]; then
  echo "== fast mode: sanitizer builds skipped"
elif [ -z "${PHONON_SANITIZER_TESTS:-}" ]; then
  echo "== sanitizer builds skipped (set PHONON_SANITIZER_TESTS=\"asan tsan\" to run them)"
elif command -v clang++-14 >/dev/null; then
  for kind in ${PHONON_SANITIZER_TESTS}; do
    echo "== $kind: unit and live tests"
    start=$(date +%s)
    bash scripts/sanitize-tests.sh "$kind" || status=1
    echo "== $kind took $(( $(date +%s) - start )) s"
  done
fi

if [ "$fast" = 1 ]; then
  echo "== fast mode: bounded fuzzing skipped"
elif [ -x tests/fuzz/build_and_run.sh ] && command -v clang++ >/dev/null; then
  echo "== parser fuzzing (bounded)"
  bash tests/fuzz/build_and_run.sh "${PHONON_FUZZ_SECONDS:-60}" || status=1
  if [ -x tests/fuzz/build_and_run_query.sh ]; then
    echo "== pattern query fuzzing (bounded)"
    bash tests/fuzz/build_and_run_query.sh "${PHONON_FUZZ_SECONDS:-60}" || status=1
  fi
  if [ -x tests/fuzz/build_and_run_osc.sh ]; then
    echo "== OSC packet decoder fuzzing (bounded)"
    bash tests/fuzz/build_and_run_osc.sh "${PHONON_OSC_FUZZ_SECONDS:-30}" || status=1
  fi
fi
exit $status
