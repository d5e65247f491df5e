#!/usr/bin/env bash
# Builds the pattern-query libFuzzer target (tests/fuzz/query_fuzz.cpp) with ASan+UBSan and runs it for a bounded
# time.
#   tests/fuzz/build_and_run_query.sh [seconds=60] [extra libFuzzer args...]
# Exits non-zero if the fuzzer finds a crash, leak, sanitizer error, timeout (a query slower than 10 s) or memory
# blow-up (> 2 GB); reproducers are written to $PHONON_FUZZ_DIR/artifacts/. Needs clang++ with libFuzzer.
# Reproduce one input: "$PHONON_FUZZ_DIR/query_fuzz" ARTIFACT
set -euo pipefail

SECONDS_TO_RUN="${1:-60}"
shift || true
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${PHONON_FUZZ_DIR:-${TMPDIR:-/tmp}/phonon-query-fuzz}"
# shellcheck source=tests/fuzz/evaluator_objects.sh
. "$HERE/evaluator_objects.sh"

mkdir -p "$WORK/corpus" "$WORK/seeds" "$WORK/artifacts"
build_evaluator_fuzzer query_fuzz "$HERE/query_fuzz.cpp"

# Seeds: each conformance case's Tidal expression and the examples of docs/language.md.
if [ -f "$ROOT/tests/conformance/cases.json" ]; then
  i=0
  grep -o '"tidal": *"\([^"\\]\|\\.\)*"' "$ROOT/tests/conformance/cases.json" | sed 's/^"tidal": *"//; s/"$//; s/\\"/"/g' |
    while IFS= read -r line; do
      i=$((i + 1))
      printf '%s' "$line" > "$WORK/seeds/case_$i.txt"
    done
fi
if [ -f "$ROOT/docs/language.md" ]; then
  # the first line of each ```example block is an expression
  awk '/^```example/ { getline; print }' "$ROOT/docs/language.md" | {
    i=0
    while IFS= read -r line; do
      i=$((i + 1))
      printf '%s' "$line" > "$WORK/seeds/doc_$i.txt"
    done
  }
fi

cat > "$WORK/query.dict" <<'DICT'
"s \"bd*2 sn\""
"n \"0 .. 7\""
"# speed 2"
"$"
"#"
"."
"<~"
"~>"
"|+|"
"|+ n 1"
"+|"
"|<"
"*"
"/"
"!"
"?"
"@3"
"_"
"~"
"<"
">"
"["
"]"
"{"
"}%"
"(3,8,2)"
"|"
".."
"'maj"
"fast"
"slow"
"rev"
"every"
"jux"
"stut"
"chop"
"striate"
"euclid"
"ply"
"segment"
"range"
"sine"
"rand"
"irand"
"degradeBy"
"sometimesBy"
"whenmod"
"within"
"iter"
"linger"
"off"
"superimpose"
"scale"
"arp"
"chunk"
"inside"
"rot"
"bite"
"timeCat"
"stack"
"cat"
"run"
"struct"
"mask"
"swingBy"
"compress"
"zoom"
"fix"
"1e9"
"-1"
"0.25"
"(1/3)"
DICT

echo "fuzzing for ${SECONDS_TO_RUN}s ..."
"$WORK/query_fuzz" "$WORK/corpus" "$WORK/seeds" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=512 \
  -dict="$WORK/query.dict" -artifact_prefix="$WORK/artifacts/" -print_final_stats=1 "$@" || {
  status=$?
  echo "FUZZER FOUND A PROBLEM (exit $status); reproducer in $WORK/artifacts/" >&2
  exit "$status"
}
echo "fuzzing finished without findings"
