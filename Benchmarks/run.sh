#!/usr/bin/env bash
# The benchmark: builds charter in release mode, generates a 10,000-commit history with 60 roles of
# about 40 items (once; kept in .build-bench/), and times charter against git on it in one run; then
# checks that log, audit and blame still print what they printed on a 2,000-commit history
# (Benchmarks/check-outputs.sh); then times reading the worst YAML shapes just under 1 MiB
# (Benchmarks/reading.sh).
# Usage: Benchmarks/run.sh [--commits N] [--runs N] [--only history|reading]
set -euo pipefail
cd "$(dirname "$0")/.."
commits=10000 runs=3 only=
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) commits=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: Benchmarks/run.sh [--commits N] [--runs N] [--only history|reading]" >&2; exit 2 ;;
  esac
done
swift build -c release --product charter >&2
if [ "$only" != reading ]; then
  repo=".build-bench/history-$commits"
  if [ ! -d "$repo/.git" ]; then
    rm -rf "$repo"; mkdir -p .build-bench
    python3 Benchmarks/generate_history.py "$repo" --commits "$commits" >&2
  fi
  python3 Benchmarks/measure.py .build/release/charter "$repo" --runs "$runs"
  echo
  bash Benchmarks/check-outputs.sh .build/release/charter
fi
if [ "$only" != history ]; then
  echo
  echo "reading: charter validate on each worst shape just under 1 MiB, mean of 5 runs"
  bash Benchmarks/reading.sh .build/release/charter
fi
