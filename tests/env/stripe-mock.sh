#!/usr/bin/env bash
# Installs the pinned stripe-mock (Stripe's stateless API mock, a Go program) into a cache folder, once.
# Re-running is cheap: a binary that already reports the pinned version is kept. When no Go >= 1.22 is on PATH,
# the Go toolchain is fetched as a module zip from the Go module proxy into the same cache (github.com and go.dev
# need not be reachable; proxy.golang.org must be).
# Cache: $TOOLBOXAI_STRIPE_MOCK_DIR (default ~/.cache/toolboxai/stripe-mock); the binary is <cache>/bin/stripe-mock,
# which the server's Jest suite starts and stops itself (server/src/modules/billing/__tests__/stripe-mock-server.ts).
set -euo pipefail

STRIPE_MOCK_VERSION=v0.203.0
GO_TOOLCHAIN=v0.0.1-go1.24.4.linux-amd64
CACHE=${TOOLBOXAI_STRIPE_MOCK_DIR:-$HOME/.cache/toolboxai/stripe-mock}
BIN="$CACHE/bin/stripe-mock"
mkdir -p "$CACHE/bin"

if [[ -x $BIN && -f "$CACHE/bin/.version" && $(cat "$CACHE/bin/.version") == "$STRIPE_MOCK_VERSION" ]]; then
  echo "stripe-mock: $STRIPE_MOCK_VERSION already in $CACHE/bin"
  exit 0
fi

# go_ok <go binary>: true when it is Go 1.22 or newer (stripe-mock's go.mod asks for 1.22).
go_ok() {
  local version
  version=$("$1" env GOVERSION 2>/dev/null || true)
  [[ $version =~ ^go1\.([0-9]+) ]] && ((BASH_REMATCH[1] >= 22))
}

GO=""
for candidate in "$(command -v go || true)" /usr/local/go/bin/go; do
  if [[ -n $candidate && -x $candidate ]] && go_ok "$candidate"; then GO=$candidate; break; fi
done
if [[ -z $GO ]]; then
  toolchain_dir="$CACHE/go/golang.org/toolchain@$GO_TOOLCHAIN"
  if [[ ! -x "$toolchain_dir/bin/go" ]]; then
    echo "stripe-mock: no Go >= 1.22 on PATH; fetching the Go toolchain $GO_TOOLCHAIN from proxy.golang.org"
    zip="$CACHE/go-toolchain.zip"
    curl -fsSL --retry 3 -o "$zip" "https://proxy.golang.org/golang.org/toolchain/@v/$GO_TOOLCHAIN.zip"
    rm -rf "$CACHE/go" && mkdir -p "$CACHE/go"
    if command -v unzip >/dev/null 2>&1; then (cd "$CACHE/go" && unzip -q "$zip"); else python3 -m zipfile -e "$zip" "$CACHE/go"; fi
    rm -f "$zip"
    chmod +x "$toolchain_dir/bin/"* "$toolchain_dir/pkg/tool/"*/* 2>/dev/null || true
  fi
  GO="$toolchain_dir/bin/go"
  export GOROOT="$toolchain_dir"
fi

echo "stripe-mock: building $STRIPE_MOCK_VERSION with $("$GO" env GOVERSION) (under a minute, once)"
started=$SECONDS
GOBIN="$CACHE/bin" GOTOOLCHAIN=local GOPATH="$CACHE/gopath" GOMODCACHE="$CACHE/gopath/pkg/mod" GOFLAGS=-modcacherw \
  "$GO" install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
echo "$STRIPE_MOCK_VERSION" >"$CACHE/bin/.version"
# Only the binary is kept: the module cache and a fetched toolchain are about 300 MB.
rm -rf "$CACHE/gopath" "$CACHE/go"
echo "stripe-mock: built in $((SECONDS - started)) s into $CACHE/bin"
