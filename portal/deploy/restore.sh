#!/bin/sh
# `restore.sh DUMP DATABASE_URL`: restore a backup.sh dump into an EMPTY database (create it first), in one
# transaction, so a failed restore leaves nothing half-loaded. Then run `manage.py migrate` (a no-op for a dump of the
# same release) and `manage.py check --database default` (the PII keys must open the restored values).
set -eu
dump="$1"; url="$2"
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$url" "$dump"
