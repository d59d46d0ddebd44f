#!/usr/bin/env bash
# Regenerate every add-on's i18n/<module>.pot from the code and merge it into
# i18n/zh_CN.po, keeping existing translations; lists what is still untranslated.
# Usage: scripts/i18n.sh [module ...]   (default: every add-on)
# The database has the demo data, as the test database does: its translatable
# demo terms (tier names …) are exported too.
source "$(dirname "$0")/env.sh"
bash "$NOPROOF_ROOT/scripts/bootstrap.sh" >/dev/null
db=noproof_i18n_$$
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
addons=$(noproof_addons)
"$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" -i "$addons" --load-language=en_US,zh_CN --stop-after-init --log-level=warn
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(${addons//,/ })
for module in "${modules[@]}"; do
    mkdir -p "$NOPROOF_ROOT/addons/$module/i18n"
    "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" --modules="$module" --stop-after-init --log-level=error \
        --i18n-export="$NOPROOF_ROOT/addons/$module/i18n/$module.pot"
    "$PY" "$NOPROOF_ROOT/scripts/i18n_merge.py" "$NOPROOF_ROOT/addons/$module/i18n/$module.pot" \
        "$NOPROOF_ROOT/addons/$module/i18n/zh_CN.po"
done
