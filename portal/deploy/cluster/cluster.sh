#!/usr/bin/env bash
# `make cluster`: the docker-compose topology on one machine, without Docker, from Debian and PyPI packages.
#
#   nginx :8440 → gunicorn web1 :8441, web2 :8442 (production settings, --preload)
#              → PgBouncer :6440 → PostgreSQL primary :5440 ─ streaming ─→ replica :5441 (hot standby, reads)
#   Celery worker1, worker2, beat · Redis :6390 (broker + cache, append-only) · moto S3 server :9440
#
# Every process listens on 127.0.0.1 only. Run state (config, logs, PIDs, secrets, Redis' AOF) is in .cluster/; the
# two PostgreSQL clusters are Debian clusters (pg_createcluster) named portal-primary and portal-replica.
#
#   cluster.sh start          stop what runs, then start everything (idempotent); first start: migrate + seed_demo
#   cluster.sh stop           end every recorded PID (process groups), then pg_ctlcluster stop both clusters
#   cluster.sh status         what runs, and the replica's state
#   cluster.sh start-one NAME start one app process again (web1, web2, worker1, worker2, beat; bench/fairday.py)
#   cluster.sh drop           stop, then pg_dropcluster both clusters and remove .cluster/ (all data gone)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=portal/deploy/cluster/lib.sh
. "$ROOT/portal/deploy/cluster/lib.sh"
cd "$ROOT"

app_env() {  # app_env [VAR=value …] COMMAND …: run a command with the cluster's environment
    (set -a && . "$RUN/env" && set +a && exec env "$@")
}

spawn_app() {  # spawn_app NAME COMMAND …: spawn with the cluster's environment
    (set -a && . "$RUN/env" && set +a && spawn "$@")
}

start_pg() {
    if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$PG_PRIMARY"; then
        log "creating PostgreSQL $PG_VERSION cluster $PG_PRIMARY on port $PG_PRIMARY_PORT"
        pg_createcluster "$PG_VERSION" "$PG_PRIMARY" -p "$PG_PRIMARY_PORT" >/dev/null
        write_pg_conf "$PG_PRIMARY"
    fi
    pg_ctlcluster "$PG_VERSION" "$PG_PRIMARY" start 2>/dev/null || pg_ctlcluster "$PG_VERSION" "$PG_PRIMARY" status >/dev/null
    wait_port "$PG_PRIMARY_PORT" 30 "the primary"
    # shellcheck disable=SC1091
    . "$RUN/secrets.env"
    psql_primary <<EOF
SELECT 'CREATE ROLE $DB_USER LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') \gexec
SELECT 'CREATE ROLE replicator LOGIN REPLICATION' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') \gexec
ALTER ROLE $DB_USER PASSWORD '$DB_PASSWORD';
ALTER ROLE replicator PASSWORD '$REPLICATION_PASSWORD';
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
EOF
    if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$PG_REPLICA"; then
        log "creating the replica $PG_REPLICA on port $PG_REPLICA_PORT (pg_basebackup -R from the primary)"
        pg_createcluster "$PG_VERSION" "$PG_REPLICA" -p "$PG_REPLICA_PORT" >/dev/null
        write_pg_conf "$PG_REPLICA"
        local data=/var/lib/postgresql/$PG_VERSION/$PG_REPLICA
        psql_primary -c "SELECT pg_drop_replication_slot('portal_replica') FROM pg_replication_slots WHERE slot_name = 'portal_replica'" >/dev/null
        as_postgres find "$data" -mindepth 1 -delete
        as_postgres env PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h 127.0.0.1 -p "$PG_PRIMARY_PORT" \
            -U replicator -D "$data" -R -X stream -C -S portal_replica -c fast
    fi
    pg_ctlcluster "$PG_VERSION" "$PG_REPLICA" start 2>/dev/null || pg_ctlcluster "$PG_VERSION" "$PG_REPLICA" status >/dev/null
    wait_port "$PG_REPLICA_PORT" 30 "the replica"
}

start_services() {
    write_pgbouncer_conf
    # PgBouncer refuses to run as root: setpriv execs it as postgres (the PID stays the one recorded).
    spawn pgbouncer setpriv --reuid=postgres --regid=postgres --init-groups /usr/sbin/pgbouncer "$RUN/pgbouncer/pgbouncer.ini"
    mkdir -p "$RUN/redis"
    spawn redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RUN/redis" --appendonly yes \
        --appendfsync everysec --save "" --daemonize no --protected-mode yes
    # shellcheck disable=SC1091
    . "$RUN/secrets.env"
    # moto keeps its objects in memory: a clean stop saves them to .cluster/s3, and the next start uploads them again.
    spawn s3 "$VENV_BIN/moto_server" -H 127.0.0.1 -p "$S3_PORT"
    wait_port "$PGBOUNCER_PORT" 20 PgBouncer
    wait_port "$REDIS_PORT" 20 Redis
    wait_port "$S3_PORT" 30 "the S3 server"
    app_env "$VENV_BIN/python" portal/deploy/cluster/s3_store.py restore "$RUN/s3"
}

prepare_app() {
    mkdir -p "$RUN/mail"
    # Migrations go straight to the primary (they hold locks across statements), like compose's `migrate`.
    local direct
    direct=$(sed -n 's/^DATABASE_DIRECT_URL=//p' "$RUN/env")
    app_env DATABASE_URL="$direct" "$VENV_BIN/python" manage.py migrate --noinput -v 0
    app_env "$VENV_BIN/python" manage.py collectstatic --noinput -v 0
    if [ ! -f "$RUN/seeded" ]; then
        # seed_demo refuses production settings by design; the cluster is a demo and bench stand, so it runs here
        # under the local settings, against the same database, keys and bucket.
        log "first start: seed_demo"
        app_env DATABASE_URL="$direct" DJANGO_SETTINGS_MODULE=portal.settings.local DJANGO_DEBUG=False \
            "$VENV_BIN/python" manage.py seed_demo >"$LOGS/seed_demo.log" 2>&1 || die "seed_demo failed: $LOGS/seed_demo.log"
        touch "$RUN/seeded"
    fi
}

start_app() {  # start_app NAME: one app process (web1, web2 …, worker1 …, beat)
    local name=$1 index
    case $name in
    web*)
        index=${name#web}
        # The access log is nginx's (logs/nginx-access.log); gunicorn logs errors only.
        spawn_app "$name" "$VENV_BIN/gunicorn" portal.wsgi -b "127.0.0.1:${WEB_PORTS[$((index - 1))]}" \
            -w "$WEB_WORKERS" -c "$ROOT/portal/deploy/gunicorn.conf.py" --timeout 30 --graceful-timeout 10 --control-socket "$RUN/$name.ctl"
        ;;
    worker*)
        spawn_app "$name" "$VENV_BIN/celery" -A portal worker -l info \
            -n "$name@%h" --concurrency "$WORKER_CONCURRENCY" --without-gossip --without-mingle
        ;;
    beat)
        spawn_app beat "$VENV_BIN/celery" -A portal beat -l info \
            --pidfile "$RUN/beat.pid" --schedule "$RUN/beat-schedule"
        ;;
    nginx)
        write_nginx_conf
        spawn nginx /usr/sbin/nginx -p "$RUN/nginx" -e "$LOGS/nginx-error.log" -c "$RUN/nginx/nginx.conf" \
            -g 'daemon off;'
        ;;
    *) die "unknown process $name" ;;
    esac
}

pg_online() { pg_lsclusters -h 2>/dev/null | awk -v name="$1" '$2 == name && $4 ~ /^online/ {found = 1} END {exit !found}'; }

web_names() { local i; for ((i = 1; i <= ${#WEB_PORTS[@]}; i++)); do echo "web$i"; done; }
worker_names() { local i; for ((i = 1; i <= WORKER_COUNT; i++)); do echo "worker$i"; done; }

cmd_stop() {
    local name
    for name in nginx $(web_names) $(worker_names) beat; do end "$name"; done
    if pid_alive s3 && [ -f "$RUN/env" ]; then
        app_env "$VENV_BIN/python" portal/deploy/cluster/s3_store.py save "$RUN/s3" || log "could not save the bucket"
    fi
    for name in s3 redis pgbouncer; do end "$name"; done
    for name in "$PG_REPLICA" "$PG_PRIMARY"; do
        if pg_online "$name"; then
            pg_ctlcluster "$PG_VERSION" "$name" stop -m fast
        fi
    done
    log "stopped"
}

cmd_start() {
    need_packages
    mkdir -p "$RUN" "$PIDS" "$LOGS"
    cmd_stop  # idempotent: whatever an earlier start left running is ended first
    local port
    for port in "$PGBOUNCER_PORT" "$REDIS_PORT" "$S3_PORT" "$PROXY_PORT" "${WEB_PORTS[@]}"; do
        port_free "$port" || die "port $port is taken by another program (set CLUSTER_*_PORT)"
    done
    write_secrets
    write_env
    start_pg
    start_services
    prepare_app
    local name
    for name in $(web_names); do start_app "$name"; done
    for port in "${WEB_PORTS[@]}"; do wait_port "$port" 60 "gunicorn on $port"; done
    start_app nginx
    wait_port "$PROXY_PORT" 20 nginx
    for name in $(worker_names) beat; do start_app "$name"; done
    app_env "$VENV_BIN/python" manage.py health | sed 's/^/cluster: health: /'
    cat <<EOF
cluster: up. Run state, logs and PIDs in $RUN/ (make cluster-stop ends it).
  portal (nginx → web1, web2)  http://127.0.0.1:$PROXY_PORT/     health http://127.0.0.1:$PROXY_PORT/healthz/
  web nodes (direct)           $(for p in "${WEB_PORTS[@]}"; do printf 'http://127.0.0.1:%s/ ' "$p"; done)
  PgBouncer ($POOL_MODE)        postgres://$DB_USER@127.0.0.1:$PGBOUNCER_PORT/$DB_NAME (replica: ${DB_NAME}_replica)
  PostgreSQL primary / replica 127.0.0.1:$PG_PRIMARY_PORT / 127.0.0.1:$PG_REPLICA_PORT (clusters $PG_PRIMARY, $PG_REPLICA)
  Redis (append-only)          redis://127.0.0.1:$REDIS_PORT/0
  S3 (moto, bucket $BUCKET) http://127.0.0.1:$S3_PORT/
  Celery                       $(worker_names | xargs) (concurrency $WORKER_CONCURRENCY each) + beat
  accounts                     the demo accounts (README "Demo accounts"), password portal-demo-2026;
                               demo-staff's second factor: set -a; . $RUN/env; set +a; .venv/bin/python manage.py staff_totp demo-staff --code
  passwords and keys           $RUN/secrets.env; the app's environment: $RUN/env
EOF
}

cmd_status() {
    local name
    for name in nginx $(web_names) $(worker_names) beat s3 redis pgbouncer; do
        if pid_alive "$name"; then echo "$name: running (pid $(cat "$PIDS/$name.pid"))"; else echo "$name: stopped"; fi
    done
    pg_lsclusters | grep -E "$PG_PRIMARY|$PG_REPLICA" || true
    if pg_online "$PG_REPLICA"; then
        echo "replica in recovery: $(as_postgres psql -X -tA -p "$PG_REPLICA_PORT" -c 'SELECT pg_is_in_recovery()')"
    fi
}

cmd_drop() {
    cmd_stop
    local name
    for name in "$PG_REPLICA" "$PG_PRIMARY"; do
        if pg_lsclusters -h | awk '{print $2}' | grep -qx "$name"; then pg_dropcluster "$PG_VERSION" "$name"; fi
    done
    rm -rf "$RUN"
    log "dropped the clusters and $RUN"
}

case ${1:-start} in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
start-one) start_app "${2:?start-one NAME}" ;;
drop) cmd_drop ;;
*) die "usage: cluster.sh start|stop|status|start-one NAME|drop" ;;
esac
