#!/usr/bin/env bash
# Runs once, when the postgres image creates the primary's cluster (/docker-entrypoint-initdb.d):
# the role the streaming replica (db-replica) connects with, allowed to replicate and nothing else
# (no superuser, cannot create databases or roles, cannot read tables), its physical replication
# slot (the primary keeps the WAL the replica has not received yet), and the pg_hba.conf line that
# lets it connect for replication with its password. The password is the Docker secret
# db_replication_password, read by psql itself, never on a command line.
set -eo pipefail
role=${NOPROOF_REPLICATION_USER:-replicator}
secret=${NOPROOF_REPLICATION_PASSWORD_FILE:-/run/secrets/db_replication_password}
slot=${NOPROOF_REPLICATION_SLOT:-noproof_replica}
if [ ! -s "$secret" ]; then
    echo "noproof: the secret db_replication_password ($secret) is missing or empty; the database is not created." >&2
    exit 1
fi
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v role="$role" -v secret="$secret" -v slot="$slot" <<'SQL'
\set password `tr -d '\r\n' < :'secret'`
CREATE ROLE :"role" LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'password';
SELECT pg_create_physical_replication_slot(:'slot');
SQL
# Replication connections name the pseudo-database "replication", which "all" does not match.
printf '\n# noproof: the streaming replica (docker/postgres/initdb-replication.sh)\nhost replication %s all scram-sha-256\n' \
    "$role" >>"${PGDATA:?}/pg_hba.conf"
