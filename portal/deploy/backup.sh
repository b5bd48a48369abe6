#!/bin/sh
# Nightly logical backup: `backup.sh DATABASE_URL DIR [KEEP_DAYS]` writes DIR/portal-YYYYmmdd-HHMMSS.dump (pg_dump's
# custom format: compressed, restorable table by table) and deletes dumps older than KEEP_DAYS (default 14).
# Restore with restore.sh. For point-in-time recovery use WAL archiving as well (README, "Backups").
set -eu
url="$1"; dir="$2"; keep="${3:-14}"
mkdir -p "$dir"
file="$dir/portal-$(date -u +%Y%m%d-%H%M%S).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" "$url"
mv "$file.partial" "$file"                      # a dump is either complete or absent
find "$dir" -name 'portal-*.dump' -mtime +"$keep" -delete
echo "$file"
