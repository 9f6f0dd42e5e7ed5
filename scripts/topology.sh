#!/usr/bin/env bash
# The many-machine topology on one machine (docs/deploy.md): nginx round-robin in front of two
# gunicorn app servers, PostgreSQL, Redis, a task worker and an S3 stand-in (moto's server),
# all started from the same environment switches a real deployment sets.
#
#   scripts/topology.sh run       up, the scenario (scripts/topology_scenario.py), down
#   scripts/topology.sh up        start everything and wait (Ctrl-C stops it all)
#
# Everything it starts is stopped on exit, whatever happens; its database is dropped unless
# TOPOLOGY_KEEP_DB=1. Needs root for PostgreSQL's admin commands and, once, apt-get install nginx.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
BASE_PORT=${TOPOLOGY_PORT:-8100}
PROXY_PORT=$BASE_PORT A_PORT=$((BASE_PORT + 1)) B_PORT=$((BASE_PORT + 2))
REDIS_PORT=$((BASE_PORT + 3)) S3_PORT=$((BASE_PORT + 4))
DB_NAME=${TOPOLOGY_DB:-chophien_topology}
DB_URL="postgres://chophien_ci:chophien_ci@127.0.0.1:5432/$DB_NAME"
RUN_DIR=$(mktemp -d /tmp/chophien-topology.XXXXXX)
PIDS=()
started=$SECONDS

say() { printf '[topology %3ss] %s\n' "$((SECONDS - started))" "$*"; }

stop_all() {
  local rc=$?
  trap - EXIT INT TERM
  say "stopping ${#PIDS[@]} processes"
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; done
  # Ten seconds in all to finish what they are doing (gunicorn's requests, the worker's task).
  for _ in $(seq 100); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    for log in "$RUN_DIR"/*.log; do echo "== last lines of $log"; tail -n 15 "$log"; done
  fi
  if [ "${TOPOLOGY_KEEP_DB:-0}" != 1 ]; then
    runuser -u postgres -- dropdb --if-exists "$DB_NAME" || true
  fi
  if [ "$rc" -eq 0 ]; then rm -rf "$RUN_DIR"; else say "logs kept in $RUN_DIR"; fi
  say "stopped (exit $rc)"
  exit "$rc"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: run it in the background, its output in $RUN_DIR/NAME.log.
start() {
  local name=$1
  shift
  "$@" >"$RUN_DIR/$name.log" 2>&1 &
  PIDS+=($!)
}

wait_for_port() {
  local name=$1 port=$2
  for _ in $(seq 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "${PIDS[-1]}" 2>/dev/null || { say "$name exited"; return 1; }
    sleep 0.2
  done
  say "$name did not open port $port"
  return 1
}

for port in $PROXY_PORT $A_PORT $B_PORT $REDIS_PORT $S3_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port is taken: set TOPOLOGY_PORT to another base port"
    exit 1
  fi
done

# Debian's nginx and Redis, installed the first time (as CI's fresh machine needs).
missing=""
command -v nginx >/dev/null || missing="$missing nginx-light"
test -x /usr/bin/redis-server || missing="$missing redis-server"
if [ -n "$missing" ]; then
  say "installing$missing (Debian's packages)"
  # Keep the packages from starting their own nginx (port 80) and Redis as they install.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
    >/dev/null 2>&1 || {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  }
  if [ "$policy_added" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

say "PostgreSQL: a fresh database $DB_NAME"
pg_ctlcluster 15 main start 2>/dev/null || pg_lsclusters | grep -q "15 *main.*online"
for _ in $(seq 30); do runuser -u postgres -- pg_isready -q && break; sleep 1; done
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'chophien_ci') THEN
    CREATE ROLE chophien_ci LOGIN CREATEDB PASSWORD 'chophien_ci';
  END IF;
END $$;
SQL
runuser -u postgres -- dropdb --if-exists "$DB_NAME"
# A migrated empty database is kept as a template, named after everything that shapes the
# schema (our migrations, the pinned packages' versions): a later run copies it in a second
# instead of migrating for a minute or more. A change to either makes a new one.
schema_key=$(
  { find . -path ./.venv -prune -o -path ./node_modules -prune -o -path '*/migrations/*.py' -print |
    LC_ALL=C sort | xargs cat; cat requirements.txt; } | sha1sum | cut -c1-12
)
TEMPLATE="${DB_NAME}_template_$schema_key"
database_exists() {
  runuser -u postgres -- psql -Atqc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

# The same switches on every process, as on real machines (config.switches).
export DJANGO_SETTINGS_MODULE=config.settings.topology
export DATABASE_URL=$DB_URL
# The reports' replica: here the same server (there is one PostgreSQL), so the scenario proves
# the routing is configured, not streaming replication (docs/deploy.md).
export DATABASE_REPLICA_URL=$DB_URL
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CHOPHIEN_TASKS_BACKEND=database
# One proxy (nginx, below) names the client in X-Forwarded-For: sign-in throttling reads it.
export CHOPHIEN_TRUSTED_PROXY_COUNT=1
export AWS_STORAGE_BUCKET_NAME=chophien-media CHOPHIEN_PRIVATE_BUCKET_NAME=chophien-private
export AWS_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT" AWS_S3_REGION_NAME=us-east-1
export AWS_ACCESS_KEY_ID=topology AWS_SECRET_ACCESS_KEY=topology-secret
# Photos are served under the site's own address: nginx passes /media/ to the bucket.
export AWS_S3_CUSTOM_DOMAIN="127.0.0.1:$PROXY_PORT/media" AWS_S3_URL_PROTOCOL=http:
export TOPOLOGY_PROXY="http://127.0.0.1:$PROXY_PORT" TOPOLOGY_A="http://127.0.0.1:$A_PORT"
export TOPOLOGY_B="http://127.0.0.1:$B_PORT"

say "Redis on $REDIS_PORT, the S3 stand-in on $S3_PORT"
start redis /usr/bin/redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" \
  --appendonly no --dir "$RUN_DIR"
wait_for_port redis "$REDIS_PORT"
start s3 .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT"
wait_for_port s3 "$S3_PORT"
"$PY" - <<'PY'
import json
import os

import boto3

s3 = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"])
public, private = os.environ["AWS_STORAGE_BUCKET_NAME"], os.environ["CHOPHIEN_PRIVATE_BUCKET_NAME"]
for bucket in (public, private):
    s3.create_bucket(Bucket=bucket)
# Anyone may read the public bucket's objects (as docs/deploy.md sets it up); the private
# bucket has no policy, so only signed requests with the app's key read it.
read = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}
policy = {"Version": "2012-10-17", "Statement": [{**read, "Resource": f"arn:aws:s3:::{public}/*"}]}
s3.put_bucket_policy(Bucket=public, Policy=json.dumps(policy))
PY

if database_exists "$TEMPLATE"; then
  say "the migrated database from its template $TEMPLATE"
  runuser -u postgres -- createdb -O chophien_ci -T "$TEMPLATE" "$DB_NAME"
else
  say "migrate (the template $TEMPLATE is made once)"
  runuser -u postgres -- createdb -O chophien_ci "$DB_NAME"
  "$PY" manage.py migrate --noinput -v 0
  for old in $(runuser -u postgres -- psql -Atqc \
    "SELECT datname FROM pg_database WHERE datname LIKE '${DB_NAME}_template_%'"); do
    runuser -u postgres -- dropdb "$old"
  done
  runuser -u postgres -- createdb -O chophien_ci -T "$DB_NAME" "$TEMPLATE"
fi
say "demo data"
DJANGO_DEBUG=1 "$PY" manage.py load_demo_data >"$RUN_DIR/demo.log"
"$PY" manage.py rebuild_search_documents >>"$RUN_DIR/demo.log"

say "two app servers ($A_PORT, $B_PORT), nginx ($PROXY_PORT), the task worker"
for server in a:$A_PORT b:$B_PORT; do
  start "gunicorn-${server%%:*}" .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:${server#*:}" \
    --workers 2 --timeout 60 --access-logfile -
done
wait_for_port "gunicorn a" "$A_PORT"
wait_for_port "gunicorn b" "$B_PORT"
start worker "$PY" manage.py db_worker --interval 0.2 --no-startup-delay

mkdir -p "$RUN_DIR/nginx"
cat >"$RUN_DIR/nginx.conf" <<NGINX
worker_processes 1;
user root;
daemon off;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log $RUN_DIR/nginx-access.log;
  client_body_temp_path $RUN_DIR/nginx/body;
  proxy_temp_path $RUN_DIR/nginx/proxy;
  fastcgi_temp_path $RUN_DIR/nginx/fastcgi;
  uwsgi_temp_path $RUN_DIR/nginx/uwsgi;
  scgi_temp_path $RUN_DIR/nginx/scgi;
  client_max_body_size 20m;
  upstream app { server 127.0.0.1:$A_PORT; server 127.0.0.1:$B_PORT; }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    # Public media straight from the bucket, under the site's address (same origin for CSP).
    location /media/ { proxy_pass http://127.0.0.1:$S3_PORT/$AWS_STORAGE_BUCKET_NAME/; }
    location / {
      proxy_pass http://app;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
NGINX
start nginx nginx -c "$RUN_DIR/nginx.conf"
wait_for_port nginx "$PROXY_PORT"
say "up: $TOPOLOGY_PROXY (A $TOPOLOGY_A, B $TOPOLOGY_B)"

case "${1:-run}" in
  run)
    "$PY" scripts/topology_scenario.py
    ;;
  up)
    # The same environment for a shell: set -a; . "$RUN_DIR/env"; python scripts/topology_scenario.py
    export -p | grep -E ' (DJANGO_SETTINGS_MODULE|DATABASE|REDIS_URL|CHOPHIEN_|AWS_|TOPOLOGY_)' \
      >"$RUN_DIR/env"
    say "environment in $RUN_DIR/env; Ctrl-C stops everything"
    wait "${PIDS[@]}"
    ;;
  *)
    echo "usage: $0 run|up" >&2
    exit 2
    ;;
esac
