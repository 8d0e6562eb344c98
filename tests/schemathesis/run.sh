#!/usr/bin/env bash
# Schemathesis against the live service (tests/schemathesis/run.ts): the pinned tool, installed once, then both passes.
# Needs the test Postgres and Redis (tests/env/services.sh start). SCHEMATHESIS_MAX_EXAMPLES / SCHEMATHESIS_SEED tune it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
bash tests/env/schemathesis.sh
exec npx tsx tests/schemathesis/run.ts
