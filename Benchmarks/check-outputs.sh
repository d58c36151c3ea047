#!/usr/bin/env bash
# The outputs of log, audit and blame on the generated 2,000-commit history, in every format, held
# to the digests in Benchmarks/outputs-2000.sha256 with and without the history index: what a faster
# history engine must still print.
# Usage: Benchmarks/check-outputs.sh CHARTER [--record]
set -euo pipefail
cd "$(dirname "$0")/.."
charter=$(readlink -f "${1:?usage: Benchmarks/check-outputs.sh CHARTER [--record]}")
digests=Benchmarks/outputs-2000.sha256
repo=.build-bench/history-2000
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo"; mkdir -p .build-bench
  python3 Benchmarks/generate_history.py "$repo" --commits 2000 >&2
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/charter-outputs.XXXXXX")
trap 'rm -rf "$out"' EXIT
# Each command prints the same with no history index (CHARTER_INDEX=off), building it (cold) and
# reading it (warm): the index is a cache, never an answer.
print_all() {
  for format in text json markdown; do
    (cd "$repo" && "$charter" log --format "$format" > "$out/log.$format")
    (cd "$repo" && "$charter" log --first-parent --role lead-07 --format "$format" > "$out/log-role.$format")
    (cd "$repo" && "$charter" audit --format "$format" > "$out/audit.$format") || true
    (cd "$repo" && "$charter" blame lead-07 --format "$format" > "$out/blame.$format")
  done
}
check() {
  if (cd "$out" && sha256sum --quiet -c -) < "$digests"; then
    echo "outputs ($1): log, audit and blame on the 2,000-commit history print what $digests records"
  else
    echo "outputs ($1): differ from $digests (above); the files are in $out" >&2
    trap - EXIT
    exit 1
  fi
}
if [ "${2:-}" = --record ]; then
  CHARTER_INDEX=off print_all
  (cd "$out" && sha256sum -- * ) > "$digests"
  echo "outputs: recorded $(wc -l < "$digests") digests in $digests"
  exit 0
fi
CHARTER_INDEX=off print_all; check "no index"
rm -rf "$repo/.git/charter"
print_all; check "index built"
print_all; check "index read"
