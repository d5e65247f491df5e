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
CXX="${CXX_FUZZ:-clang++}"
JOBS="${PHONON_FUZZ_BUILD_JOBS:-2}"

# Objects are shared with build_and_run_typed.sh (same sources, same flags): the second build only links.
OBJ="${PHONON_FUZZ_OBJ_DIR:-${TMPDIR:-/tmp}/phonon-fuzz-obj}"
mkdir -p "$WORK/corpus" "$WORK/seeds" "$WORK/artifacts" "$OBJ"

echo "building query_fuzz in $WORK ..."
SOURCES=("$ROOT"/compiler/source.cpp "$ROOT"/compiler/diagnostics.cpp "$ROOT"/compiler/lexer.cpp
  "$ROOT"/compiler/parser.cpp "$ROOT"/compiler/ast_print.cpp
  "$ROOT"/compiler/pattern/*.cpp "$ROOT"/compiler/mini/*.cpp "$HERE/query_fuzz.cpp")
# The evaluator without json_value.cpp (JSON reading for `phonon query --cases`, not needed here).
for f in "$ROOT"/compiler/eval/*.cpp; do [ "$(basename "$f")" = json_value.cpp ] || SOURCES+=("$f"); done
FLAGS=(-std=c++20 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -I"$ROOT")
OBJS=()
pids=()
for src in "${SOURCES[@]}"; do
  obj="$OBJ/$(echo "${src#"$ROOT"/}" | tr '/' '_').o"
  OBJS+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find "$ROOT/compiler" -name '*.hpp' -newer "$obj" -print -quit)" ]; then
    "$CXX" "${FLAGS[@]}" -c "$src" -o "$obj" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$JOBS" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
"$CXX" -fsanitize=fuzzer,address,undefined "${OBJS[@]}" -o "$WORK/query_fuzz"

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
