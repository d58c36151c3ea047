#!/usr/bin/env python3
"""Writes the worst-case shapes of YAML a role file can hold under the 1 MiB limit.

    generate_hostile.py ROLE_FILE SHAPE [--reader fast|libyaml] [--bytes N]
    generate_hostile.py --list

Each shape is appended as `x-` keys (allowed extras, read in full) to the valid role file ROLE_FILE,
which is grown to just under N bytes (default 1,048,576 minus 1 KiB). With `--reader libyaml` a
block scalar comes first, which the fast reader leaves to libyaml, so the whole file goes through
libyaml's events; with `--reader fast` (the default) the fast reader reads what it can.
"""
import argparse
import sys

LIMIT = 1 << 20


def repeat(head, item, tail, budget, separator=""):
    """head + item(0) + separator + item(1) ... + tail, as long as it fits in budget bytes."""
    parts, size, index = [head], len(head) + len(tail), 0
    while True:
        piece = (separator if index else "") + item(index)
        if size + len(piece.encode()) > budget:
            break
        parts.append(piece)
        size += len(piece.encode())
        index += 1
    parts.append(tail)
    return "".join(parts)


def deep_flow(levels):
    return "[" * levels + "1" + "]" * levels


def deep_block(index, levels):
    # A chain of single-key mappings `levels` deep under one top-level x- key.
    lines = [f"x-deep-{index}:"]
    for level in range(1, levels):
        lines.append("  " * level + f"k{level}:")
    lines[-1] += " v"
    return "\n".join(lines) + "\n"


# Name: (function of the byte budget that returns the text to append, what it is).
SHAPES = {
    "flow-sequence": (lambda b: repeat("x-a: [", lambda i: str(i), "]\n", b, ", "),
                      "one line `x-a: [0, 1, 2, ...]`"),
    "flow-mapping": (lambda b: repeat("x-a: {", lambda i: f"k{i}: v", "}\n", b, ", "),
                     "one line `x-a: {k0: v, k1: v, ...}`"),
    "block-sequence": (lambda b: repeat("x-a:\n", lambda i: f"- {i}\n", "", b),
                       "`x-a:` then `- 0`, `- 1`, ... one per line"),
    "top-level-keys": (lambda b: repeat("", lambda i: f"x-k{i}: v\n", "", b),
                       "`x-k0: v`, `x-k1: v`, ... at the top level"),
    "nested-mapping": (lambda b: repeat("x-a:\n", lambda i: f"  k{i}: v\n", "", b),
                       "`x-a:` then `  k0: v`, `  k1: v`, ..."),
    "sequence-of-mappings": (lambda b: repeat("x-a:\n", lambda i: f"- id: i{i}\n  text: t\n", "", b),
                             "`x-a:` then `- id: i0` / `  text: t`, ..."),
    "comment-lines": (lambda b: repeat("", lambda i: "#\n", "x-end: v\n", b),
                      "a line `#` over and over"),
    "block-scalar-lines": (lambda b: repeat("x-t: |\n", lambda i: "  a\n", "", b),
                           "`x-t: |` then `  a` over and over"),
    "long-plain-line": (lambda b: repeat("x-t: ", lambda i: "a", "\n", b),
                        "one plain scalar line `x-t: aaaa...`"),
    "long-quoted-line": (lambda b: repeat("x-t: \"", lambda i: "a", "\"\n", b),
                         "one double-quoted scalar line"),
    "deep-flow": (lambda b: repeat("x-d: [", lambda i: deep_flow(30), "]\n", b, ", "),
                  "`x-d: [[[...1...]]], ...` 31 levels deep, repeated"),
    "deep-block": (lambda b: repeat("", lambda i: deep_block(i, 31), "", b),
                   "mappings 31 levels deep by indentation, repeated"),
}

# A block scalar is never the fast reader's: it hands the file to libyaml at once.
LIBYAML_PREFIX = "x-via-libyaml: |\n  block\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("role_file", nargs="?")
    parser.add_argument("shape", nargs="?", choices=sorted(SHAPES))
    parser.add_argument("--reader", choices=["fast", "libyaml"], default="fast")
    parser.add_argument("--bytes", type=int, default=LIMIT - 1024)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        for name, (_, what) in SHAPES.items():
            print(f"{name}\t{what}")
        return
    if not args.role_file or not args.shape:
        parser.error("ROLE_FILE and SHAPE are required")
    with open(args.role_file, encoding="utf-8") as f:
        base = f.read()
    if not base.endswith("\n"):
        base += "\n"
    prefix = LIBYAML_PREFIX if args.reader == "libyaml" else ""
    budget = args.bytes - len(base.encode()) - len(prefix)
    if budget <= 0:
        sys.exit("the role file alone is over the size asked for")
    text = base + prefix + SHAPES[args.shape][0](budget)
    with open(args.role_file, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
