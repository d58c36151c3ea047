#!/usr/bin/env bash
# The benchmark (issue 10), in one run:
# - history: builds charter in release mode and the floor program (Benchmarks/floor.c: the least a
#   program over libgit2 must do to answer the history commands) into .build-bench/floor, generates a
#   10,000-commit history with 60 roles of about 40 items (once; kept in .build-bench/), and times
#   log, audit and blame cold (no history index) and warm against git and the floor, and diff and
#   validate (Benchmarks/measure.py: medians of alternating runs, peak memory, missed targets); then
#   checks that log, audit and blame still print what they printed on a 2,000-commit history
#   (Benchmarks/check-outputs.sh);
# - reading: times reading the worst YAML shapes just under 1 MiB (Benchmarks/reading.sh);
# - scaling, only when asked (it takes long): the history commands cold and warm on histories of
#   1,000 to 10,000 commits and of 20 to 200 roles (Benchmarks/scaling.py).
# The default is history and reading; --scaling adds scaling, --only runs one part. --charter BIN
# times that binary instead of building one.
# Usage: Benchmarks/run.sh [--commits N] [--runs N] [--scaling] [--only history|reading|scaling] [--charter BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: Benchmarks/run.sh [--commits N] [--runs N] [--scaling] [--only history|reading|scaling] [--charter BIN]"
commits=10000 runs=5 parts="history reading" charter=
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) commits=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --scaling) parts="$parts scaling"; shift ;;
    --only) parts=$2; shift 2 ;;
    --charter) charter=$(readlink -f "$2"); shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
part() { [[ " $parts " == *" $1 "* ]]; }
part history || part reading || part scaling || { echo "$usage" >&2; exit 2; }
if [ -z "$charter" ]; then
  swift build -c release --product charter >&2
  charter=.build/release/charter
fi
if part history; then
  mkdir -p .build-bench
  cc -O2 -Wall -Wextra -o .build-bench/floor Benchmarks/floor.c $(pkg-config --cflags --libs libgit2)
  repo=".build-bench/history-$commits"
  if [ ! -d "$repo/.git" ]; then
    rm -rf "$repo"
    python3 Benchmarks/generate_history.py "$repo" --commits "$commits" >&2
  fi
  python3 Benchmarks/measure.py "$charter" .build-bench/floor "$repo" --runs "$runs"
  echo
  bash Benchmarks/check-outputs.sh "$charter"
fi
if part reading; then
  echo
  echo "reading: charter validate on each worst shape just under 1 MiB, mean of 5 runs"
  bash Benchmarks/reading.sh "$charter"
fi
if part scaling; then
  echo
  python3 Benchmarks/scaling.py "$charter" --runs "$runs"
fi
