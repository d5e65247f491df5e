#!/bin/sh
# Checks the ODR rule of kernel_util.hpp: no symbol with external linkage may be defined (weak or strong) in more
# than one kernels/arch/*.cpp object, because the linker would keep one copy compiled for an arbitrary instruction
# set. Usage: kernels/tools/check_arch_odr.sh <build-dir>   (exit status 1 and a list of symbols on violation)
set -eu
dir="$1/kernels/CMakeFiles/phonon_kernels.dir/arch"
tmp=$(mktemp -d)
for f in avx512 avx2 sse; do
  nm -C --defined-only "$dir/$f.cpp.o" | awk '$2=="W"||$2=="T"||$2=="V"||$2=="u"' | cut -d' ' -f3- |
    grep -v '^DW.ref.__gxx_personality_v0$' | sort -u > "$tmp/$f"
done
# Every other kernels object (compiled with the baseline flags) must not share symbols with the arch objects either.
find "$1/kernels/CMakeFiles/phonon_kernels.dir" -name '*.o' ! -path '*/arch/*' -exec nm -C --defined-only {} + |
  awk '$2=="W"||$2=="T"||$2=="V"||$2=="u"' | cut -d' ' -f3- | grep -v '^DW.ref.__gxx_personality_v0$' | sort -u > "$tmp/base"
dups=$( (comm -12 "$tmp/avx512" "$tmp/avx2"; comm -12 "$tmp/avx512" "$tmp/sse"; comm -12 "$tmp/avx2" "$tmp/sse";
         for f in avx512 avx2 sse; do comm -12 "$tmp/$f" "$tmp/base"; done) | sort -u)
rm -rf "$tmp"
if [ -n "$dups" ]; then
  echo "ODR violation: symbols defined in several arch objects:"; echo "$dups"; exit 1
fi
echo "arch objects OK: no shared external symbols"
