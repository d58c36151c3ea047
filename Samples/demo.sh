#!/usr/bin/env bash
# `make demo`, in a temporary folder. Part one: a charter repository from scratch — a growth-stage
# company is created and validated, an edit that breaks the boundary (two roles owning the roadmap)
# is refused, the fix is committed with a rationale, an event and both roles' approval. Part two:
# the sample company's ten-year history, with its events, the boundary diff of its first CPO's hire,
# the merger of its CPO and CTO into a CPTO and the CPTO's blame reaching back to 2015, who owns
# what (today and in 2016), the org chart, the audit with its signed approvals, a forged approval caught,
# and the HTML report. Part three: charters added to a folder of a company handbook's repository,
# found from its root, with an editor's leftover warned about and an ignored file unseen. Fixed dates
# keep the output the same on every run.
set -euo pipefail
charter=$(readlink -f "${1:-.build/debug/charter}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/charter-demo.XXXXXX")
repo="$work/acme"

export GIT_AUTHOR_NAME="Dana Reyes" GIT_AUTHOR_EMAIL="dana@acme.example"
export GIT_COMMITTER_NAME="Dana Reyes" GIT_COMMITTER_EMAIL="dana@acme.example"
export GIT_AUTHOR_DATE="2021-03-01T09:00:00+01:00" GIT_COMMITTER_DATE="2021-03-01T09:00:00+01:00"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { local shown="$*"; step "${shown//$charter/charter}"; "$@" || echo "(exit $?)"; }

run "$charter" init "$repo" --company "Acme Robotics" --stage growth
cd "$repo"
run "$charter" validate

step "# the CTO takes the roadmap, but nobody removes it from the CPO"
python3 - <<'PY'
import re
path = "roles/cto.yaml"
text = open(path).read()
text = text.replace("    - id: delivery-approach\n",
                    "    - id: roadmap\n      text: Own the product roadmap while the product team is rebuilt.\n"
                    "    - id: delivery-approach\n", 1)
open(path, "w").write(text)
PY
run "$charter" validate
run "$charter" commit -m "CTO owns the roadmap"

step "# the boundary is made explicit: the roadmap leaves the CPO's charter"
python3 - <<'PY'
path = "roles/cpo.yaml"
lines = open(path).read().split("\n")
start = lines.index("    - id: roadmap")
del lines[start:start + 2]
open(path, "w").write("\n".join(lines))
PY
export GIT_AUTHOR_DATE="2021-06-14T10:30:00+02:00" GIT_COMMITTER_DATE="2021-06-14T10:30:00+02:00"
run "$charter" validate
run "$charter" commit -m "Move the roadmap to the CTO during the product-team rebuild" \
  -m "The CPO is hiring a new product team; until it is staffed the CTO owns the roadmap so that releases keep their dates." \
  --event "reorganization: product team rebuild" --approved-by cpo --approved-by cto

run "$charter" diff HEAD~1 HEAD
run git status --short

step "# Part two: ten years of Northwind Robotics (Samples/build-story.sh), an acquisition among them"
story=$(bash "$here/build-story.sh" "$charter" "$work/story")
cd "$story"
run "$charter" log --events
hire=$("$charter" log --events --format json | python3 -c 'import json,sys; print(next(c["id"] for c in json.load(sys.stdin)["commits"] if (c["event"] or "").startswith("hire: first CPO")))')
run "$charter" diff "${hire:0:7}^" "${hire:0:7}"
run "$charter" diff HEAD~1 HEAD --role cpto
step "# the CPTO continues the CPO and the CTO: blame follows each item back to where it began"
run "$charter" blame cpto
run "$charter" log --role cpto --events
step "# who owns what, today and as it stood; the reporting lines"
run "$charter" who roadmap
run "$charter" who strategy/what --at 2016-01-01
run "$charter" show --org
run "$charter" show --org --format mermaid
run "$charter" audit
step "# someone copies the CPO's signed approval of 2025 onto the commit of 2018 that added the keys, by hand: audit catches it"
keys_commit=$(git log --format=%H --grep "The holders' keys" -1)
git notes --ref charter-approvals show HEAD~1 | git notes --ref charter-approvals add -F - "$keys_commit"
run "$charter" audit "$keys_commit"
git notes --ref charter-approvals remove "$keys_commit" 2>/dev/null
run "$charter" report --html "$work/report.html"

step "# Part three: charters in a folder of a repository that holds other things, a company handbook"
git init -q -b main "$work/handbook"
cd "$work/handbook"
printf '# The Globex handbook\n' > README.md
git add README.md && git commit -qm "Start the handbook"
run "$charter" init org --company "Globex" --stage emerging
step "# an editor's backup file is warned about, never committed; a file git ignores is not seen at all"
cp org/roles/cto.yaml org/roles/cto.yaml~
printf 'draft\n' > org/roles/notes.txt && printf 'org/roles/notes.txt\n' > .git/info/exclude
run "$charter" validate
sed -i 's/^title: .*/title: Chief Technology Officer and co-founder/' org/roles/cto.yaml
run "$charter" commit -m "Name the CTO a co-founder" -m "The board made it official."
run git show --stat --format=%s HEAD
echo
echo "The demo repositories are in $work; the report is $work/report.html"
