#!/usr/bin/env bash
# `npm test`: prepares the machine (dependencies, Rojo + Lune, Postgres + Redis) and runs every suite.
# Safe to re-run; a failing suite fails the whole run, and a summary names each suite's result.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

export PATH="${TOOLBOXAI_TOOLS_DIR:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
results=()
step() {
  local name=$1; shift
  local started=$SECONDS
  echo
  echo "=== $name"
  if "$@"; then
    results+=("ok    $name ($((SECONDS - started)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - started)) s)")
    summary
    exit 1
  fi
}
summary() {
  echo
  echo "=== summary"
  printf '%s\n' "${results[@]}"
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
