#!/usr/bin/env bash
# Runs every test suite against an existing build folder (default: build-test, as `scripts/setup.sh test` makes it).
# PHONON_FAST=1 skips the long runs (bounded fuzzing and sanitizer builds); steps added here that take minutes
# should honour it too.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-test}
fast=${PHONON_FAST:-0}
status=0
# What failed, printed again at the very end: CI keeps only the tail of a long log.
failures=()
failed() { status=1; failures+=("$1"); }

if [ ! -x "$build/tests/phonon_tests" ]; then
  echo "run-tests: $build/tests/phonon_tests is missing: build with scripts/setup.sh test" >&2
  exit 1
fi

echo "== formatting (scripts/check-format.sh)"
bash scripts/check-format.sh || failed "formatting: run scripts/check-format.sh --fix"

echo "== unit, golden, render, conformance and CLI tests (ctest)"
if ! (cd "$build" && ctest --output-on-failure -j2 --timeout 600); then
  list="$build/Testing/Temporary/LastTestsFailed.log"
  failed "ctest: $( [ -f "$list" ] && cut -d: -f2 "$list" | paste -sd' ' - )"
fi

if [ -x scripts/jack-test.sh ]; then
  # LiveJack* (live, repl, dirt), GearOut* (MIDI and OSC out) and GearIn* (MIDI in) need a server; under ctest alone they skip.
  live_tests='LiveJack*:GearOut*:GearIn*'
  if [ "$fast" = 1 ]; then  # the soaks take minutes: fast mode leaves them out
    live_tests='LiveJack*:GearOut*:GearIn*:-*Soak*'
    echo "== fast mode: the live soaks are skipped"
  fi
  echo "== live tests through JACK's dummy driver"
  # These tests run real processes against a real (dummy) server on a virtual machine whose host stalls it for
  # milliseconds now and then (docs/live.md). They judge Phonon by its own buffers, which such a stall rarely
  # moves; a live test that still fails is run once more on its own, must pass then, and its first failure stays
  # in the log.
  live_log=$(mktemp)
  rc=0; bash scripts/jack-test.sh "$build/tests/phonon_tests" --gtest_filter="$live_tests" 2>&1 | tee "$live_log" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    failed_tests=$(sed -n 's/^\[  FAILED  \] \([A-Za-z0-9_.]*\) (.*/\1/p' "$live_log" | paste -sd: -)
    if [ -n "$failed_tests" ]; then
      echo "== live tests failed once ($failed_tests); running them again"
      bash scripts/jack-test.sh "$build/tests/phonon_tests" --gtest_filter="$failed_tests" || failed "live tests, twice: $failed_tests"
    else
      failed "live tests (exit $rc, no test named as failed)"
    fi
  fi
  rm -f "$live_log"
  echo "== live mode under faults (crashing, hanging, huge and truncated edits) through JACK's dummy driver"
  rc=0; bash scripts/jack-test.sh tests/live/live_faults.sh "$build/phonon" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then  # as above: once more, and it must pass then
    echo "== live mode under faults failed once; running it again"
    rc=0; bash scripts/jack-test.sh tests/live/live_faults.sh "$build/phonon" || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || failed "live_faults.sh, twice (exit $rc)"
  fi
  echo "== Ableton Link: phonon repl --link and a Link peer in a private network namespace"
  rc=0; bash tests/live/link_sync.sh "$build/phonon" "$build/tests/link_peer" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then  # as above: once more, and it must pass then
    rc=0; bash tests/live/link_sync.sh "$build/phonon" "$build/tests/link_peer" || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || failed "link_sync.sh, twice (exit $rc)"
  fi
  echo "== Ctrl-C while the JACK server is stalled"
  rc=0; bash tests/live/live_stall.sh "$build/phonon" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || failed "live_stall.sh (exit $rc)"
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
    bash scripts/sanitize-tests.sh "$kind" || failed "sanitizer build $kind"
    echo "== $kind took $(( $(date +%s) - start )) s"
  done
fi

if [ "$fast" = 1 ]; then
  echo "== fast mode: bounded fuzzing skipped"
elif [ -x tests/fuzz/build_and_run.sh ] && command -v clang++ >/dev/null; then
  # libFuzzer prints thousands of progress lines: they go to a log, and only a failure's tail is shown.
  for fuzz in tests/fuzz/build_and_run*.sh; do
    name=$(basename "$fuzz" .sh)
    echo "== fuzzing (bounded): $name"
    fuzz_log=$(mktemp -t phonon-fuzz.XXXXXX)
    if bash "$fuzz" "${PHONON_FUZZ_SECONDS:-30}" >"$fuzz_log" 2>&1; then
      grep -E '^(stat::number_of_executed_units|fuzzing finished)' "$fuzz_log" || true
    else
      tail -n 60 "$fuzz_log"
      failed "fuzzer $name (its log's tail is above)"
    fi
    rm -f "$fuzz_log"
  done
fi

if [ "$status" -eq 0 ]; then
  echo "== run-tests: every suite passed"
else
  echo "== run-tests: FAILED"
  printf '   - %s\n' "${failures[@]}"
fi
exit $status
