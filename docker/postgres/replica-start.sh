#!/usr/bin/env bash
# Starts the streaming replica of docker-compose.yml (service db-replica). On its first start
# (empty data directory) it waits for the primary and copies it with pg_basebackup over the
# replication slot, then runs as a hot standby that streams the primary's WAL: read-only queries
# of Odoo's db_replica_host go here. The replication password (Docker secret
# db_replication_password) is kept in a file of the data directory readable by postgres only.
# Roles, passwords and pg_hba.conf come from the primary with the copy.
set -euo pipefail
PGDATA=${PGDATA:-/var/lib/postgresql/data}
primary=${NOPROOF_PRIMARY_HOST:-db}
user=${NOPROOF_REPLICATION_USER:-replicator}
secret=${NOPROOF_REPLICATION_PASSWORD_FILE:-/run/secrets/db_replication_password}
slot=${NOPROOF_REPLICATION_SLOT:-noproof_replica}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ ! -s "$secret" ]; then
        echo "noproof: the secret db_replication_password ($secret) is missing or empty; the replica does not start." >&2
        exit 1
    fi
    install -d -o postgres -g postgres -m 0700 "$PGDATA"
    # A temporary password file for the copy (the data directory must be empty), then one inside it.
    passfile=$(mktemp)
    (umask 077 && printf '%s:5432:*:%s:%s\n' "$primary" "$user" "$(tr -d '\r\n' <"$secret")" >"$passfile")
    chown postgres:postgres "$passfile"
    until gosu postgres pg_isready -q -h "$primary"; do
        echo "noproof: waiting for the primary $primary" >&2
        sleep 2
    done
    gosu postgres env PGPASSFILE="$passfile" pg_basebackup -h "$primary" -U "$user" -D "$PGDATA" \
        --wal-method=stream --slot="$slot" --write-recovery-conf --checkpoint=fast
    install -o postgres -g postgres -m 0600 "$passfile" "$PGDATA/noproof-replication.pgpass"
    rm -f "$passfile"
    # --write-recovery-conf wrote standby.signal; name the password file rather than the password.
    printf "primary_conninfo = 'host=%s port=5432 user=%s passfile=%s application_name=db-replica'\n" \
        "$primary" "$user" "$PGDATA/noproof-replication.pgpass" >>"$PGDATA/postgresql.auto.conf"
    printf "primary_slot_name = '%s'\n" "$slot" >>"$PGDATA/postgresql.auto.conf"
fi
POSTGRES_PASSWORD=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export POSTGRES_PASSWORD
exec docker-entrypoint.sh "$@"
