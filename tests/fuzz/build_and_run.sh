#!/usr/bin/env bash
# Builds the .ph front-end libFuzzer target with ASan+UBSan and runs it for a bounded time.
#   tests/fuzz/build_and_run.sh [seconds=60] [extra libFuzzer args...]
# Exits non-zero if the fuzzer finds a crash, leak, sanitizer error or timeout (crash inputs are written to
# $PHONON_FUZZ_DIR/artifacts/). Needs clang++ with libFuzzer.
set -euo pipefail

SECONDS_TO_RUN="${1:-60}"
shift || true
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${PHONON_FUZZ_DIR:-${TMPDIR:-/tmp}/phonon-parser-fuzz}"
CXX="${CXX_FUZZ:-clang++}"

mkdir -p "$WORK/corpus" "$WORK/seeds" "$WORK/artifacts"

echo "building parser_fuzz in $WORK ..."
"$CXX" -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$ROOT" \
  "$HERE/parser_fuzz.cpp" \
  "$ROOT/compiler/source.cpp" "$ROOT/compiler/diagnostics.cpp" "$ROOT/compiler/lexer.cpp" \
  "$ROOT/compiler/parser.cpp" "$ROOT/compiler/ast_print.cpp" \
  -o "$WORK/parser_fuzz"

# Seeds: every example program, the golden inputs, and each conformance case's Tidal expression.
for f in "$ROOT"/tests/programs/*.ph "$ROOT"/tests/golden/ast/*.ph; do
  [ -f "$f" ] && cp "$f" "$WORK/seeds/$(basename "$f")"
done
if [ -f "$ROOT/tests/conformance/cases.json" ]; then
  i=0
  grep -o '"tidal": *"\([^"\\]\|\\.\)*"' "$ROOT/tests/conformance/cases.json" | sed 's/^"tidal": *"//; s/"$//; s/\\"/"/g' |
    while IFS= read -r line; do
      i=$((i + 1))
      printf '%s' "$line" > "$WORK/seeds/case_$i.txt"
    done
fi

# A dictionary of the language's tokens helps the fuzzer reach deep syntax.
cat > "$WORK/ph.dict" <<'DICT'
"tempo:"
"cps:"
"bpm:"
"out:"
"o1:"
"d1 $"
"hush"
"~a"
"$"
"#"
"."
"<~"
"~>"
"|+|"
"|+"
"+|"
"~+"
"--"
"{-"
"-}"
"("
")"
"["
"]"
","
":mix"
"\""
"-1"
"0.25"
"1e3"
"\x0A  "
"\x0A"
"\x09"
DICT

echo "fuzzing for ${SECONDS_TO_RUN}s ..."
"$WORK/parser_fuzz" "$WORK/corpus" "$WORK/seeds" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -dict="$WORK/ph.dict" -artifact_prefix="$WORK/artifacts/" -print_final_stats=1 "$@" || {
  status=$?
  echo "FUZZER FOUND A PROBLEM (exit $status); reproducer in $WORK/artifacts/" >&2
  exit "$status"
}
echo "fuzzing finished without findings"
