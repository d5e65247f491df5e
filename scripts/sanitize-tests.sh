#!/usr/bin/env bash
# Builds the unit and live tests under a sanitizer with clang and runs them (a bounded subset of the suite: the
# render, golden and conformance tests are left out, as they take most of the time and exercise the same code).
#   scripts/sanitize-tests.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/
#   scripts/sanitize-tests.sh tsan   ThreadSanitizer, in build-tsan/ (OpenMP from LLVM's libomp, which clang's
#                                    -fopenmp links and TSan understands; libgomp would give false reports)
# The LiveJack tests run too when a JACK server can be started (scripts/jack-test.sh), except the soaks (their
# memory bounds do not hold under ASan, whose quarantine keeps freed memory).
# Every report is an error (halt_on_error): a clean run means no finding.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: $0 asan|tsan}
case "$kind" in
  asan) option=-DPHONON_SANITIZE=ON ;;
  tsan) option=-DPHONON_TSAN=ON ;;
  *) echo "usage: $0 asan|tsan" >&2; exit 2 ;;
esac
build=build-$kind
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only -fno-sanitize-recover=all" \
  -DPHONON_ASSERTS=ON -DPHONON_BENCH=OFF "-DPHONON_TEST_DIRS=unit;live" "$option" "${launcher[@]}" >/dev/null
cmake --build "$build" -j2 --target phonon_tests phonon

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
# The compile guard's tests make a child crash on purpose (SIGSEGV, abort, overflow, out of memory): the
# sanitizer's report of that child is expected output, and the child's death is what the tests check.
status=0
# KernelRegistry.ArchObjectsShareNoSymbols inspects the kernel objects' symbols, to which the sanitizers add
# their own shared ones: it checks the optimised build only.
"$build/tests/phonon_tests" --gtest_filter='-LiveJack*:KernelRegistry.ArchObjectsShareNoSymbols' || status=1
if [ -x scripts/jack-test.sh ]; then
  rc=0
  bash scripts/jack-test.sh "$build/tests/phonon_tests" --gtest_filter='LiveJack*:-*Soak*' || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || status=1
fi
exit $status
