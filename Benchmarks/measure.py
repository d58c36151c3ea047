#!/usr/bin/env python3
"""Times charter against git on one generated history, in one run, and prints the ratios.

    measure.py CHARTER REPO [--runs 3]

Each command runs RUNS times; the best wall time counts (the machines are noisy), and the peak
resident memory is the largest of the runs. Targets are PRODUCT.md's.
"""
import argparse
import os
import resource
import subprocess
import sys
import time


def run(command, cwd):
    """Wall seconds and peak resident memory (MiB) of one run, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(command)} failed with {code}: {stderr}")
    return elapsed, usage.ru_maxrss / 1024


def best(command, cwd, runs):
    results = [run(command, cwd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("charter")
    parser.add_argument("repo")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    charter = os.path.abspath(args.charter)
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=args.repo, capture_output=True, text=True).stdout.strip()
    print(f"history: {commits} commits in {args.repo}; best of {args.runs} runs\n")

    git_log = best(["git", "log", "-p", "--", "roles/"], args.repo, args.runs)
    git_blame = best(["git", "blame", "roles/cto.yaml"], args.repo, args.runs)
    rows = [
        ("git log -p -- roles/", git_log, None, None),
        ("charter log", best([charter, "log"], args.repo, args.runs), git_log[0], 1.0),
        ("charter audit", best([charter, "audit"], args.repo, args.runs), git_log[0], 1.5),
        ("git blame roles/cto.yaml", git_blame, None, None),
        ("charter blame cto", best([charter, "blame", "cto"], args.repo, args.runs), git_blame[0], 1.0),
        ("charter diff HEAD~100 HEAD", best([charter, "diff", "HEAD~100", "HEAD"], args.repo, args.runs), None, None),
        ("charter validate --rev HEAD", best([charter, "validate", "--rev", "HEAD"], args.repo, args.runs), None, None),
    ]
    print(f"{'command':<30} {'seconds':>9} {'peak MiB':>9} {'ratio':>8} {'target':>8}")
    failures = []
    for name, (seconds, memory), baseline, target in rows:
        ratio = f"{seconds / baseline:.1f}x" if baseline else ""
        goal = f"<= {target}x" if target else ""
        if name.startswith("charter diff"):
            goal = "< 50 ms"
            if seconds >= 0.05:
                failures.append(f"{name}: {seconds * 1000:.0f} ms")
        elif target and seconds / baseline > target:
            failures.append(f"{name}: {seconds / baseline:.1f}x git")
        if name.startswith("charter") and memory > 150:
            failures.append(f"{name}: {memory:.0f} MiB peak")
        print(f"{name:<30} {seconds:>9.3f} {memory:>9.1f} {ratio:>8} {goal:>8}")
    print("\nmissed targets: " + ("; ".join(failures) if failures else "none"))


if __name__ == "__main__":
    main()
