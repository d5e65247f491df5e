#!/usr/bin/env bash
# Builds the OSC packet decoder libFuzzer target (tests/fuzz/osc_fuzz.cpp: `phonon dirt`'s decoder and the
# hand-over to the engine) with ASan+UBSan and runs it for a bounded time.
#   tests/fuzz/build_and_run_osc.sh [seconds=30] [extra libFuzzer args...]
# Exits non-zero on a crash, leak, sanitizer error or timeout; reproducers go to $PHONON_FUZZ_DIR/artifacts/.
# Seeds: every packet Tidal sent in tests/osc/data/*.log. Needs clang++ with libFuzzer and liblo-dev.
set -euo pipefail

SECONDS_TO_RUN="${1:-30}"
shift || true
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${PHONON_FUZZ_DIR:-${TMPDIR:-/tmp}/phonon-osc-fuzz}"
CXX="${CXX_FUZZ:-clang++}"
JOBS="${PHONON_FUZZ_BUILD_JOBS:-2}"

mkdir -p "$WORK/corpus" "$WORK/seeds" "$WORK/artifacts" "$WORK/obj"

echo "building osc_fuzz in $WORK ..."
SOURCES=("$HERE/osc_fuzz.cpp" "$ROOT"/runtime/osc/*.cpp "$ROOT"/runtime/engine/external_events.cpp
  "$ROOT"/runtime/voices/voice_params.cpp "$ROOT"/compiler/pattern/value.cpp "$ROOT"/compiler/pattern/controller_input.cpp
  "$ROOT"/runtime/samples/*.cpp "$ROOT"/runtime/voices/synths/*.cpp)
FLAGS=(-std=c++20 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -I"$ROOT")
OBJS=()
pids=()
for src in "${SOURCES[@]}"; do
  obj="$WORK/obj/$(echo "${src#"$ROOT"/}" | tr '/' '_').o"
  OBJS+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find "$ROOT/runtime" "$ROOT/compiler" -name '*.hpp' -newer "$obj" -print -quit)" ]; then
    "$CXX" "${FLAGS[@]}" -c "$src" -o "$obj" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$JOBS" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
"$CXX" -fsanitize=fuzzer,address,undefined "${OBJS[@]}" $(pkg-config --libs liblo sndfile) -lpthread -o "$WORK/osc_fuzz"

i=0
for log in "$ROOT"/tests/osc/data/*.log; do
  grep -v '^#' "$log" | grep -v '^start' | while read -r _ hex; do
    i=$((i + 1))
    printf '%s' "$hex" | xxd -r -p > "$WORK/seeds/$(basename "$log" .log)_$i.osc"
  done
done

echo "running osc_fuzz for ${SECONDS_TO_RUN}s ..."
"$WORK/osc_fuzz" "$WORK/corpus" "$WORK/seeds" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$WORK/artifacts/" -print_final_stats=1 "$@"
