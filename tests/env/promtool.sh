#!/usr/bin/env bash
# Alert rules as code: `promtool check rules` and `promtool test rules` on ops/prometheus/, and every alert names a
# section of ops/RUNBOOK.md that exists. promtool comes from Debian's `prometheus` package, installed once if missing
# (like tests/env/services.sh does for Postgres and Redis). Safe to re-run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RULES=$ROOT/ops/prometheus/alerts.yml
RULE_TESTS=$ROOT/ops/prometheus/alerts.test.yml
RUNBOOK=$ROOT/ops/RUNBOOK.md

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool: installing Debian's prometheus package (only its promtool is used)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  # The package may start a system-wide Prometheus; nothing here uses it.
fi
promtool --version 2>&1 | head -n 1

promtool check rules "$RULES"
promtool test rules "$RULE_TESTS"

# Every alert carries a runbook annotation, and each names a "## <Alert>" section of the runbook (GitHub's anchor:
# the heading in lower case).
alerts=$(grep -cE '^\s*- alert: ' "$RULES")
runbooks=$(grep -cE '^\s*runbook: "ops/RUNBOOK\.md#[a-z0-9-]+"' "$RULES")
if [[ $alerts -ne $runbooks ]]; then
  echo "promtool: $alerts alerts but $runbooks runbook annotations in $RULES: every alert names its runbook section" >&2
  exit 1
fi
missing=0
while read -r alert; do
  anchor=$(echo "$alert" | tr '[:upper:]' '[:lower:]')
  if ! grep -qE "^## $alert\$" "$RUNBOOK"; then echo "promtool: $RUNBOOK has no section \"## $alert\"" >&2; missing=1; fi
  if ! grep -qE "runbook: \"ops/RUNBOOK\.md#$anchor\"" "$RULES"; then echo "promtool: alert $alert does not name ops/RUNBOOK.md#$anchor" >&2; missing=1; fi
done < <(grep -E '^\s*- alert: ' "$RULES" | sed -E 's/^\s*- alert: //')
((missing == 0)) || exit 1
echo "promtool: $alerts alerts, each with its runbook section"
