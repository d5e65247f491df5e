#!/usr/bin/env bash
# Installs everything Phonon needs to build, test and play, from Debian 12 packages only.
# Safe to run again: apt-get skips what is already there.
set -euo pipefail
pkgs=(build-essential cmake pkg-config git python3 ccache
      libxsimd-dev xtl-dev librtaudio-dev librtmidi-dev libjack-jackd2-dev libsndfile1-dev libfftw3-dev libpng-dev
      libbenchmark-dev libgtest-dev libgmock-dev liblo-dev liblo-tools ableton-link-dev
      clang clang-format libclang-rt-14-dev libomp-14-dev jackd2)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  # jackd2 asks about realtime priority; answer non-interactively.
  echo "jackd2 jackd/tweak_rt_limits boolean false" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
