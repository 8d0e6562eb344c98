#!/usr/bin/env bash
# Installs the pinned schemathesis from PyPI into a virtualenv, once.
# Re-running is cheap: a virtualenv whose `st` already reports the pinned version is kept.
# Cache: $TOOLBOXAI_SCHEMATHESIS_VENV (default ~/.cache/toolboxai/schemathesis-venv).
# Every package is pinned (tests/schemathesis/requirements.txt), so a rebuilt virtualenv is the same one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

SCHEMATHESIS_VERSION=4.32.5
VENV=${TOOLBOXAI_SCHEMATHESIS_VENV:-$HOME/.cache/toolboxai/schemathesis-venv}
REQUIREMENTS="$ROOT/tests/schemathesis/requirements.txt"

have=""
if [[ -x "$VENV/bin/st" ]]; then have=$("$VENV/bin/st" --version 2>/dev/null || true); fi
if [[ $have == *"$SCHEMATHESIS_VERSION"* ]]; then
  echo "schemathesis: $SCHEMATHESIS_VERSION already in $VENV"
  exit 0
fi

if ! grep -qx "schemathesis==$SCHEMATHESIS_VERSION" "$REQUIREMENTS"; then
  echo "schemathesis: $REQUIREMENTS does not pin schemathesis==$SCHEMATHESIS_VERSION" >&2
  exit 1
fi
python=$(command -v python3 || true)
if [[ -z $python ]]; then
  echo "schemathesis: python3 (3.9 or newer) is needed" >&2
  exit 1
fi
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "schemathesis: python3 lacks venv/ensurepip; installing python3-venv from Debian" >&2
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi

started=$SECONDS
echo "schemathesis: installing $SCHEMATHESIS_VERSION into $VENV (once)"
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
"$python" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQUIREMENTS"
"$VENV/bin/st" --version
echo "schemathesis: installed in $((SECONDS - started)) s"
