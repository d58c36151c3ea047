#!/usr/bin/env bash
# The reading benchmark: every worst shape of YAML (Benchmarks/generate_hostile.py) grown to just under
# the 1 MiB limit in cto.yaml of a new repository, through the fast reader and through libyaml, and
# `charter validate` timed on each with hyperfine (mean of RUNS runs) and its peak resident memory
# taken from `/usr/bin/time -v`. Prints a markdown table. PRODUCT.md: any file under the limits reads
# in well under a second.
# Usage: Benchmarks/reading.sh CHARTER [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
charter=$(readlink -f "$1"); shift
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: Benchmarks/reading.sh CHARTER [--runs N]" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=.build-bench/reading
rm -rf "$work"; mkdir -p "$work"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
(cd "$work" && "$charter" init base --company "Bench Co" --stage growth >/dev/null)

echo "| shape | reader | KiB | seconds (mean ± σ) | peak MiB |"
echo "|---|---|---:|---:|---:|"
python3 Benchmarks/generate_hostile.py --list | while IFS=$'\t' read -r shape _; do
  for reader in fast libyaml; do
    repo="$work/$shape-$reader"
    cp -r "$work/base" "$repo"
    python3 Benchmarks/generate_hostile.py "$repo/roles/cto.yaml" "$shape" --reader "$reader"
    kib=$(( $(stat -c %s "$repo/roles/cto.yaml") / 1024 ))
    # Exit 0: the file is valid and read in full.
    (cd "$repo" && "$charter" validate >/dev/null) || { echo "charter validate failed on $shape ($reader)" >&2; exit 1; }
    hyperfine --runs "$runs" --warmup 1 --style none --export-json "$repo.json" \
      "cd $repo && $charter validate" >/dev/null 2>&1
    peak=$(cd "$repo" && /usr/bin/time -v "$charter" validate 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { print $2 }')
    python3 - "$repo.json" "$shape" "$reader" "$kib" "$peak" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))["results"][0]
shape, reader, kib, peak = sys.argv[2:]
print(f"| {shape} | {reader} | {kib} | {result['mean']:.3f} ± {result['stddev']:.3f} | {int(peak) / 1024:.1f} |")
EOF
  done
done
