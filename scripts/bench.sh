#!/usr/bin/env bash
# Run every benchmark script (scripts/bench_*.py) against one database with every
# add-on installed and no demo data; each script builds the data it measures.
#   bash scripts/bench.sh                  # all benchmarks
#   bash scripts/bench.sh bench_ledger     # one of them; extra arguments go to the script
source "$(dirname "$0")/env.sh"
bash "$NOPROOF_ROOT/scripts/bootstrap.sh" >/dev/null
db=${NOPROOF_BENCH_DB:-noproof_bench}
addons=$(noproof_addons)
if ! psql -X -d "$db" -tAc "select 1" >/dev/null 2>&1; then
    log "Creating $db with $addons (no demo data)"
    "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" -i "$addons" --without-demo=all --stop-after-init --log-level=warn
else
    "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" -i "$addons" --stop-after-init --log-level=warn
fi
only=${1:-}
[ $# -gt 0 ] && shift
for script in "$NOPROOF_ROOT"/scripts/bench_*.py; do
    name=$(basename "$script" .py)
    [ -z "$only" ] || [ "$only" = "$name" ] || continue
    log "$name"
    "$PY" "$script" -d "$db" -c "$NOPROOF_CONF" "$@"
done
