#!/usr/bin/env bash
# Prepare everything noproof needs to run and be tested; safe to run again.
#   1. the Odoo 18.0 tree at $ODOO_SRC
#   2. Debian packages (PostgreSQL, LDAP headers, Chromium, wkhtmltopdf, CJK fonts)
#   3. a virtualenv at $NOPROOF_VENV with Odoo's and the project's requirements
#   4. a reachable PostgreSQL server and a role for the current user
#   5. the Odoo configuration file at $NOPROOF_CONF
source "$(dirname "$0")/env.sh"

ensure_odoo_tree() {
    [ -f "$ODOO_SRC/odoo/release.py" ] && return
    log "No Odoo tree at $ODOO_SRC; trying to clone upstream 18.0 there"
    if ! git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_SRC"; then
        rm -rf "$ODOO_SRC"
        die "Could not get Odoo 18.0. Put an Odoo 18.0 Community tree (the one that contains
odoo-bin and odoo/release.py) at $ODOO_SRC, or point ODOO_SRC at one, e.g.:
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git \"$ODOO_SRC\"
or export it from a mirror:
    git -C <mirror> archive 18.0 addons odoo odoo-bin setup setup.py setup.cfg requirements.txt | tar -x -C \"$ODOO_SRC\"
then run this command again."
    fi
}

apt_install() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
            log "Missing Debian packages (${missing[*]}) and no root: install them yourself."
            return 0
        fi
    fi
    log "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_system_packages() {
    command -v dpkg-query >/dev/null || { log "Not a Debian system: install PostgreSQL, Chromium and wkhtmltopdf yourself."; return; }
    local pkgs=(libldap2-dev libsasl2-dev chromium wkhtmltopdf fonts-noto-cjk postgresql-client)
    [ -n "${PGHOST:-}" ] || pkgs+=(postgresql)
    apt_install "${pkgs[@]}"
}

ensure_venv() {
    local stamp="$NOPROOF_VENV/.noproof-stamp"
    local want
    want=$(cat "$ODOO_SRC/requirements.txt" "$NOPROOF_ROOT"/requirements/*.txt | sha256sum | cut -c1-16)-$ODOO_SRC
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
    log "Preparing the virtualenv $NOPROOF_VENV"
    [ -x "$PY" ] || python3 -m venv "$NOPROOF_VENV"
    local pip=("$PY" -m pip install -q --disable-pip-version-check -c "$NOPROOF_ROOT/requirements/constraints.txt")
    "${pip[@]}" --upgrade pip wheel "setuptools<81" setuptools_scm
    # psycopg2 from source needs libpq headers; the binary wheel does the same job.
    grep -v '^psycopg2' "$ODOO_SRC/requirements.txt" > "$NOPROOF_VENV/odoo-requirements.txt"
    # Some pinned sdists (cbor2) only build with the venv's older setuptools, not an isolated new one.
    "${pip[@]}" --no-build-isolation -r "$NOPROOF_VENV/odoo-requirements.txt"
    # compat mode puts the tree on sys.path, so the OCA wheels' odoo/addons folder cannot shadow odoo.
    "${pip[@]}" --no-deps -e "$ODOO_SRC" --config-settings editable_mode=compat
    "${pip[@]}" -r "$NOPROOF_ROOT/requirements/project.txt"
    echo "$want" > "$stamp"
}

ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        pg_isready -q || die "PostgreSQL at PGHOST=$PGHOST PGPORT=${PGPORT:-5432} does not answer."
        return
    fi
    if ! pg_isready -q 2>/dev/null; then
        command -v pg_lsclusters >/dev/null || die "No PostgreSQL server: install one or set PGHOST/PGPORT/PGUSER."
        local ver name
        read -r ver name < <(pg_lsclusters -h | awk 'NR==1 {print $1, $2}')
        if [ -z "${ver:-}" ]; then
            ver=$(ls /usr/lib/postgresql | sort -n | tail -1); name=main
            log "Creating PostgreSQL cluster $ver/$name"
            pg_createcluster "$ver" "$name" >/dev/null
        fi
        log "Starting PostgreSQL cluster $ver/$name"
        pg_ctlcluster "$ver" "$name" start || true
        for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
        pg_isready -q || die "PostgreSQL cluster $ver/$name did not start."
    fi
    local role=${PGUSER:-$(id -un)}
    [ "$role" = postgres ] && die "Odoo refuses to run as the 'postgres' role: set PGUSER to another role."
    if ! psql -X -d postgres -tAc "select 1" >/dev/null 2>&1; then
        log "Creating PostgreSQL superuser role '$role'"
        if [ "$(id -u)" -eq 0 ]; then
            su postgres -c "psql -X -q -c \"CREATE ROLE \\\"$role\\\" LOGIN SUPERUSER\"" || true
        else
            sudo -n -u postgres psql -X -q -c "CREATE ROLE \"$role\" LOGIN SUPERUSER" || true
        fi
        psql -X -d postgres -tAc "select 1" >/dev/null || die "Cannot connect to PostgreSQL as '$role'."
    fi
}

write_config() {
    mkdir -p "$(dirname "$NOPROOF_CONF")"
    cat > "$NOPROOF_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$NOPROOF_ROOT/addons
data_dir = $NOPROOF_ROOT/.odoo/data
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
http_interface = 127.0.0.1
http_port = $NOPROOF_PORT
list_db = False
max_cron_threads = 1
; queue_job's runner delivers the exchange outbox (noproof_catalog); it runs in the server process.
server_wide_modules = base,web,queue_job
CONF
}

ensure_odoo_tree
ensure_system_packages
ensure_venv
ensure_postgres
write_config
log "Ready: Odoo $ODOO_SRC, virtualenv $NOPROOF_VENV, config $NOPROOF_CONF"
