#!/usr/bin/env bash
# `npm run bench`: the benches on a Postgres and a Redis of their own (Debian's, started like the tests' services but
# on other ports, stopped afterwards), then the game-content bench on the embedded default as well. With DATABASE_URL
# set, the benches use that database (and REDIS_URL) instead. Arguments go to server/bench/run.ts.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

if [[ -z ${DATABASE_URL:-} ]]; then
  export TOOLBOXAI_SERVICES_DIR=${TOOLBOXAI_BENCH_SERVICES_DIR:-/tmp/toolboxai-bench-services}
  export TEST_PG_PORT=${BENCH_PG_PORT:-55532} TEST_REDIS_PORT=${BENCH_REDIS_PORT:-56479}
  export TOOLBOXAI_TEST_ENV_FILE=$ROOT/.tmp/bench-env.sh
  bash tests/env/services.sh start
  trap 'bash tests/env/services.sh stop >/dev/null 2>&1 || true' EXIT
  # shellcheck disable=SC1091
  source "$TOOLBOXAI_TEST_ENV_FILE"
  export DATABASE_URL=$TEST_DATABASE_URL REDIS_URL=$TEST_REDIS_URL BENCH_EMBEDDED_TOO=1
  # A fresh database: the bench's data dir holds the key its signing keys get sealed with.
  rm -rf "$ROOT/.tmp/bench-data"
fi
npm run --silent -w @toolboxai/server bench -- "$@"
