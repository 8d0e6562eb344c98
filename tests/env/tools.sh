#!/usr/bin/env bash
# Installs the pinned Rojo and Lune with `cargo install --locked` into a cache folder, once.
# Re-running is cheap: a binary that already reports the pinned version is kept.
# Cache: $TOOLBOXAI_TOOLS_DIR (default ~/.cargo, so binaries land in ~/.cargo/bin).
set -euo pipefail

ROJO_VERSION=7.7.1
LUNE_VERSION=0.10.5
TOOLS_DIR=${TOOLBOXAI_TOOLS_DIR:-$HOME/.cargo}
export PATH="$TOOLS_DIR/bin:$HOME/.cargo/bin:$PATH"

ensure_cargo() {
  if command -v cargo >/dev/null 2>&1; then return; fi
  echo "tools: cargo not found; installing Rust with rustup" >&2
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  export PATH="$HOME/.cargo/bin:$PATH"
}

# install_tool <crate> <version> <binary>
install_tool() {
  local crate=$1 version=$2 bin=$3 have=""
  if [[ -x "$TOOLS_DIR/bin/$bin" ]]; then have=$("$TOOLS_DIR/bin/$bin" --version 2>/dev/null || true); fi
  if [[ $have == *"$version"* ]]; then
    echo "tools: $bin $version already in $TOOLS_DIR/bin"
    return
  fi
  ensure_cargo
  echo "tools: building $crate $version with cargo (takes minutes, once)"
  local started=$SECONDS
  cargo install "$crate" --locked --version "=$version" --root "$TOOLS_DIR" --quiet
  echo "tools: $crate $version built in $((SECONDS - started)) s"
}

install_tool rojo "$ROJO_VERSION" rojo
install_tool lune "$LUNE_VERSION" lune
