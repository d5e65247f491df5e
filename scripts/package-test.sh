#!/usr/bin/env bash
# Builds the Debian package (cpack -G DEB) from a Release build, unpacks it into a scratch root (dpkg -x), checks
# its dependencies, and runs the installed files: `phonon --version`, the man page, and a render of an installed
# example.
#   scripts/package-test.sh [BUILD_DIR=build-pkg]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-pkg}
jobs=$(nproc 2>/dev/null || echo 2)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPHONON_ASSERTS=OFF -DPHONON_TESTS=OFF -DPHONON_BENCH=OFF \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$jobs" --target phonon
rm -f "$build"/phonon_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/phonon_*.deb)
echo "package: $deb"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libsndfile1 librtaudio librtmidi liblo7 libgomp1 libfftw3-single3 libpng16-16 libstdc++6; do
  case "$depends" in
    *"$lib"*) ;;
    *) echo "package-test: the package does not depend on $lib" >&2; exit 1 ;;
  esac
done
# Every dependency is a package this system has installed, i.e. one Debian 12 provides.
for dep in $(echo "$depends" | tr ',' '\n' | sed 's/(.*//; s/|.*//' | tr -d ' '); do
  dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" ||
    { echo "package-test: dependency $dep is not an installed Debian package" >&2; exit 1; }
done
root=$(mktemp -d /tmp/phonon-deb-root.XXXXXX)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
"$root/usr/bin/phonon" --version
test -s "$root/usr/share/man/man1/phonon.1"
test -s "$root/usr/share/doc/phonon/tutorial.md"
"$root/usr/bin/phonon" render "$root/usr/share/doc/phonon/examples/demo.ph" -o "$root/demo.wav" --cycles 1
test -s "$root/demo.wav"
echo "package-test: the package installs and runs"
