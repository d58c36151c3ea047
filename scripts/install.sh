#!/usr/bin/env bash
# Installs a built charter below a prefix, or removes it: the binary, the completion scripts where
# bash-completion, zsh and fish look for them under that prefix, and the manual page.
#   scripts/install.sh install BINARY MANUAL DEST
#   scripts/install.sh uninstall DEST
# DEST is the prefix with any DESTDIR in front (`make install` passes $(DESTDIR)$(PREFIX)); nothing
# outside it is touched, so no root is needed where it is writable.
set -euo pipefail

usage() { echo "usage: $0 install BINARY MANUAL DEST | uninstall DEST" >&2; exit 2; }

paths() {
  bin=$1/bin/charter
  bash_completion=$1/share/bash-completion/completions/charter
  zsh_completion=$1/share/zsh/site-functions/_charter
  fish_completion=$1/share/fish/vendor_completions.d/charter.fish
  manual_page=$1/share/man/man1/charter.1
}

case "${1:-}" in
  install)
    [ $# -eq 4 ] || usage
    binary=$2 manual=$3
    paths "$4"
    for file in "$bin" "$bash_completion" "$zsh_completion" "$fish_completion" "$manual_page"; do
      install -d "$(dirname "$file")"
    done
    install -m 755 "$binary" "$bin"
    # The scripts come from the binary just installed, so they describe its commands.
    "$bin" completions bash > "$bash_completion"
    "$bin" completions zsh > "$zsh_completion"
    "$bin" completions fish > "$fish_completion"
    chmod 644 "$bash_completion" "$zsh_completion" "$fish_completion"
    install -m 644 "$manual" "$manual_page"
    echo "installed $bin, its completions for bash, zsh and fish, and $manual_page"
    ;;
  uninstall)
    [ $# -eq 2 ] || usage
    paths "$2"
    rm -f "$bin" "$bash_completion" "$zsh_completion" "$fish_completion" "$manual_page"
    ;;
  *) usage ;;
esac
