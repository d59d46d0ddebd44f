#!/usr/bin/env bash
# Load test (issue 15): Odoo in workers mode on loopback against a city-year database, Locust
# (scripts/locustfile.py) at 10, 50 and 100 users for a bounded time each; the report (throughput,
# p50/p95 per request and step, errors) goes to bench-results/load.md.
#
#   bash scripts/load_test.sh [-d noproof_cityyear] [-w WORKERS] [-t SECONDS] [-s "10 50 100"]
#
# Locust runs from its own virtualenv (LOCUST_VENV, default ~/.cache/noproof/locust-venv, created
# with `pip install -r requirements/load.txt` when missing): its gevent and Werkzeug versions
# differ from Odoo's pins and must not enter Odoo's virtualenv.
source "$(dirname "$0")/env.sh"
db=noproof_cityyear workers=4 seconds=60 steps="10 50 100" port=$((NOPROOF_PORT + 3))
while getopts "d:w:t:s:p:h" opt; do
    case $opt in
        d) db=$OPTARG ;;
        w) workers=$OPTARG ;;
        t) seconds=$OPTARG ;;
        s) steps=$OPTARG ;;
        p) port=$OPTARG ;;
        *) sed -n '2,10p' "$0" >&2; exit 2 ;;
    esac
done
locust_venv=${LOCUST_VENV:-$HOME/.cache/noproof/locust-venv}
if [ ! -x "$locust_venv/bin/locust" ]; then
    log "Creating $locust_venv with Locust"
    python3 -m venv "$locust_venv"
    "$locust_venv/bin/pip" install -q -r "$NOPROOF_ROOT/requirements/load.txt"
fi
psql -X -d "$db" -tAc "SELECT 1 FROM res_users WHERE login = 'cy_clerk'" | grep -q 1 \
    || die "$db is not a city-year database: run scripts/make_cityyear.py -d $db first."

out="$NOPROOF_ROOT/bench-results"
mkdir -p "$out"
odoo_log="$out/load-odoo.log"
log "Odoo: $workers HTTP workers on 127.0.0.1:$port, database $db"
"$PY" "$ODOO_BIN" -c "$NOPROOF_CONF" -d "$db" --db-filter="^$db\$" --http-interface=127.0.0.1 --http-port="$port" \
    --workers="$workers" --max-cron-threads=0 --limit-time-real=600 --limit-time-cpu=300 --log-level=warn \
    --logfile="$odoo_log" &
odoo_pid=$!
trap 'kill "$odoo_pid" 2>/dev/null; wait "$odoo_pid" 2>/dev/null' EXIT
for _ in $(seq 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/web/login" && break; sleep 1; done
curl -fs -o /dev/null "http://127.0.0.1:$port/web/login" || die "Odoo did not start; see $odoo_log"

# Warm-up, not measured: every worker loads the registry on its first request and each user signs
# in once (PBKDF2 on purpose slow); the steps below measure a warm server.
log "Warm-up: 8 users for 20s (not measured)"
(cd "$NOPROOF_ROOT/scripts" && NOPROOF_LOAD_DB=$db "$locust_venv/bin/locust" -f locustfile.py \
    --host "http://127.0.0.1:$port" --headless -u 8 -r 8 -t 20s --only-summary --loglevel ERROR) >/dev/null 2>&1 || true
for users in $steps; do
    log "Step: $users users for ${seconds}s"
    (cd "$NOPROOF_ROOT/scripts" && NOPROOF_LOAD_DB=$db "$locust_venv/bin/locust" -f locustfile.py \
        --host "http://127.0.0.1:$port" --headless -u "$users" -r "$(( users < 20 ? users : 20 ))" -t "${seconds}s" \
        --csv "$out/load-$users" --only-summary --loglevel WARNING) >"$out/load-$users.txt" 2>&1 || true
done
"$PY" - "$out" "$workers" "$seconds" "$db" $steps <<'PY'
import csv, os, sys, time
out, workers, seconds, db, *steps = sys.argv[1:]
lines = [f"# Load test — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
         f"Odoo in workers mode ({workers} HTTP workers, no cron) on loopback, database `{db}`; Locust "
         f"(scripts/locustfile.py), {seconds} s per step after ramp-up. Machine: {os.cpu_count()} cores, "
         f"load average at the end {os.getloadavg()[0]:.1f} (shared with other work).", ""]
for users in steps:
    path = f"{out}/load-{users}_stats.csv"
    if not os.path.exists(path):
        lines += [f"## {users} users: no result", ""]
        continue
    lines += [f"## {users} users", "", "| request | requests | failures | req/s | p50 ms | p95 ms | max ms |",
              "|---|---|---|---|---|---|---|"]
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
            lines.append(f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
                         f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | "
                         f"{float(row['Max Response Time']):.0f} |")
    lines.append("")
with open(f"{out}/load.md", "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
print("\n".join(lines))
PY
log "Report: $out/load.md"
