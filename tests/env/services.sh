#!/usr/bin/env bash
# Test services: Postgres and Redis from Debian packages, started on loopback with throwaway data dirs.
#   services.sh start   install if missing, (re)start fresh, write .tmp/test-env.sh
#   services.sh stop    stop both and delete their data
# Idempotent: start always gives empty databases.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN_DIR=${TOOLBOXAI_SERVICES_DIR:-/tmp/toolboxai-test-services}
PG_PORT=${TEST_PG_PORT:-55432}
REDIS_PORT=${TEST_REDIS_PORT:-56379}
ENV_FILE=${TOOLBOXAI_TEST_ENV_FILE:-$ROOT/.tmp/test-env.sh}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $dir ]] && echo "$dir"
}

install_packages() {
  local missing=()
  [[ -n $(pg_bin) ]] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if ((${#missing[@]})); then
    echo "services: installing ${missing[*]} from Debian packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # The packages start system-wide instances; ours run on their own ports, so those can stay or go.
}

# Postgres refuses to run as root: run it as the package's postgres user when we are root.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_services() {
  local bin
  bin=$(pg_bin || true)
  if [[ -n $bin && -f $RUN_DIR/pg/postmaster.pid ]]; then as_pg "$bin/pg_ctl" -D "$RUN_DIR/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  if [[ -f $RUN_DIR/redis.pid ]]; then kill "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null || true; fi
  sleep 0.2
  as_root rm -rf "$RUN_DIR"
}

start_services() {
  install_packages
  stop_services
  mkdir -p "$RUN_DIR/pg" "$RUN_DIR/redis"
  local bin; bin=$(pg_bin)
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$RUN_DIR"; chmod 755 "$RUN_DIR"; fi
  as_pg "$bin/initdb" -D "$RUN_DIR/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$RUN_DIR/pg" -l "$RUN_DIR/pg.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RUN_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres toolboxai_test

  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$RUN_DIR/redis" --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping >/dev/null

  mkdir -p "$(dirname "$ENV_FILE")"
  cat > "$ENV_FILE" <<ENV
export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/toolboxai_test
export TEST_DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
ENV
  echo "services: Postgres on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT (env in ${ENV_FILE#$ROOT/})"
}

case "${1:-start}" in
  start) start_services ;;
  stop) stop_services ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
