#!/usr/bin/env bash
# Back up one noproof database with its filestore, consistently (README, "Backup and restore").
#
#   bash scripts/backup.sh -d DB [-c ODOO_CONF] [-o DIR]
#
# Writes DIR/DB-YYYYmmddTHHMMSSZ/ (DIR defaults to ./backups) holding
#   db.dump        pg_dump, custom format, taken within one exported snapshot
#   filestore.tar  the attachment files (filestore/DB of Odoo's data_dir), taken after the dump
#   files.txt      every file the dump's attachments refer to, listed in the same snapshot
#   SHA256SUMS     checksums of the three files above
# The filestore is content-addressed and written once, so taking it after the dump gives every
# file the dump refers to (and maybe a few newer ones, which the restore ignores); the script
# checks this and fails, naming the files, if one was removed meanwhile (run it again).
# PostgreSQL is reached as Odoo reaches it: PGHOST/PGPORT/PGUSER/PGPASSWORD, else the local socket.
source "$(dirname "$0")/env.sh"

db="" out="$NOPROOF_ROOT/backups" conf="$NOPROOF_CONF"
while getopts "d:c:o:h" opt; do
    case $opt in
        d) db=$OPTARG ;;
        c) conf=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,16p' "$0" >&2; exit 2 ;;
    esac
done
[ -n "$db" ] || die "Name the database to back up: bash scripts/backup.sh -d DB"
psql -X -d "$db" -tAc "SELECT 1" >/dev/null 2>&1 || die "Cannot connect to the database $db."

# Odoo's data_dir, from its configuration file (the default of Odoo otherwise).
data_dir=$(awk -F' *= *' '$1 == "data_dir" {print $2}' "$conf" 2>/dev/null || true)
data_dir=${NOPROOF_DATA_DIR:-${data_dir:-$HOME/.local/share/Odoo}}
filestore="$data_dir/filestore/$db"

# A backup holds applicants' personal data: readable by its owner only.
umask 077
target="$out/$db-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
log "Backing up $db to $target"

# One repeatable-read transaction exports its snapshot; pg_dump and the list of referenced files
# both read that snapshot, so they agree with each other whatever Odoo writes meanwhile.
coproc SNAP { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>&1; }
echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"${SNAP[1]}"
read -r -t 60 snapshot <&"${SNAP[0]}" || die "Could not open a snapshot of $db."
[[ $snapshot =~ ^[0-9A-F-]+$ ]] || die "Could not open a snapshot of $db: $snapshot"

pg_dump --format=custom --snapshot="$snapshot" --no-owner --file="$target/db.dump" "$db" \
    || { echo "ROLLBACK;" >&"${SNAP[1]}"; die "pg_dump failed."; }
psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" >"$target/files.unsorted" <<SQL || die "Could not list the attachment files."
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SET TRANSACTION SNAPSHOT '$snapshot';
SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL AND store_fname <> '' ORDER BY 1;
COMMIT;
SQL
LC_ALL=C sort -u "$target/files.unsorted" >"$target/files.txt" && rm "$target/files.unsorted"
echo "COMMIT;" >&"${SNAP[1]}"
exec {SNAP[1]}>&-
wait "$SNAP_PID" 2>/dev/null || true

# The filestore, after the dump.
if [ -d "$filestore" ]; then
    tar -C "$filestore" -cf "$target/filestore.tar" .
else
    [ ! -s "$target/files.txt" ] || die "The dump refers to files but there is no filestore at $filestore (data_dir of $conf)."
    tar -cf "$target/filestore.tar" -T /dev/null
fi
missing=$(comm -23 "$target/files.txt" <(tar -tf "$target/filestore.tar" | sed 's|^\./||' | LC_ALL=C sort -u))
if [ -n "$missing" ]; then
    printf '%s\n' "$missing" >&2
    die "These files of the dump's attachments were not in the filestore (removed meanwhile?): run the backup again."
fi

(cd "$target" && sha256sum db.dump filestore.tar files.txt >SHA256SUMS)
log "Done: $target ($(du -sh "$target" | cut -f1); $(wc -l <"$target/files.txt") attachment files)"
echo "$target"
