#!/usr/bin/env bash
# Checks that every C++ file in the repository is formatted as .clang-format says, with Debian 12's clang-format
# (version 14: other versions break some lines differently, so the check pins it).
#   scripts/check-format.sh          lists the files that differ and exits 1 if any does
#   scripts/check-format.sh --fix    formats them in place
set -euo pipefail
cd "$(dirname "$0")/.."
tool=""
for t in clang-format-14 clang-format; do
  if command -v "$t" >/dev/null && "$t" --version | grep -q 'version 14\.'; then tool=$t; break; fi
done
if [ -z "$tool" ]; then
  echo "check-format: clang-format 14 is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
if [ "${1:-}" = "--fix" ]; then
  printf '%s\0' "${files[@]}" | xargs -0 -n 50 "$tool" -i
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  "$tool" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check-format: ${#bad[@]} file(s) are not formatted as .clang-format says:"
  printf '  %s\n' "${bad[@]}"
  echo "hint: scripts/check-format.sh --fix formats them (or: $tool -i FILE)"
  exit 1
fi
echo "check-format: all ${#files[@]} C++ files are formatted"
