#!/usr/bin/env bash
# Run the whole noproof test suite through pytest-odoo on a fresh throwaway database
# (Chinese loaded, English the default language so that tests read English messages).
# Extra arguments go to pytest, e.g.  scripts/test.sh -k ledger  or  scripts/test.sh addons/noproof_catalog
source "$(dirname "$0")/env.sh"
bash "$NOPROOF_ROOT/scripts/bootstrap.sh"

db=${NOPROOF_TEST_DB:-noproof_test_$(date +%s)_$$}
cleanup() { [ -n "${NOPROOF_KEEP_DB:-}" ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

addons=$(noproof_addons)
log "Installing $addons with demo data into $db"
install_log="$NOPROOF_ROOT/.odoo/install-$db.log"
if ! "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" -i "$addons" --load-language=en_US,zh_CN --stop-after-init --log-level=warn \
        --http-port="$((NOPROOF_PORT + 100))" >"$install_log" 2>&1; then
    tail -n 60 "$install_log" >&2
    die "Installing the add-ons failed; full log: $install_log"
fi
# A clean install logs no warning or error of ours.
if grep -E " (WARNING|ERROR|CRITICAL) " "$install_log" >&2; then
    die "Installing the add-ons logged the warnings above; full log: $install_log"
fi

cd "$NOPROOF_ROOT"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(addons tests)
log "Running pytest on ${targets[*]}"
set +e
"$NOPROOF_VENV/bin/pytest" --odoo-config="$NOPROOF_CONF" --odoo-database="$db" --odoo-http \
    -p no:cacheprovider "${targets[@]}"
status=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
[ $status -ne 5 ] || { log "No test was collected."; status=1; }
exit $status
