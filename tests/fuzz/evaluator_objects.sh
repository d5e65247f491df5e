# Sourced by the libFuzzer scripts that evaluate expressions (build_and_run_query.sh, build_and_run_typed.sh):
# compiles the parser, the evaluator and the pattern library with ASan+UBSan for libFuzzer, plus the given extra
# sources, and links them into $WORK/NAME. Objects go to $OBJ (PHONON_FUZZ_OBJ_DIR, default
# /tmp/phonon-fuzz-obj), shared by both scripts: the sources and flags are the same, so the second build only
# compiles its own files and links.
#   build_evaluator_fuzzer NAME EXTRA_SOURCE...
# Needs ROOT (the repository) and WORK set; CXX_FUZZ and PHONON_FUZZ_BUILD_JOBS are optional.

OBJ="${PHONON_FUZZ_OBJ_DIR:-${TMPDIR:-/tmp}/phonon-fuzz-obj}"

build_evaluator_fuzzer() {
  local name="$1"
  shift
  local cxx="${CXX_FUZZ:-clang++}" jobs="${PHONON_FUZZ_BUILD_JOBS:-2}"
  mkdir -p "$OBJ"
  echo "building $name in $WORK ..."
  local sources=("$ROOT"/compiler/source.cpp "$ROOT"/compiler/diagnostics.cpp "$ROOT"/compiler/lexer.cpp
    "$ROOT"/compiler/parser.cpp "$ROOT"/compiler/ast_print.cpp
    "$ROOT"/compiler/pattern/*.cpp "$ROOT"/compiler/mini/*.cpp "$@")
  # The evaluator without json_value.cpp (JSON reading for `phonon query --cases`, not needed here).
  local f
  for f in "$ROOT"/compiler/eval/*.cpp; do [ "$(basename "$f")" = json_value.cpp ] || sources+=("$f"); done
  local flags=(-std=c++20 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
    -I"$ROOT")
  local objs=() pids=() src obj pid
  for src in "${sources[@]}"; do
    obj="$OBJ/$(echo "${src#"$ROOT"/}" | tr '/' '_').o"
    objs+=("$obj")
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
      [ -n "$(find "$ROOT/compiler" "$ROOT/tests/expr_gen" "$ROOT/tests/fuzz" -name '*.hpp' -newer "$obj" -print -quit)" ]; then
      "$cxx" "${flags[@]}" -c "$src" -o "$obj" &
      pids+=($!)
      if [ "${#pids[@]}" -ge "$jobs" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  "$cxx" -fsanitize=fuzzer,address,undefined "${objs[@]}" -o "$WORK/$name"
}
