#!/usr/bin/env bash
# Builds the sample company's charter history, ten years of it, with charter commands and fixed dates:
#   Samples/build-story.sh CHARTER DIR
# Northwind Robotics is founded in 2015 with a CTO who owns everything; hires its first CPO in 2017;
# opens a second product line in 2019; acquires Southgate Sensors in 2020 (whose own charter history
# the script builds too); integrates it in 2021; splits delivery off to a VP of Engineering in 2023;
# in 2025 sees its first CPO leave, the charter unchanged; and in 2026 merges the CPO and the CTO
# into one Chief Product and Technology Officer, whose charter continues both.
# From 2018 the holders' approvals are signed with their SSH keys (`charter approve`): keys made by
# ssh-keygen into a temporary folder, or, for a story that is the same on every run (the tests), the
# Ed25519 keys of the folder CHARTER_STORY_KEYS names (ceo, cto, ines, lena).
set -euo pipefail
charter=$(readlink -f "$1")
root=$2
mkdir -p "$root"
root=$(cd "$root" && pwd)

if [ -n "${CHARTER_STORY_KEYS:-}" ]; then
  keys=$(cd "$CHARTER_STORY_KEYS" && pwd)
else
  keys=$(mktemp -d "${TMPDIR:-/tmp}/charter-story-keys.XXXXXX")
  trap 'rm -rf "$keys"' EXIT
  for holder in ceo cto ines lena; do ssh-keygen -q -t ed25519 -N "" -C "$holder@northwind.example" -f "$keys/$holder"; done
fi
key() { cat "$keys/$1.pub"; }
# approve ROLE HOLDER: the holder of ROLE signs the approval of the last commit.
approve() { quiet "$charter" approve HEAD --role "$1" --key "$keys/$2"; }

export GIT_AUTHOR_NAME="Maya Lindqvist" GIT_AUTHOR_EMAIL="maya@northwind.example"
export GIT_COMMITTER_NAME="Maya Lindqvist" GIT_COMMITTER_EMAIL="maya@northwind.example"
on() { export GIT_AUTHOR_DATE="$1T10:00:00+01:00" GIT_COMMITTER_DATE="$1T10:00:00+01:00"; }
# edit FILE: a Python snippet transforms the file's text, held in `t`.
edit() { python3 -c "import sys; p=sys.argv[1]; t=open(p).read(); exec(sys.argv[2]); open(p,'w').write(t)" "$1" "$2"; }
quiet() { "$@" > /dev/null; }

# --- Southgate Sensors, the company Northwind will acquire -------------------------------------
on 2016-02-01
export GIT_AUTHOR_NAME="Omar Reyes" GIT_AUTHOR_EMAIL="omar@southgate.example"
quiet "$charter" init "$root/southgate" --company "Southgate Sensors" --stage growth
cd "$root/southgate"
on 2018-07-01
edit roles/cto.yaml 't = t.replace("    - id: delivery-approach\n", "    - id: sensor-calibration\n      text: Own the calibration of every sensor line, in the lab and in the field.\n    - id: delivery-approach\n", 1)'
quiet "$charter" commit -m "Calibration becomes the CTO's" \
  -m "Field failures traced back to calibration drift; one owner, in engineering, fixes that." --approved-by cto
export GIT_AUTHOR_NAME="Maya Lindqvist" GIT_AUTHOR_EMAIL="maya@northwind.example"

# --- Northwind Robotics -------------------------------------------------------------------------
on 2015-03-02
quiet "$charter" init "$root/northwind" --company "Northwind Robotics" --stage emerging
cd "$root/northwind"

on 2017-09-04   # the first CPO: the why, what and when move over, the CTO keeps the how
quiet "$charter" init "$root/.growth" --company "Northwind Robotics" --stage growth
cp "$root/.growth/roles/cpo.yaml" "$root/.growth/roles/cto.yaml" roles/
rm -rf "$root/.growth"
edit roles/cpo.yaml 't = t.replace("reports-to: ceo\n", "holder: Ines Duarte\nreports-to: ceo\n", 1)'
edit charter.yaml 't = t.replace("stage: emerging", "stage: growth")'
quiet "$charter" commit -m "Hire Ines Duarte as our first Chief Product Officer" \
  -m "With two enterprise customers asking for different things, the CTO can no longer decide what to build and how to build it. The CPO takes the why, what and when of the product, customer research and the experience metrics; the CTO keeps the how and product performance." \
  --event "hire: first CPO" --approved-by cto --approved-by cpo

on 2018-01-15   # the holders' keys: from now on approvals are signed
edit roles/cpo.yaml "t = t.replace('reports-to: ceo\\n', 'reports-to: ceo\\nkeys:\\n- $(key ines)\\n', 1)"
edit roles/cto.yaml "t = t.replace('reports-to: ceo\\n', 'reports-to: ceo\\nkeys:\\n- $(key cto)\\n', 1)"
edit charter.yaml "t = t.replace('external: [ceo, board]\\n', 'external: [ceo, board]\\nkeys:\\n  ceo:\\n  - $(key ceo)\\n', 1)"
quiet "$charter" commit -m "The holders' keys" \
  -m "Approvals are signed from now on: each approver's public key is in the charter of the role it speaks for, the CEO's in charter.yaml."

on 2019-04-15   # a second product line: the CPO now looks across the portfolio
edit roles/cpo.yaml 't = t.replace("    responsibilities:\n    - id: plan-progress\n", "    responsibilities:\n    - id: portfolio-health\n      text: Look across both product lines at how well each tracks toward the company vision.\n    - id: plan-progress\n", 1)'
quiet "$charter" commit -m "Track the portfolio across both product lines" \
  -m "Northwind Home launches next to Northwind Industrial; someone has to weigh the two lines against each other, and that is product's call." \
  --event "product-line: Northwind Home" --approved-by cpo
approve cpo ines

on 2020-10-01   # the acquisition
quiet "$charter" import "$root/southgate" --prefix southgate --event "Southgate Sensors"

on 2021-03-15   # the integration: one product leader; Southgate's CTO becomes head of sensor engineering
rm roles/southgate-cpo.yaml
cat > roles/southgate-cto.yaml <<'YAML'
# yaml-language-server: $schema=../charter.schema.json
role: southgate-cto
title: Head of Sensor Engineering
holder: Omar Reyes
reports-to: cto
areas:
  strategy:
    responsibilities:
    - id: sensor-calibration
      text: Own the calibration of every sensor line, in the lab and in the field.
  innovation:
    responsibilities: []
  customers:
    responsibilities: []
  metrics:
    responsibilities: []
YAML
quiet "$charter" commit -m "Integrate Southgate's leadership into Northwind's" \
  -m "Ines Duarte leads product for both companies; Omar Reyes leads sensor engineering under the CTO and keeps calibration, which only Southgate had. Every other overlap resolves to the Northwind role." \
  --event "reorganization: Southgate integration" \
  --approved-by cpo --approved-by cto --approved-by southgate-cpo --approved-by southgate-cto
approve cpo ines
approve cto cto

on 2023-06-01   # a re-split at scale: delivery moves to a VP of Engineering
cat > roles/vp-engineering.yaml <<'YAML'
# yaml-language-server: $schema=../charter.schema.json
role: vp-engineering
title: VP of Engineering
holder: Sam Okafor
reports-to: cto
areas:
  strategy:
    responsibilities: []
  innovation:
    responsibilities: []
  customers:
    responsibilities: []
  metrics:
    kpis:
    - id: team-velocity
      name: Team velocity
    - id: defect-rate
      name: Product defects
    - id: cycle-time
      name: Cycle time
    responsibilities:
    - id: process-improvement
      text: Use development metrics to improve how the teams build and ship.
YAML
edit roles/cto.yaml 'import re; t = re.sub(r"    - id: process-improvement\n      text: [^\n]*\n", "", t); t = re.sub(r"    - id: (team-velocity|defect-rate|cycle-time)\n      name: [^\n]*\n", "", t)'
edit charter.yaml 't = t.replace("stage: growth", "stage: scale")'
quiet "$charter" commit -m "A VP of Engineering runs delivery" \
  -m "Three hundred engineers across two companies: the CTO keeps architecture and technology bets, and hands the delivery process and its metrics to Sam Okafor." \
  --event "hire: VP of Engineering" --approved-by cto --approved-by vp-engineering
approve cto cto

on 2025-02-03   # ten years on: the first CPO leaves, the boundary stays where it is
edit roles/cpo.yaml 't = t.replace("holder: Ines Duarte\n", "holder: Lena Novak\n", 1)'
edit roles/cpo.yaml "t = t.replace('$(key ines)', '$(key lena)', 1)"
quiet "$charter" commit -m "Lena Novak succeeds Ines Duarte as CPO" \
  -m "The charter outlives the person: the CPO's responsibilities and decision rights carry over unchanged. Ines signs the handover of the role's key." \
  --event "departure: Ines Duarte" --approved-by cpo
approve cpo ines

on 2026-01-12   # one leader for product and technology: the CPO and the CTO merge into a CPTO
python3 - <<'PY'
import yaml
cpo, cto = (yaml.safe_load(open(f"roles/{role}.yaml")) for role in ("cpo", "cto"))
def merged(product, technology):
    part = {}
    mandates = [m for m in (product.get("mandate"), technology.get("mandate")) if m]
    if mandates: part["mandate"] = " ".join(mandates)
    decides = (product.get("decides") or []) + (technology.get("decides") or [])
    if decides: part["decides"] = decides
    kpis = (product.get("kpis") or []) + (technology.get("kpis") or [])
    if kpis: part["kpis"] = kpis
    part["responsibilities"] = [{k: v for k, v in item.items() if k != "consults"}
                                for item in (product.get("responsibilities") or []) + (technology.get("responsibilities") or [])]
    return part
role = {"role": "cpto", "title": "Chief Product and Technology Officer", "holder": cpo["holder"], "reports-to": "ceo",
        "continues": ["cpo", "cto"], "keys": cpo["keys"],
        "areas": {area: merged(cpo["areas"][area], cto["areas"][area]) for area in cto["areas"]}}
with open("roles/cpto.yaml", "w") as out:
    out.write("# yaml-language-server: $schema=../charter.schema.json\n")
    yaml.safe_dump(role, out, sort_keys=False, width=1000, allow_unicode=True)
PY
rm roles/cpo.yaml roles/cto.yaml
for role in roles/*.yaml; do edit "$role" 't = t.replace("reports-to: cto\n", "reports-to: cpto\n")'; done
quiet "$charter" commit -m "Lena Novak leads product and technology as CPTO" \
  -m "With one product platform across Northwind and Southgate, the board wants one leader answerable for what is built and how. The CPO and CTO charters merge; sensor engineering and delivery report to the CPTO." \
  --event "reorganization: CPO and CTO merged" --approved-by cpto
# Each role that ends signs with its own key; the CEO signs for the new role's key.
approve cpo lena
approve cto cto
approve ceo ceo

echo "$root/northwind"
