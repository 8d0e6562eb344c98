#!/usr/bin/env bash
# Roblox build: compile shared (package), plugin (model) and game (game) with roblox-ts, then Rojo-build
#   build/ToolBoxAI.rbxm  the Studio plugin   (plugin/default.project.json)
#   build/ToolBoxAI.rbxl  the game place      (default.project.json)
# `npm run build:roblox` runs this. Needs rojo on PATH (tests/env/tools.sh installs it into ~/.cargo/bin).
#   build-roblox.sh --link-only   only make the node_modules scope links rbxtsc needs (see link_scopes)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export PATH="${TOOLBOXAI_TOOLS_DIR:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"

# rbxtsc resolves packages only under <project>/node_modules/<scope> (scope listed in typeRoots), but npm hoists
# the workspaces' packages to the root node_modules. Give plugin/ and game/ a node_modules of links to exactly the
# scopes they use. Linking the whole root node_modules would loop: rbxtsc walks each typeRoot, and the root's
# @toolboxai scope holds the workspaces themselves (game -> game/node_modules -> ...).
link_scopes() {
  local project=$1
  mkdir -p "$project/node_modules/@toolboxai"
  ln -sfn ../../node_modules/@rbxts "$project/node_modules/@rbxts"
  ln -sfn ../../../node_modules/@toolboxai/shared "$project/node_modules/@toolboxai/shared"
}

rbxtsc() { (cd "$1" && shift && npx --no-install rbxtsc "$@"); }

# `--link-only`: just the links (plugin/ and game/ run it before their own `npm run build` / `watch`).
if [[ ${1:-} == --link-only ]]; then
  for project in plugin game; do link_scopes "$project"; done
  exit 0
fi

started=$SECONDS
# A clean out/ so files deleted from shared/src never linger in the builds.
rm -rf shared/out
echo "build-roblox: rbxtsc shared (package)"
rbxtsc shared -p tsconfig.rbxts.json --type package
for project in plugin game; do link_scopes "$project"; done
echo "build-roblox: rbxtsc plugin (model)"
rbxtsc plugin --type model
echo "build-roblox: rbxtsc game (game, Rojo project: default.project.json)"
rbxtsc game --type game --rojo ../default.project.json

mkdir -p build
rojo build plugin/default.project.json --output build/ToolBoxAI.rbxm
rojo build default.project.json --output build/ToolBoxAI.rbxl
echo "build-roblox: done in $((SECONDS - started)) s: build/ToolBoxAI.rbxm (plugin), build/ToolBoxAI.rbxl (place)"
