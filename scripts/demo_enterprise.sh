#!/usr/bin/env bash
# A second demo instance beside `make demo`: the water company running noproof on its own server.
#   bash scripts/demo_enterprise.sh        # database noproof_enterprise on http://127.0.0.1:8070
# It installs noproof_supervision (with catalog, ledger and verification; without commitment) without demo
# data, configures the water company's level, its verifier and its office (scripts/enterprise_setup.py), and
# serves it: it answers the city's tickets, investigates the complaints the city forwards and sends its
# monthly figures to its supervising authority's instance. Then connect the two
# instances on both sides: 配置 › 实例间交换 › 连接其他实例 (addons/noproof_catalog/readme/EXCHANGE.md).
source "$(dirname "$0")/env.sh"
bash "$NOPROOF_ROOT/scripts/bootstrap.sh" >/dev/null
db=${NOPROOF_PEER_DB:-noproof_enterprise}
port=${NOPROOF_PEER_PORT:-$((NOPROOF_PORT + 1))}
if ! psql -X -d "$db" -tAc "select 1" >/dev/null 2>&1; then
    log "Creating $db: noproof_supervision without demo data, Chinese loaded"
    "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" -i noproof_supervision --without-demo=all \
        --load-language=en_US,zh_CN --stop-after-init --log-level=warn
    "$PY" "$ODOO_BIN" shell -c "$NOPROOF_CONF" -d "$db" --no-http --log-level=warn \
        < "$NOPROOF_ROOT/scripts/enterprise_setup.py" | grep -q NOPROOF-SETUP-OK || die "Setting up $db failed."
else
    "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" -i noproof_supervision -u noproof_verification \
        --stop-after-init --log-level=warn
fi
cat <<TXT

  The water company's instance: http://127.0.0.1:$port/web/login
    admin           系统管理员 (password admin: change it)
    water_verifier  水务协查专员 (协查人员 of 台州市水务集团有限公司, password = login)
    water_office    水务监督专员 (its No-Proof office: forwarded complaints, password = login)
  Connect it with the demo city (http://127.0.0.1:$NOPROOF_PORT): on each side, as admin,
  配置 › 实例间交换 › 连接其他实例, type the other's address, compare the fingerprints, Connect.

TXT
exec "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" --db-filter="^$db\$" \
    --http-interface=127.0.0.1 --http-port="$port"
