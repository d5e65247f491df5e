#!/usr/bin/env bash
# The README's two commands as a newcomer runs them: the committed tree cloned alone (no ../shared beside it) into
# a temporary folder, then `scripts/setup.sh demo`, `scripts/setup.sh test --fast` (no long fuzzing or sanitizer
# runs) and `scripts/setup.sh demo` again (either order, repeated). Prints the time each took.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d /tmp/phonon-bare.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
git clone -q --no-hardlinks "$(pwd)" "$tmp/phonon"
cd "$tmp/phonon"
if [ -e ../shared ]; then
  echo "bare-clone-test: $tmp/shared exists; the clone must stand alone" >&2
  exit 1
fi
# ccache keys on paths relative to the build folder, so the clone reuses the objects of the main build.
export CCACHE_BASEDIR=/
for cmd in demo "test --fast" demo; do
  t0=$(date +%s)
  # shellcheck disable=SC2086
  bash scripts/setup.sh $cmd
  echo "bare-clone-test: scripts/setup.sh $cmd passed in $(( $(date +%s) - t0 )) s"
done
test -s demo.wav
echo "bare-clone-test: both README commands pass on a bare clone"
