#!/usr/bin/env bash
# Builds the well-typed Tidal libFuzzer target (tests/fuzz/typed_fuzz.cpp: the fuzzer's bytes drive the typed
# expression generator of tests/expr_gen/) with ASan+UBSan and runs it for a bounded time.
#   tests/fuzz/build_and_run_typed.sh [seconds=60] [extra libFuzzer args...]
# Exits non-zero if the fuzzer finds a crash, leak, sanitizer error, timeout (an input slower than 10 s) or memory
# blow-up (> 2 GB); reproducers are written to $PHONON_FUZZ_DIR/artifacts/. Needs clang++ with libFuzzer.
# Reproduce one input: "$PHONON_FUZZ_DIR/typed_fuzz" ARTIFACT (it prints nothing; the expression an input stands
# for is what TypedExprGen::control_pattern makes of ByteChoices over its bytes).
set -euo pipefail

SECONDS_TO_RUN="${1:-60}"
shift || true
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${PHONON_FUZZ_DIR:-${TMPDIR:-/tmp}/phonon-typed-fuzz}"
# shellcheck source=tests/fuzz/evaluator_objects.sh
. "$HERE/evaluator_objects.sh"

mkdir -p "$WORK/corpus" "$WORK/artifacts"
build_evaluator_fuzzer typed_fuzz "$ROOT/tests/expr_gen/typed_expr_gen.cpp" "$HERE/typed_fuzz.cpp"

echo "fuzzing for ${SECONDS_TO_RUN}s ..."
# Each choice of the generator reads one or two bytes; 512 bytes reach the generator's depth and size limits.
"$WORK/typed_fuzz" "$WORK/corpus" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=512 \
  -artifact_prefix="$WORK/artifacts/" -print_final_stats=1 "$@" || {
  status=$?
  echo "FUZZER FOUND A PROBLEM (exit $status); reproducer in $WORK/artifacts/" >&2
  exit "$status"
}
echo "fuzzing finished without findings"
