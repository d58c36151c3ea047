#!/usr/bin/env bash
# The benchmark: builds charter in release mode, generates a 10,000-commit history with 60 roles of
# about 40 items (once; kept in .build-bench/), and times charter against git on it in one run.
# Usage: Benchmarks/run.sh [--commits N] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
commits=10000 runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) commits=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: Benchmarks/run.sh [--commits N] [--runs N]" >&2; exit 2 ;;
  esac
done
swift build -c release --product charter >&2
repo=".build-bench/history-$commits"
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo"; mkdir -p .build-bench
  python3 Benchmarks/generate_history.py "$repo" --commits "$commits" >&2
fi
python3 Benchmarks/measure.py .build/release/charter "$repo" --runs "$runs"
