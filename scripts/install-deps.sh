#!/usr/bin/env bash
# Installs what building and testing charter needs and the machine lacks:
# libgit2 (with pkg-config) from Debian, the git CLI the tests use as a witness, OpenSSH's client
# tools (ssh-keygen, ssh-agent, ssh-add) as the witness of SSH signatures, Chromium to render
# the HTML report, Graphviz to draw `show --org --format dot`, bash, zsh, fish and man to check the
# completion scripts and the manual page, Python's jsonschema and PyYAML for the JSON Schema check,
# xmlschema for the JUnit XML check, and the pre-commit framework that a test runs charter's
# .pre-commit-hooks.yaml with.
# Quiet when all is there. With --build, only what building needs (libgit2): `make install`.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
  echo "installing: $*" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

missing=()
pkg-config --exists libgit2 2>/dev/null || missing+=(libgit2-dev pkg-config)
if [ "${1:-}" = --build ]; then
  [ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
  exit 0
fi
command -v git >/dev/null 2>&1 || missing+=(git)
# The signing tests check every signature against ssh-keygen and sign through a real ssh-agent.
command -v ssh-keygen >/dev/null 2>&1 && command -v ssh-agent >/dev/null 2>&1 || missing+=(openssh-client)
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
# The report test renders the HTML report in a real browser.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The org chart test has Graphviz draw the DOT output.
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
# The completion scripts are checked by each shell, the manual page rendered by man.
for shell in bash zsh fish; do command -v $shell >/dev/null 2>&1 || missing+=($shell); done
command -v man >/dev/null 2>&1 || missing+=(man-db)
[ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"

# jsonschema 4.18 or later: its `referencing` resolves the output schemas' references to each other.
if ! python3 -c 'import jsonschema, referencing, yaml, xmlschema' 2>/dev/null; then
  echo "installing: jsonschema PyYAML xmlschema (PyPI)" >&2
  python3 -m pip install --quiet 'jsonschema>=4.18' PyYAML xmlschema 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages 'jsonschema>=4.18' PyYAML xmlschema
fi

if ! python3 -c 'import pre_commit' 2>/dev/null; then
  echo "installing: pre-commit (PyPI)" >&2
  python3 -m pip install --quiet pre-commit 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages pre-commit
fi
