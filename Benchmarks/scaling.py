#!/usr/bin/env python3
"""The scaling table: charter's history commands, cold and warm, with git log -p and git blame, on
histories of 1,000 to 10,000 commits with 60 roles and of 10,000 commits with 20, 60 and 200 roles.

    scaling.py CHARTER [--runs 3]

Each history is generated once (Benchmarks/generate_history.py) and kept in .build-bench/ as
history-COMMITS (60 roles, the shape of make bench's histories) or history-COMMITS-ROLESroles. Each
is timed like the main table of Benchmarks/measure.py, all in the same rounds: median of RUNS
alternating runs. Target (issue 10): with 200 roles every command costs at most 1.5x what it costs
with 60, cold and warm.
"""
import argparse
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from measure import history_rows, measure  # noqa: E402

SHAPES = [(1000, 60), (2000, 60), (5000, 60), (10000, 60), (10000, 20), (10000, 200)]
MAX_ROLES_RATIO = 1.5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def history(commits, roles):
    """The repository of that shape, generated if it is not there yet."""
    path = os.path.join(ROOT, ".build-bench", f"history-{commits}" + ("" if roles == 60 else f"-{roles}roles"))
    if not os.path.isdir(os.path.join(path, ".git")):
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate_history.py"), path,
                        "--commits", str(commits), "--roles", str(roles)], check=True, stdout=sys.stderr)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("charter")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    charter = os.path.abspath(args.charter)
    repos = {shape: history(*shape) for shape in SHAPES}
    # One list of rows for all histories: the rounds alternate between them too, so that the load
    # of the machine drifting over the minutes of the run weighs on every shape alike.
    rows = [row for repo in repos.values() for row in history_rows(charter, repo)]
    print(f"scaling: {len(rows)} commands on {len(repos)} histories, {args.runs} rounds", file=sys.stderr)
    results = {(row.repo, row.name): result for row, result in zip(rows, measure(rows, args.runs))}
    names = [row.name for row in history_rows(charter, "")]
    commands = [name for name in names if name.startswith("charter")]

    print(f"scaling: seconds, median of {args.runs} alternating runs; peak MiB: the largest of charter's\n")
    short = [name.replace("charter ", "").replace(" roles/cto.yaml", "").replace(" -p -- roles/", " -p") for name in names]
    print(f"{'commits':>7} {'roles':>5} " + " ".join(f"{name:>14}" for name in short) + f" {'peak MiB':>9}")
    for (commits, roles), repo in repos.items():
        peak = max(results[repo, name][1] for name in commands)
        print(f"{commits:>7} {roles:>5} " + " ".join(f"{results[repo, name][0]:>14.3f}" for name in names)
              + f" {peak:>9.1f}")

    many, usual = repos[10000, 200], repos[10000, 60]
    ratios = {name: results[many, name][0] / results[usual, name][0] for name in commands}
    print("\n200 roles / 60 roles: " + "; ".join(f"{name[8:]} {value:.2f}x" for name, value in ratios.items()))
    failures = [f"{name}: {value:.2f}x" for name, value in ratios.items() if value > MAX_ROLES_RATIO]
    print(f"missed targets (<= {MAX_ROLES_RATIO}x): " + ("; ".join(failures) if failures else "none"))


if __name__ == "__main__":
    main()
