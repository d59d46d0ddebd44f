#!/usr/bin/env bash
# Entry point of the noproof Odoo image, for the web service and the cron service alike.
#
# 1. Reads the two passwords from Docker secrets (files) and refuses to start, with a clear
#    message, when a secret file is missing, empty, several lines long or too short. There is
#    no default password: without the files nothing starts.
# 2. Writes Odoo's runtime configuration: the non-secret settings of docker/odoo.conf plus the
#    database connection, the database password and the master password (admin_passwd, stored
#    as a PBKDF2 hash). The file is readable by the odoo user only.
# 3. Runs the command as the unprivileged odoo user:
#      odoo [options]   the server (web: workers mode; cron: --no-http --max-cron-threads=N)
#      init [modules]   creates the database, installs the add-ons without demo data and
#                       replaces the administrator's well-known initial password by a random
#                       one, printed once
#      anything else    run as is (e.g. odoo shell), with the generated configuration
#
# Settings (environment): NOPROOF_SECRETS_DIR (/run/secrets), NOPROOF_BASE_CONF
# (/etc/odoo/noproof-base.conf), NOPROOF_ODOO_RC (/etc/odoo/run/odoo.conf), NOPROOF_DB_HOST (db),
# NOPROOF_DB_PORT (5432), NOPROOF_DB_USER (odoo), NOPROOF_DB_NAME (noproof), NOPROOF_DB_REPLICA_HOST
# and NOPROOF_DB_REPLICA_PORT (a streaming replica for read-only routes: none), NOPROOF_RUN_AS (odoo:
# the system user Odoo runs as when the container starts as root; never root).
set -euo pipefail

secrets_dir=${NOPROOF_SECRETS_DIR:-/run/secrets}
base_conf=${NOPROOF_BASE_CONF:-/etc/odoo/noproof-base.conf}
rc=${NOPROOF_ODOO_RC:-/etc/odoo/run/odoo.conf}
db_host=${NOPROOF_DB_HOST:-db}
db_port=${NOPROOF_DB_PORT:-5432}
db_user=${NOPROOF_DB_USER:-odoo}
db_name=${NOPROOF_DB_NAME:-noproof}
db_replica_host=${NOPROOF_DB_REPLICA_HOST:-}
db_replica_port=${NOPROOF_DB_REPLICA_PORT:-5432}
run_as=${NOPROOF_RUN_AS:-odoo}
min_length=16

die() {
    echo "noproof: $*" >&2
    exit 1
}

# read_secret NAME: prints the secret's single line; dies when it cannot be used.
read_secret() {
    local name=$1
    local file="$secrets_dir/$name"
    local value
    [ -e "$file" ] || die "the secret '$name' is missing: $file does not exist. Create docker/secrets/$name" \
        "(see README, \"Deployment with Docker\"); the stack does not start without it."
    if [ ! -f "$file" ] || [ ! -r "$file" ]; then
        die "the secret '$name' ($file) is not a readable file."
    fi
    value=$(cat -- "$file")
    value=${value%$'\r'}
    [ -n "$value" ] || die "the secret '$name' ($file) is empty. Write a strong password into docker/secrets/$name," \
        "e.g. with: openssl rand -base64 32 | tr -d '\\n' > docker/secrets/$name"
    case $value in
        *$'\n'* | *$'\r'*) die "the secret '$name' ($file) must be a single line." ;;
        [[:space:]]* | *[[:space:]]) die "the secret '$name' ($file) must not start or end with a space." ;;
    esac
    [ ${#value} -ge $min_length ] || die "the secret '$name' ($file) is shorter than $min_length characters;" \
        "use a long random password (openssl rand -base64 32)."
    printf '%s' "$value"
}

[[ $db_name =~ ^[a-z][a-z0-9_]{0,62}$ ]] || die "NOPROOF_DB_NAME='$db_name' is not a plain database name (a-z, 0-9, _)."
[ -r "$base_conf" ] || die "the Odoo settings $base_conf are missing from the image."
if grep -Eq '^[[:space:]]*(admin_passwd|db_password)[[:space:]]*=' "$base_conf"; then
    die "$base_conf sets admin_passwd or db_password: passwords come from Docker secrets only."
fi

db_password=$(read_secret db_password)
admin_password=$(read_secret odoo_admin_password)
[ "$db_password" != "$admin_password" ] || die "the secrets 'db_password' and 'odoo_admin_password' must differ."

# The master password is stored hashed, as Odoo itself stores it (passlib PBKDF2-SHA512);
# it travels on stdin, never on a command line.
admin_hash=$(printf '%s' "$admin_password" | python3 -c '
import sys
from passlib.context import CryptContext
print(CryptContext(schemes=["pbkdf2_sha512"], pbkdf2_sha512__rounds=600_000).hash(sys.stdin.read()))
') || die "could not hash the master password (python3 with passlib is needed)."
unset admin_password

umask 077
mkdir -p -- "$(dirname -- "$rc")"
tmp=$(mktemp "$rc.XXXXXX")
{
    cat -- "$base_conf"
    printf '\n; Written by docker/entrypoint.sh from the Docker secrets at each start.\n'
    printf 'db_host = %s\n' "$db_host"
    printf 'db_port = %s\n' "$db_port"
    printf 'db_user = %s\n' "$db_user"
    printf 'db_password = %s\n' "$db_password"
    # Odoo 18 opens the cursors of read-only routes on the replica (same role and password).
    if [ -n "$db_replica_host" ]; then
        printf 'db_replica_host = %s\n' "$db_replica_host"
        printf 'db_replica_port = %s\n' "$db_replica_port"
    fi
    # Only the filter, no db_name: a server started with db_name creates a missing database
    # with the initial administrator password "admin"; databases are created by "init" only.
    printf 'dbfilter = ^%s$\n' "$db_name"
    printf 'admin_passwd = %s\n' "$admin_hash"
} >"$tmp"
unset db_password
mv -f -- "$tmp" "$rc"
export ODOO_RC=$rc

# as_odoo COMMAND...: runs COMMAND as the unprivileged user when started as root.
drop=()
if [ "$(id -u)" = 0 ]; then
    run_uid=$(id -u -- "$run_as") || die "the user '$run_as' to run Odoo as does not exist."
    [ "$run_uid" != 0 ] || die "Odoo must not run as root (NOPROOF_RUN_AS=$run_as)."
    chown -- "$run_as:$(id -g -- "$run_as")" "$(dirname -- "$rc")" "$rc"
    drop=(setpriv --reuid="$run_uid" --regid="$(id -g -- "$run_as")" --init-groups --)
fi
as_odoo() {
    "${drop[@]}" "$@"
}

[ $# -gt 0 ] || set -- odoo
case $1 in
    -*)
        set -- odoo "$@"
        ;;
    init)
        modules=${2:-noproof_supervision,auth_totp_enforce}
        as_odoo odoo -d "$db_name" -i "$modules" --without-demo=all --load-language=zh_CN --stop-after-init --no-http
        as_odoo odoo shell -d "$db_name" --no-http --log-level=warn </usr/local/share/noproof/set_admin_password.py
        exit 0
        ;;
esac
exec "${drop[@]}" "$@"
