# Shared settings for the noproof scripts. Sourced, never run.
# Every value can be overridden from the environment.
set -euo pipefail

NOPROOF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-$HOME/.cache/noproof/odoo-18.0}
NOPROOF_VENV=${NOPROOF_VENV:-$HOME/.cache/noproof/venv}
NOPROOF_DB=${NOPROOF_DB:-noproof_demo}
NOPROOF_PORT=${NOPROOF_PORT:-8069}
NOPROOF_CONF=${NOPROOF_CONF:-$NOPROOF_ROOT/.odoo/odoo.conf}
PY=$NOPROOF_VENV/bin/python
ODOO_BIN=$ODOO_SRC/odoo-bin

log() { printf '\033[1;34m[noproof]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[noproof] %s\033[0m\n' "$*" >&2; exit 1; }

# The add-ons of this repository, comma-separated, in dependency order.
noproof_addons() {
    local names=()
    local m
    for m in noproof_catalog noproof_ledger noproof_verification noproof_commitment noproof_supervision; do
        local manifest="$NOPROOF_ROOT/addons/$m/__manifest__.py"
        # An add-on still under construction says "installable": False and is left out.
        [ -f "$manifest" ] && ! grep -q '"installable": False' "$manifest" && names+=("$m")
    done
    (IFS=,; echo "${names[*]}")
}

# psql against the maintenance database with the connection Odoo uses.
pg() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
