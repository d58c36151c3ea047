#!/usr/bin/env python3
"""Generates a large charter history with git fast-import, for the benchmarks.

    generate_history.py DIR [--commits 10000] [--roles 60] [--items 40]

DIR becomes a git repository whose main branch holds COMMITS commits. The first founds ROLES role
charters of about ITEMS items each (cto and cpo among them); every later commit moves one item
between two roles, with a rationale and both approvals, and every tenth also rewords an item.
Every 500th commit records a company event. Dates advance by an hour from 2015-01-01, fixed, so
the repository is the same on every run.
"""
import argparse
import random
import subprocess
import sys

AREAS = ["strategy", "innovation", "customers", "metrics"]
HEADER = "# yaml-language-server: $schema=../charter.schema.json\n"


def role_ids(count):
    return ["cto", "cpo"] + [f"lead-{n:02d}" for n in range(1, count - 1)]


def render(role, state):
    """One role charter in the canonical form `charter init` writes."""
    title = {"cto": "Chief Technology Officer", "cpo": "Chief Product Officer"}.get(role, f"Lead {role[5:]}")
    boss = "ceo" if role in ("cto", "cpo") else ("cto" if int(role[5:]) % 2 else "cpo")
    lines = [f"role: {role}", f"title: {title}", f"reports-to: {boss}", "areas:"]
    for area in AREAS:
        lines.append(f"  {area}:")
        if role == "cpo":
            lines.append("    decides: [why, what, when]")
        elif role == "cto":
            lines.append("    decides: [how]")
        items = state[role][area]
        if area == "metrics":
            kpis = [item for item in items if item[0].startswith("kpi-")]
            if kpis:
                lines.append("    kpis:")
                for item_id, text in kpis:
                    lines += [f"    - id: {item_id}", f"      name: {text}"]
        responsibilities = [item for item in items if not item[0].startswith("kpi-")]
        if responsibilities:
            lines.append("    responsibilities:")
            for item_id, text in responsibilities:
                lines += [f"    - id: {item_id}", f"      text: {text}"]
        else:
            lines.append("    responsibilities: []")
    return HEADER + "\n".join(lines) + "\n"


def data(payload):
    raw = payload.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--roles", type=int, default=60)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--folder", default="", help="the folder of the repository the charters are in (default: its root)")
    args = parser.parse_args()
    folder = args.folder.strip("/") + "/" if args.folder.strip("/") else ""
    rng = random.Random(20261124)
    roles = role_ids(args.roles)
    state = {role: {area: [] for area in AREAS} for role in roles}
    for role in roles:
        for n in range(args.items):
            area = AREAS[n % 4]
            if area == "metrics" and n % 8 == 3:
                state[role][area].append((f"kpi-{role}-{n:02d}", f"Indicator {n} of {role}"))
            else:
                state[role][area].append((f"{role}-{area[:3]}-{n:02d}",
                                          f"Responsibility {n} of {role} in {area}, described in a sentence of ordinary length."))

    subprocess.run(["git", "init", "-q", "-b", "main", args.directory], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=args.directory, stdin=subprocess.PIPE)
    out = importer.stdin
    start = 1_420_070_400  # 2015-01-01T00:00:00Z
    company = "company: Benchmark Corp\nstage: scale\nschema: four-area\nexternal: [ceo, board]\n"

    def commit(number, message, files):
        when = start + number * 3600
        out.write(b"commit refs/heads/main\n")
        out.write(b"committer Bench Mark <bench@example.com> %d +0000\n" % when)
        out.write(data(message))
        for path, content in files.items():
            out.write(b"M 100644 inline %s\n" % (folder + path).encode())
            out.write(data(content))

    files = {"charter.yaml": company}
    files.update({f"roles/{role}.yaml": render(role, state) for role in roles})
    commit(0, "Found the charters\n\nThe company starts with its leadership team.\n\nCharter-Event: founding: Benchmark Corp\n", files)
    for number in range(1, args.commits):
        # Items wander between roles; a role keeps at least half its starting load.
        givers = [role for role in roles if sum(len(items) for items in state[role].values()) > args.items // 2]
        giver = rng.choice(givers)
        taker = rng.choice([role for role in roles if role != giver])
        area = rng.choice([a for a in AREAS if state[giver][a]])
        item = state[giver][area].pop(rng.randrange(len(state[giver][area])))
        state[taker][area].append(item)
        changed = {giver, taker}
        if number % 10 == 0:
            target = rng.choice(roles)
            target_area = rng.choice([a for a in AREAS if state[target][a]])
            index = rng.randrange(len(state[target][target_area]))
            item_id, text = state[target][target_area][index]
            state[target][target_area][index] = (item_id, text.rstrip(".") + f", revised in change {number}.")
            changed.add(target)
        message = (f"Move {item[0]} from {giver} to {taker}\n\n"
                   f"The {taker} team now carries this work; change {number} of the reorganisation.\n\n")
        if number % 500 == 0:
            message += f"Charter-Event: reorganization: wave {number // 500}\n"
        message += f"Approved-By: {giver}\nApproved-By: {taker}\n"
        commit(number, message, {f"roles/{role}.yaml": render(role, state) for role in sorted(changed)})
    out.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=args.directory, check=True)


if __name__ == "__main__":
    main()
