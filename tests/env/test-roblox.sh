#!/usr/bin/env bash
# Roblox side of `npm test`:
#   1. build-roblox.sh: rbxtsc (shared, plugin, game) + rojo build of the plugin and the place
#   2. rojo build of the test place (tests/lune/test.project.json: the same code plus specs and Jest Lua)
#   3. Jest Lua specs under Lune (plugin, game server, harness)        tests/lune/run-specs.luau
#   4. contract vectors through the Luau validator                     tests/contracts/luau/run.luau
#   5. end to end against the live service and stand-in servers         tests/e2e/run.ts
# Any failing step fails the script. Postgres/Redis for step 5 come from .tmp/test-env.sh when present
# (tests/env/services.sh start), else the service runs on its embedded default.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export PATH="${TOOLBOXAI_TOOLS_DIR:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"

for tool in rojo lune; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "test-roblox: $tool not found; install it with: bash tests/env/tools.sh" >&2
    exit 1
  fi
done

PLACE=build/test.rbxl
results=()
step() {
  local name=$1; shift
  local started=$SECONDS
  echo
  echo "--- $name"
  if "$@"; then
    results+=("ok    $name ($((SECONDS - started)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - started)) s)")
    printf '%s\n' "${results[@]}"
    exit 1
  fi
}

step "build (rbxtsc + rojo)" bash tests/env/build-roblox.sh
step "test place" rojo build tests/lune/test.project.json --output "$PLACE"
step "Jest Lua specs (Lune)" lune run tests/lune/run-specs.luau "$PLACE"
step "contract vectors (Luau)" lune run tests/contracts/luau/run.luau "$PLACE"
step "end to end (live service)" npx --no-install tsx tests/e2e/run.ts "$PLACE"
echo
printf '%s\n' "${results[@]}"
