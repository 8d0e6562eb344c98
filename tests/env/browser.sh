#!/usr/bin/env bash
# Browser for the dashboard tests: Debian's Chromium (playwright-core drives it; Playwright's own browser
# download does not work on these machines). Installs it when missing; safe to re-run.
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x $CHROMIUM ]]; then
  echo "browser: installing chromium from Debian packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
fi
# Refuse early, with the reason, when the binary is there but cannot run (missing libraries).
"$CHROMIUM" --version
