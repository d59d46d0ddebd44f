#!/usr/bin/env bash
# Run every benchmark script (scripts/bench_*.py) against one database with every
# add-on installed and no demo data; each script builds the data it measures.
#   bash scripts/bench.sh                  # all benchmarks
#   bash scripts/bench.sh bench_ledger     # one of them; extra arguments go to the script
#   bash scripts/bench.sh cityyear         # the city-year data set (make_cityyear.py, once) and the
#                                          # everyday screens on it (bench_screens.py); then
#                                          # bash scripts/load_test.sh for the load test
source "$(dirname "$0")/env.sh"
bash "$NOPROOF_ROOT/scripts/bootstrap.sh" >/dev/null
if [ "${1:-}" = cityyear ]; then
    shift
    cityyear=${NOPROOF_CITYYEAR_DB:-noproof_cityyear}
    if ! psql -X -d "$cityyear" -tAc "SELECT 1 FROM res_users WHERE login = 'cy_clerk'" 2>/dev/null | grep -q 1; then
        "$PY" "$NOPROOF_ROOT/scripts/make_cityyear.py" -d "$cityyear" -c "$NOPROOF_CONF"
    fi
    mkdir -p "$NOPROOF_ROOT/bench-results"
    exec "$PY" "$NOPROOF_ROOT/scripts/bench_screens.py" -d "$cityyear" -c "$NOPROOF_CONF" \
        --out "$NOPROOF_ROOT/bench-results/screens.md" "$@"
fi
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
    # The screens need the city-year data set: `bash scripts/bench.sh cityyear`.
    [ "$name" != bench_screens ] || continue
    [ -z "$only" ] || [ "$only" = "$name" ] || continue
    log "$name"
    "$PY" "$script" -d "$db" -c "$NOPROOF_CONF" "$@"
done
