#!/usr/bin/env python3
"""Times charter's history commands, cold and warm, against git and against the floor program
(Benchmarks/floor.c) on one generated history, in one run, and prints the ratios and the targets
missed.

    measure.py CHARTER FLOOR REPO [--runs 5]

Cold: no history index (REPO/.git/charter is deleted before each run, and the run builds it).
Warm: the index the same command built in the run before. The commands alternate run by run (each
round runs every row once, in order, so a warm row follows its cold row) and the median wall time of
RUNS rounds counts; the peak resident memory is the largest of the runs (wait4). Targets are issue
10's. Benchmarks/scaling.py times the history commands the same way on histories of other shapes.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

GIT_LOG, GIT_BLAME = "git log -p -- roles/", "git blame roles/cto.yaml"
MAX_PEAK_MIB = 150


@dataclass
class Row:
    name: str
    command: list
    repo: str             # where it runs
    index: str = None     # "cold" or "warm" for charter's history commands
    baseline: str = None  # the git row it is compared with
    target: float = None  # the largest ratio to that row allowed
    floor: str = None     # the floor row it is compared with
    limit: float = None   # the most seconds allowed


def history_rows(charter, repo, floor=None):
    """The history commands (cold and warm) in REPO and their git baselines, and the floor if given."""
    def both(name, command, baseline, cold, warm, floor_row):
        return [Row(f"{name} {index}", command, repo, index, baseline, target, floor_row)
                for index, target in (("cold", cold), ("warm", warm))]
    floors = [Row("floor walk", [floor, "walk", "."], repo), Row("floor log", [floor, "log", "."], repo)] if floor else []
    return ([Row(GIT_LOG, ["git", "log", "-p", "--", "roles/"], repo)] + floors
            + both("charter log", [charter, "log"], GIT_LOG, 1.0, 0.3, floor and "floor log")
            + both("charter audit", [charter, "audit"], GIT_LOG, 1.5, 0.3, floor and "floor log")
            + [Row(GIT_BLAME, ["git", "blame", "roles/cto.yaml"], repo)]
            + ([Row("floor blame", [floor, "blame", ".", "roles/cto.yaml"], repo)] if floor else [])
            + both("charter blame cto", [charter, "blame", "cto"], GIT_BLAME, 1.5, 0.5, floor and "floor blame"))


def run(command, cwd):
    """Wall seconds and peak resident memory (MiB) of one run, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: findings (audit)
        sys.exit(f"{' '.join(command)} failed with {code}: {stderr}")
    return elapsed, usage.ru_maxrss / 1024


def stamp(path):
    """The identity and time of the file at PATH, or None: a warm run must leave the index as it was."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns


def measure(rows, runs):
    """Each row's (median seconds, peak MiB) over RUNS rounds, each running every row once in order.
    Warns when a warm run wrote the index: it was not warm (another process on the repository?)."""
    times, peaks = [[] for _ in rows], [0.0] * len(rows)
    for _ in range(runs):
        for n, row in enumerate(rows):
            repo, index = row.repo, os.path.join(row.repo, ".git", "charter")
            history = os.path.join(index, "history")
            if row.index == "cold":
                shutil.rmtree(index, ignore_errors=True)
            elif row.index == "warm" and stamp(history) is None:
                run(row.command, repo)  # normally the cold row just before built it
            before = stamp(history)
            seconds, peak = run(row.command, repo)
            if row.index == "warm" and stamp(history) != before:
                print(f"warning: {row.name} in {repo} wrote the history index: not warm", file=sys.stderr)
            times[n].append(seconds)
            peaks[n] = max(peaks[n], peak)
    return [(statistics.median(seconds), peak) for seconds, peak in zip(times, peaks)]


def ratio(results, row, other):
    return results[row.name][0] / results[other][0]


def missed(rows, results):
    """The targets each row misses, as text."""
    failures = []
    for row in rows:
        seconds, peak = results[row.name]
        if row.target and ratio(results, row, row.baseline) > row.target:
            failures.append(f"{row.name}: {ratio(results, row, row.baseline):.2f}x git (target {row.target}x)")
        if row.limit and seconds >= row.limit:
            failures.append(f"{row.name}: {seconds * 1000:.0f} ms (target < {row.limit * 1000:.0f} ms)")
        if row.name.startswith("charter") and peak > MAX_PEAK_MIB:
            failures.append(f"{row.name}: {peak:.0f} MiB peak (target < {MAX_PEAK_MIB} MiB)")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("charter")
    parser.add_argument("floor")
    parser.add_argument("repo")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    charter, floor = os.path.abspath(args.charter), os.path.abspath(args.floor)
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=args.repo, capture_output=True, text=True).stdout.strip()
    print(f"history: {commits} commits in {args.repo}; median of {args.runs} alternating runs\n")

    rows = history_rows(charter, args.repo, floor) + [
        Row("charter diff HEAD~100 HEAD", [charter, "diff", "HEAD~100", "HEAD"], args.repo, limit=0.05),
        Row("charter validate --rev HEAD", [charter, "validate", "--rev", "HEAD"], args.repo),
    ]
    results = {row.name: result for row, result in zip(rows, measure(rows, args.runs))}
    print(f"{'command':<28} {'seconds':>8} {'peak MiB':>9} {'vs git':>7} {'target':>8} {'vs floor':>9}")
    for row in rows:
        seconds, peak = results[row.name]
        versus_git = f"{ratio(results, row, row.baseline):.2f}x" if row.baseline else ""
        target = f"<= {row.target}x" if row.target else f"< {row.limit * 1000:.0f} ms" if row.limit else ""
        versus_floor = f"{ratio(results, row, row.floor):.2f}x" if row.floor else ""
        print(f"{row.name:<28} {seconds:>8.3f} {peak:>9.1f} {versus_git:>7} {target:>8} {versus_floor:>9}")
    failures = missed(rows, results)
    print("\nmissed targets: " + ("; ".join(failures) if failures else "none"))


if __name__ == "__main__":
    main()
