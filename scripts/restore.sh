#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into a NEW database with its filestore
# (README, "Backup and restore").
#
#   bash scripts/restore.sh -d NEWDB [-c ODOO_CONF] [-j JOBS] BACKUP_DIR
#
# Checks the backup's SHA256SUMS, refuses an existing database or filestore (nothing is
# overwritten), restores the dump (pg_restore, JOBS parallel jobs, default 2), unpacks the
# filestore into Odoo's data_dir/filestore/NEWDB and checks that every file the database's
# attachments refer to is there. Afterwards: verify the ledger chains (*Ledger › Chains › Verify*,
# or let the nightly check run). A copy for testing, not for production: `odoo neutralize -d NEWDB`.
source "$(dirname "$0")/env.sh"

db="" conf="$NOPROOF_CONF" jobs=2
while getopts "d:c:j:h" opt; do
    case $opt in
        d) db=$OPTARG ;;
        c) conf=$OPTARG ;;
        j) jobs=$OPTARG ;;
        *) sed -n '2,12p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
backup=${1:-}
[ -n "$db" ] && [ -n "$backup" ] || die "Usage: bash scripts/restore.sh -d NEWDB BACKUP_DIR"
for file in db.dump filestore.tar files.txt SHA256SUMS; do
    [ -f "$backup/$file" ] || die "$backup is not a backup of scripts/backup.sh: $file is missing."
done
(cd "$backup" && sha256sum --quiet -c SHA256SUMS) || die "The backup in $backup is damaged: its checksums do not match."

data_dir=$(awk -F' *= *' '$1 == "data_dir" {print $2}' "$conf" 2>/dev/null || true)
data_dir=${NOPROOF_DATA_DIR:-${data_dir:-$HOME/.local/share/Odoo}}
filestore="$data_dir/filestore/$db"
if psql -X -d "$db" -tAc "SELECT 1" >/dev/null 2>&1; then
    die "The database $db exists: restore into a new name (nothing was changed)."
fi
if [ -e "$filestore" ] && [ -n "$(ls -A "$filestore")" ]; then
    die "$filestore exists and is not empty: restore into a new name (nothing was changed)."
fi

log "Restoring $backup into the new database $db"
createdb "$db" || die "Could not create the database $db."
cleanup() {
    log "Restoring failed: dropping $db and its filestore."
    dropdb --if-exists "$db" || true
    rm -rf "$filestore"
}
trap cleanup ERR
pg_restore --exit-on-error --no-owner --jobs="$jobs" -d "$db" "$backup/db.dump"
mkdir -p "$filestore"
tar -C "$filestore" -xf "$backup/filestore.tar"
missing=$(psql -X -At -d "$db" -c "SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL
                                    AND store_fname <> ''" | while read -r fname; do
    [ -f "$filestore/$fname" ] || echo "$fname"
done)
if [ -n "$missing" ]; then
    printf '%s\n' "$missing" >&2
    trap - ERR
    cleanup
    die "The files above are missing from the restored filestore."
fi
trap - ERR
log "Restored $db ($(psql -X -At -d "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))"),"\
" $(wc -l <"$backup/files.txt") attachment files in $filestore)"
