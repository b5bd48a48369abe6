# Helpers and configuration writers for cluster.sh (sourced, not run). Every name and port can be changed through
# the CLUSTER_* variables below; the defaults keep clear of the usual development ports (5432, 6379, 8000).

ROOT=${ROOT:?}
RUN=${CLUSTER_DIR:-$ROOT/.cluster}
PIDS=$RUN/pids
LOGS=$RUN/logs
VENV_BIN=${CLUSTER_VENV_BIN:-$ROOT/.venv/bin}

PG_VERSION=${CLUSTER_PG_VERSION:-$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)}
PG_PRIMARY=${CLUSTER_PG_PRIMARY:-portal-primary}
PG_REPLICA=${CLUSTER_PG_REPLICA:-portal-replica}
PG_PRIMARY_PORT=${CLUSTER_PG_PRIMARY_PORT:-5440}
PG_REPLICA_PORT=${CLUSTER_PG_REPLICA_PORT:-5441}
PGBOUNCER_PORT=${CLUSTER_PGBOUNCER_PORT:-6440}
# PgBouncer's pool mode: transaction, as production (docker-compose.yml); the app keeps no session state
# (portal/settings/database.py). CLUSTER_POOL_MODE=session pools by client connection instead.
POOL_MODE=${CLUSTER_POOL_MODE:-transaction}
REDIS_PORT=${CLUSTER_REDIS_PORT:-6390}
S3_PORT=${CLUSTER_S3_PORT:-9440}
PROXY_PORT=${CLUSTER_PROXY_PORT:-8440}
WEB_PORTS=(${CLUSTER_WEB_PORTS:-8441 8442})
WEB_WORKERS=${CLUSTER_WEB_WORKERS:-3}
WORKER_COUNT=${CLUSTER_WORKERS:-2}
WORKER_CONCURRENCY=${CLUSTER_WORKER_CONCURRENCY:-2}
DB_NAME=portal
DB_USER=portal
BUCKET=portal-media

log() { printf 'cluster: %s\n' "$*"; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }

as_postgres() {  # run a command as the postgres system user (peer authentication on the clusters' sockets)
    if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres -- "$@"; fi
}

psql_primary() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PRIMARY_PORT" "$@"; }

wait_port() {  # wait_port PORT SECONDS NAME
    local port=$1 seconds=$2 name=$3 i
    for ((i = 0; i < seconds * 4; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.25
    done
    die "$name did not open 127.0.0.1:$port within ${seconds}s (see $LOGS/)"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

# spawn NAME COMMAND…: start a process in a session of its own (so a node's whole process group can be ended, or
# killed at once by bench/fairday.py), output to logs/NAME.log, its PID in pids/NAME.pid.
spawn() {
    local name=$1
    shift
    setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
    echo $! >"$PIDS/$name.pid"
}

# end NAME: SIGTERM to the recorded process group, SIGKILL after 15 s; the PID file goes.
end() {
    local name=$1 pid i
    [ -f "$PIDS/$name.pid" ] || return 0
    pid=$(cat "$PIDS/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name (pid $pid) ignored SIGTERM; SIGKILL"
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    # A killed group may leave children (gunicorn workers, Celery's pool) for a moment; they follow their master.
    for ((i = 0; i < 40; i++)); do pgrep -g "$pid" >/dev/null 2>&1 || break; sleep 0.25; done
    rm -f "$PIDS/$name.pid"
}

need_packages() {
    local missing=()
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v pg_createcluster >/dev/null && [ -n "$PG_VERSION" ] || missing+=(postgresql postgresql-common)
    [ -x "$VENV_BIN/moto_server" ] || die "moto's server is missing: pip install -r requirements-dev.txt (make cluster does)"
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
        PG_VERSION=${CLUSTER_PG_VERSION:-$(ls /usr/lib/postgresql | sort -V | tail -1)}
    else
        die "missing Debian packages: sudo apt-get install ${missing[*]}"
    fi
}

# Secrets made once and kept: the PII keys must stay with the database that holds what they encrypted.
write_secrets() {
    [ -f "$RUN/secrets.env" ] && return 0
    local py=$VENV_BIN/python
    umask 077
    {
        echo "DJANGO_SECRET_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(64))')"
        echo "PII_ENCRYPTION_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(48))')"
        echo "DB_PASSWORD=$($py -c 'import secrets; print(secrets.token_hex(16))')"
        echo "REPLICATION_PASSWORD=$($py -c 'import secrets; print(secrets.token_hex(16))')"
        echo "S3_ACCESS_KEY_ID=cluster$($py -c 'import secrets; print(secrets.token_hex(4))')"
        echo "S3_SECRET_ACCESS_KEY=$($py -c 'import secrets; print(secrets.token_hex(20))')"
    } >"$RUN/secrets.env"
    umask 022
}

# The environment every app process (web, worker, beat, manage.py) gets: production settings, the database
# through PgBouncer, reads for the replica through PgBouncer too, Redis, the S3-compatible server.
write_env() {
    # shellcheck disable=SC1091
    . "$RUN/secrets.env"
    local through="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PGBOUNCER_PORT"
    cat >"$RUN/env" <<EOF
# Written by portal/deploy/cluster/cluster.sh; \`set -a; . .cluster/env; set +a\` to run manage.py against the cluster.
DJANGO_SETTINGS_MODULE=portal.settings.production
DJANGO_SECRET_KEY=$DJANGO_SECRET_KEY
PII_ENCRYPTION_KEY=$PII_ENCRYPTION_KEY
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PROXY_PORT,http://localhost:$PROXY_PORT
SITE_URL=http://127.0.0.1:$PROXY_PORT
DJANGO_SECURE_SSL_REDIRECT=False
DJANGO_SECURE_HSTS_SECONDS=0
ALLAUTH_TRUSTED_PROXY_COUNT=1
DATABASE_URL=$through/$DB_NAME
DATABASE_REPLICA_URL=$through/${DB_NAME}_replica
DATABASE_POOLER=$POOL_MODE
DATABASE_POOLER_PREPARED_STATEMENTS=$(pgbouncer_tracks_prepared && echo True || echo False)
DATABASE_DIRECT_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PRIMARY_PORT/$DB_NAME
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
S3_BUCKET=$BUCKET
S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=$S3_ACCESS_KEY_ID
S3_SECRET_ACCESS_KEY=$S3_SECRET_ACCESS_KEY
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
EMAIL_FILE_PATH=$RUN/mail
SMS_BACKEND=portal.sms.backends.ConsoleBackend
CLUSTER_DIR=$RUN
CLUSTER_PROXY_URL=http://127.0.0.1:$PROXY_PORT
CLUSTER_WEB_URLS=$(printf 'http://127.0.0.1:%s,' "${WEB_PORTS[@]}" | sed 's/,$//')
EOF
    chmod 600 "$RUN/env"
}

write_pg_conf() {  # write_pg_conf CLUSTER: settings for both clusters (the replica reads them as a hot standby)
    cat >"/etc/postgresql/$PG_VERSION/$1/conf.d/portal-cluster.conf" <<EOF
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
hot_standby_feedback = on
wal_keep_size = 256MB
EOF
}

# Whether the installed PgBouncer carries protocol-level prepared statements across transactions (1.21 and later:
# max_prepared_statements). Debian 12's 1.18 does not, and refuses the setting.
pgbouncer_tracks_prepared() {
    local version
    version=$(/usr/sbin/pgbouncer --version 2>/dev/null | sed -n 's/^PgBouncer \([0-9.]*\).*/\1/p')
    [ -n "$version" ] && [ "$(printf '%s\n' 1.21 "$version" | sort -V | head -1)" = 1.21 ]
}

write_pgbouncer_conf() {
    mkdir -p "$RUN/pgbouncer"
    # shellcheck disable=SC1091
    . "$RUN/secrets.env"
    printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" >"$RUN/pgbouncer/userlist.txt"
    cat >"$RUN/pgbouncer/pgbouncer.ini" <<EOF
; Written by portal/deploy/cluster/cluster.sh. Two pooled databases: the primary, and the streaming replica.
[databases]
$DB_NAME = host=127.0.0.1 port=$PG_PRIMARY_PORT dbname=$DB_NAME
${DB_NAME}_replica = host=127.0.0.1 port=$PG_REPLICA_PORT dbname=$DB_NAME

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $RUN/pgbouncer/userlist.txt
pool_mode = $POOL_MODE
$(pgbouncer_tracks_prepared && echo "max_prepared_statements = 200")
max_client_conn = 1000
default_pool_size = 40
reserve_pool_size = 5
server_lifetime = 3600
; A server that refused a login (the replica restarting) is tried again after 3 s, not 15; a client waits at most
; 20 s for a pooled connection, and gets an error before gunicorn's 30 s timeout would kill its worker.
server_login_retry = 3
query_wait_timeout = 20
ignore_startup_parameters = extra_float_digits
admin_users = $DB_USER
EOF
    chown -R postgres: "$RUN/pgbouncer"
    chmod 600 "$RUN/pgbouncer/userlist.txt"
}

write_nginx_conf() {
    mkdir -p "$RUN/nginx/tmp"
    local servers="" port
    for port in "${WEB_PORTS[@]}"; do servers+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'; done
    cat >"$RUN/nginx/nginx.conf" <<EOF
# Written by portal/deploy/cluster/cluster.sh: the rules of portal/deploy/nginx.conf with loopback addresses.
worker_processes 1;
pid $RUN/nginx/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log $LOGS/nginx-access.log combined buffer=64k flush=5s;
    client_body_temp_path $RUN/nginx/tmp/body;
    proxy_temp_path $RUN/nginx/tmp/proxy;
    fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
    uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
    scgi_temp_path $RUN/nginx/tmp/scgi;
    upstream portal_web {
$servers        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        client_max_body_size 12m;
        location / {
            proxy_pass http://portal_web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # A node that dies: idempotent requests go to the other one; a POST in flight is never repeated.
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }
    }
}
EOF
}
