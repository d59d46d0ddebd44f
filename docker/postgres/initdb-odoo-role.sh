#!/usr/bin/env bash
# Runs once, when the postgres image creates the cluster (/docker-entrypoint-initdb.d).
# Odoo's role may log in and create its database, nothing more: not a superuser, so SQL run
# inside Odoo cannot read server files, run programs or switch off the ledger's triggers with
# session_replication_role. Its password is the Docker secret db_password; psql reads the file
# itself (\set with backquotes), so the password never appears on a command line.
set -eo pipefail
role=${NOPROOF_DB_USER:-odoo}
secret=${NOPROOF_DB_PASSWORD_FILE:-/run/secrets/db_password}
if [ ! -s "$secret" ]; then
    echo "noproof: the secret db_password ($secret) is missing or empty; the database is not created." >&2
    exit 1
fi
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v role="$role" -v secret="$secret" <<'SQL'
\set password `tr -d '\r\n' < :'secret'`
CREATE ROLE :"role" LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';
SQL
