#!/usr/bin/env bash
# Build (or upgrade) the demo database with every add-on and its demo data, then serve it.
source "$(dirname "$0")/env.sh"
bash "$NOPROOF_ROOT/scripts/bootstrap.sh"

addons=$(noproof_addons)
if psql -X -d "$NOPROOF_DB" -tAc "select 1 from ir_module_module where name = 'noproof_catalog' and state = 'installed'" 2>/dev/null | grep -q 1; then
    log "Upgrading $addons in $NOPROOF_DB"
    "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$NOPROOF_DB" -u "$addons" -i "$addons" --load-language=zh_CN --stop-after-init --log-level=warn
else
    log "Creating $NOPROOF_DB with $addons and their demo data"
    dropdb --if-exists "$NOPROOF_DB"
    "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$NOPROOF_DB" -i "$addons" --load-language=zh_CN --stop-after-init --log-level=warn
fi

cat <<TXT

  No-Proof City is running at http://127.0.0.1:$NOPROOF_PORT/web/login  (database $NOPROOF_DB)

  Demo logins (password = login):
    admin       系统管理员 (Administrator, every right)
    np_manager  赵配置 (配置管理员, Taizhou city)
    np_office   邵办公 (联席会议办公室, 台州市跑改办)
    np_clerk    王窗口 (窗口经办人, 台州市民政局)
    np_verifier 李协查 (协查人员, 台州市公安局)
    lz_office   陈司法 (联席会议办公室, 泸州市司法局)
    lz_clerk    刘窗口 (窗口经办人, 泸州市民政局)
    tz_supervisor 孙监督 (监督专窗, 台州市行政服务中心)

  Stop it with Ctrl+C; run the same command again to upgrade and serve.

TXT
exec "$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$NOPROOF_DB" --db-filter="^$NOPROOF_DB\$" \
    --http-interface=127.0.0.1 --http-port="$NOPROOF_PORT"
