#!/usr/bin/env bash
# `npm test`: prepares the machine (dependencies, Rojo + Lune, Postgres + Redis) and runs every suite.
# Safe to re-run; a failing suite fails the whole run, and a summary names each suite's result.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

export PATH="${TOOLBOXAI_TOOLS_DIR:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
results=()
passed=0
failed=0
LOG_DIR="$ROOT/.tmp/test-logs"
mkdir -p "$LOG_DIR"
step() {
  local name=$1; shift
  local started=$SECONDS
  local log
  log="$LOG_DIR/$(printf '%02d' "${#results[@]}").log"
  echo
  echo "=== $name"
  if "$@" 2>&1 | tee "$log"; then
    count "$log" ok
    results+=("ok    $name ($((SECONDS - started)) s)")
  else
    count "$log" failed
    results+=("FAIL  $name ($((SECONDS - started)) s)")
    summary
    exit 1
  fi
}
# Adds a step's test counts to the totals, from the closing lines its runners print: Jest (Node and Jest Lua under
# Lune) "Tests: [N failed, ][N skipped, ]N passed, N total", schemathesis "N generated, N passed[, N failed]", the Luau
# contract vectors "N cases in M files, K mismatches". A failed step with no count still counts as one failure.
count() {
  local log=$1 outcome=$2 counts
  counts=$(sed -e 's/\x1b\[[0-9;]*m//g' "$log" | awk '
    /^Tests: / { for (i = 2; i <= NF; i++) { n = $i + 0; w = $(i + 1); gsub(/,/, "", w);
                 if (w == "passed") p += n; else if (w == "failed") f += n } }
    /^ *[0-9]+ generated, [0-9]+ passed/ { p += $3; if ($5 + 0 > 0) f += $5 }
    /cases in [0-9]+ files, [0-9]+ mismatches/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "cases") { p += $i - $(NF - 1); f += $(NF - 1) } }
    END { printf "%d %d", p, f }')
  passed=$((passed + ${counts% *}))
  local step_failed=${counts#* }
  if [[ $outcome == failed && $step_failed -eq 0 ]]; then step_failed=1; fi
  failed=$((failed + step_failed))
}
summary() {
  echo
  echo "=== summary (each step's output: $LOG_DIR)"
  printf '%s\n' "${results[@]}"
  # The one closing line for the whole run, in the plain form any CI reads.
  echo "tests: $passed passed, $failed failed"
}

# Dependencies: install when node_modules is missing or older than the lockfile.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci" npm ci --no-audit --no-fund
fi
step "format, lint, layering (biome, dependency-cruiser)" npm run -s lint
step "tools (rojo, lune)" bash tests/env/tools.sh
step "stripe-mock (pinned, cached; the server suite starts it)" bash tests/env/stripe-mock.sh
step "alert rules (promtool check + test, runbook sections)" bash tests/env/promtool.sh
step "services (postgres, redis)" bash tests/env/services.sh start
trap 'bash tests/env/services.sh stop >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC1091
source "${TOOLBOXAI_TEST_ENV_FILE:-.tmp/test-env.sh}"

step "typecheck + build (shared, server)" npx tsc -b shared server
step "typecheck server tests" npx tsc -p server/tsconfig.test.json
step "server (jest, real postgres + redis)" npx jest -c server/jest.config.js --ci
step "contract vectors on node" npx jest -c tests/jest.config.js --ci
step "cli (tsc, jest: units + the real bin against the live service)" bash -c "npx tsc -p cli/tsconfig.json && npx jest -c cli/jest.config.js --ci"
step "browser (debian chromium)" bash tests/env/browser.sh
step "typecheck dashboard, browser and schemathesis runner" bash -c "npx tsc -p server/dashboard/tsconfig.json && npx tsc -p tests/browser/tsconfig.json && npx tsc -p tests/schemathesis/tsconfig.json"
step "dashboard in the browser (playwright-core, npm start on postgres + redis)" npx jest -c tests/browser/jest.config.js --ci
step "schemathesis (live service vs its openapi.json, signed in and not)" bash tests/schemathesis/run.sh
step "roblox side (rbxtsc, rojo build, lune: specs, vectors, end to end)" bash tests/env/test-roblox.sh
summary
