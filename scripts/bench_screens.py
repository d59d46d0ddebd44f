#!/usr/bin/env python3
"""The everyday screens on a city-year of data (issue 15), measured as the browser asks for them.

    ~/.cache/noproof/venv/bin/python scripts/bench_screens.py -d noproof_cityyear [-c .odoo/odoo.conf]
        [--port 8399] [--repeat 20] [--out bench-results/screens.md]

Starts Odoo (threaded, one process, on 127.0.0.1:PORT, logging every request with its SQL query
count), signs in as each role of scripts/make_cityyear.py and sends the web client's own RPC calls:
the action (/web/action/load), its views (get_views, once per screen as the browser caches them),
then the data calls that each opening of the screen makes (web_search_read with the fields the
view shows and the action's default filters; web_read with the form's specification; the office
overview's ORM call; the public pages over plain GET; the evaluation's compute button and its PDF).
For each screen: the median and p95 of the wall time of its data calls over --repeat openings, and
the SQL queries they ran (Odoo's own per-request count, from its log). Aims (issue 15): lists and
forms under 500 ms median and 1 s p95, the overview under 1 s, the evaluation under 10 s.
"""

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

import requests
from benchlib import argument_parser
from lxml import etree

ODOO_BIN = os.path.join(os.environ.get("ODOO_SRC", os.path.expanduser("~/.cache/noproof/odoo-18.0")), "odoo-bin")
LOG_LINE = re.compile(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" (\d+) - (\d+) ([\d.]+) ([\d.]+)')
AIMS = {"list": (0.5, 1.0), "form": (0.5, 1.0), "overview": (1.0, 2.0), "evaluation": (10.0, 20.0)}


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--port", type=int, default=8399)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", default=None, help="also write the table (Markdown) to this file")
    return parser.parse_args()


class Odoo:
    """An Odoo server of our own, and the requests log it writes."""

    def __init__(self, args):
        self.url = f"http://127.0.0.1:{args.port}"
        handle, self.logfile = tempfile.mkstemp(prefix="bench-screens-", suffix=".log")
        os.close(handle)
        self.process = subprocess.Popen(
            [
                sys.executable,
                ODOO_BIN,
                "-c",
                args.config,
                "-d",
                args.database,
                f"--http-port={args.port}",
                "--http-interface=127.0.0.1",
                "--workers=0",
                "--max-cron-threads=0",
                "--log-level=info",
                f"--logfile={self.logfile}",
                f"--db-filter=^{args.database}$",
            ],
        )
        for _attempt in range(120):
            try:
                socket.create_connection(("127.0.0.1", args.port), timeout=1).close()
                break
            except OSError:
                time.sleep(1)
        else:
            sys.exit("Odoo did not start")
        self.position = os.path.getsize(self.logfile)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)

    def queries_since_last(self):
        """The SQL query count of each request logged since the previous call."""
        time.sleep(0.05)
        with open(self.logfile, encoding="utf-8", errors="replace") as log:
            log.seek(self.position)
            text = log.read()
            self.position = log.tell()
        return [(m.group(1), int(m.group(3))) for m in LOG_LINE.finditer(text)]


class Client:
    """One browser: a session, and the calls the web client makes."""

    def __init__(self, odoo, database, login=None):
        self.odoo, self.session, self.context = odoo, requests.Session(), {}
        if login:
            result = self.json("/web/session/authenticate", {"db": database, "login": login, "password": login})
            self.context = result["user_context"]
            self.uid = result["uid"]

    def json(self, path, params):
        response = self.session.post(
            self.odoo.url + path, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}, timeout=600
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(f"{path}: {json.dumps(body['error'])[:800]}")
        return body["result"]

    def call(self, model, method, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", self.context)
        return self.json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def action(self, xmlid):
        return self.json("/web/action/load", {"action_id": xmlid})

    def views(self, model, view_types, action):
        views = [[False, view_type] for view_type in view_types]
        if action.get("search_view_id"):
            views.append([action["search_view_id"][0], "search"])
        else:
            views.append([False, "search"])
        return self.call(
            model, "get_views", [], {"views": views, "options": {"action_id": action["id"], "toolbar": True}}
        )


# ------------------------------------------------------------------ what the web client asks for
def specification(arch, fields):
    """The web client's specification for an arch: every field it shows, a many2one's display_name,
    an x2many's sub-list."""
    root = etree.fromstring(arch)

    def spec_of(node, fields):
        spec = {}
        for field in node.iter("field"):
            # Skip the fields of nested sub-views; they are read through their x2many.
            parent = field.getparent()
            nested = False
            while parent is not None and parent is not node:
                if parent.tag == "field":
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            name = field.get("name")
            description = fields.get(name)
            if not description:
                continue
            if description["type"] in ("many2one", "many2many") and not len(field):
                spec[name] = {"fields": {"display_name": {}}}
            elif description["type"] in ("one2many", "many2many"):
                sub = field.find("list") if field.find("list") is not None else field.find("kanban")
                relation_fields = description.get("_sub_fields", {})
                spec[name] = {
                    "fields": spec_of(sub, relation_fields) if sub is not None else {"display_name": {}},
                    "limit": 40,
                    "order": "",
                }
            else:
                spec[name] = {}
        return spec

    return spec_of(root, fields)


def default_domain(search_arch, context, uid):
    """The domain of the action's search_default_* filters, as the search panel builds it."""
    from odoo.tools.safe_eval import datetime as safe_datetime
    from odoo.tools.safe_eval import safe_eval
    from odoo.tools.safe_eval import time as safe_time

    root = etree.fromstring(search_arch)
    domain = []
    for key, value in context.items():
        if not key.startswith("search_default_") or not value:
            continue
        name = key[len("search_default_") :]
        node = root.find(f".//filter[@name='{name}']")
        if node is not None and node.get("domain"):
            domain += safe_eval(
                node.get("domain"),
                {"uid": uid, "context_today": safe_datetime.date.today, "datetime": safe_datetime, "time": safe_time},
            )
    return domain


def view_fields(views, model, view_type):
    """Fields of the model with the sub-fields of inline x2many views (for their specification)."""
    fields = views["models"][model]["fields"]
    for description in fields.values():
        if description["type"] in ("one2many", "many2many") and description.get("relation") in views["models"]:
            description["_sub_fields"] = views["models"][description["relation"]]["fields"]
    return fields


class Screen:
    """One screen: how to open it once (setup), and what each opening sends (open)."""

    def __init__(self, name, kind, setup, open_):
        self.name, self.kind, self.setup, self.open = name, kind, setup, open_


def list_screen(client, xmlid, view_type="list", extra_domain=()):
    action = client.action(xmlid)
    model = action["res_model"]
    views = client.views(model, [view_type, "form"], action)
    context = {**client.context, **_eval_context(action.get("context"), client)}
    arch = views["views"][view_type]["arch"]
    spec = specification(arch, view_fields(views, model, view_type))
    domain = (
        _eval_domain(action.get("domain"), client)
        + default_domain(views["views"]["search"]["arch"], context, client.uid)
        + list(extra_domain)
    )
    limit = 40 if view_type == "kanban" else 80

    def open_():
        return client.call(
            model,
            "web_search_read",
            [],
            {
                "specification": spec,
                "domain": domain,
                "offset": 0,
                "limit": limit,
                "order": "",
                "count_limit": 10001,
                "context": context,
            },
        )

    return open_, views, domain


def form_screen(client, xmlid, record_id):
    action = client.action(xmlid)
    model = action["res_model"]
    views = client.views(model, ["list", "form"], action)
    spec = specification(views["views"]["form"]["arch"], view_fields(views, model, "form"))

    def open_():
        return client.call(model, "web_read", [[record_id]], {"specification": spec})

    return open_


def _eval_context(value, client):
    from odoo.tools.safe_eval import safe_eval

    if isinstance(value, dict):
        return value
    return safe_eval(value or "{}", {"uid": client.uid, "context_today": date.today, "allowed_company_ids": []})


def _eval_domain(value, client):
    from odoo.tools.safe_eval import safe_eval

    if isinstance(value, list):
        return value
    return safe_eval(value or "[]", {"uid": client.uid})


# ------------------------------------------------------------------ measuring
def measure(odoo, name, kind, open_, repeat):
    open_()  # a first opening warms the caches, as the browser's first visit would
    odoo.queries_since_last()
    times, queries = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        open_()
        times.append(time.perf_counter() - started)
        queries.append(sum(count for _path, count in odoo.queries_since_last()))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    median = statistics.median(times)
    aim_median, aim_p95 = AIMS[kind]
    row = {
        "screen": name,
        "median_ms": round(median * 1000),
        "p95_ms": round(p95 * 1000),
        "queries": int(statistics.median(queries)),
        "aim": f"{aim_median * 1000:.0f} / {aim_p95 * 1000:.0f} ms",
        "met": median <= aim_median and p95 <= aim_p95,
        "n": repeat,
    }
    print(
        f"  {name:48} median {row['median_ms']:6} ms  p95 {row['p95_ms']:6} ms  {row['queries']:4} queries  "
        f"{'ok' if row['met'] else 'SLOWER THAN AIM'}",
        flush=True,
    )
    return row


def main():
    args = parse_args()
    server = Odoo(args)
    rows = []
    try:
        print(f"Odoo on {server.url}, database {args.database}, {args.repeat} openings per screen", flush=True)
        clerk = Client(server, args.database, "cy_clerk")
        open_list, views, domain = list_screen(clerk, "noproof_verification.action_noproof_case")
        rows.append(measure(server, "clerk: case list (in progress, 80 rows)", "list", open_list, args.repeat))
        case_id = open_list()["records"][0]["id"]
        open_form = form_screen(clerk, "noproof_verification.action_noproof_case", case_id)
        rows.append(measure(server, "clerk: case form (with its checks)", "form", open_form, args.repeat))

        verifier = Client(server, args.database, "cy_verifier")
        open_inbox, __, __ = list_screen(verifier, "noproof_verification.action_noproof_ticket_inbox", "kanban")
        rows.append(measure(server, "verifier: ticket inbox (kanban, countdowns)", "list", open_inbox, args.repeat))
        open_inbox_list, __, __ = list_screen(verifier, "noproof_verification.action_noproof_ticket_inbox", "list")
        rows.append(measure(server, "verifier: ticket inbox (list)", "list", open_inbox_list, args.repeat))

        office = Client(server, args.database, "cy_office")
        rows.append(
            measure(
                server,
                "office: overview",
                "overview",
                lambda: office.call("noproof.complaint", "noproof_overview"),
                args.repeat,
            )
        )
        entry = office.call(
            "noproof.ledger.entry",
            "search_read",
            [[("applicant_id", "!=", False)]],
            {"fields": ["applicant_id"], "limit": 1, "offset": 100},
        )[0]
        applicant = {"id": entry["applicant_id"][0], "name": entry["applicant_id"][1]}
        open_ledger, __, __ = list_screen(
            office, "noproof_ledger.action_noproof_ledger_entry", extra_domain=[("applicant_id", "=", applicant["id"])]
        )
        rows.append(measure(server, "office: ledger filtered by applicant", "list", open_ledger, args.repeat))
        open_ledger_name, __, __ = list_screen(
            office,
            "noproof_ledger.action_noproof_ledger_entry",
            extra_domain=[("applicant_name", "ilike", applicant["name"])],
        )
        rows.append(measure(server, "office: ledger searched by applicant name", "list", open_ledger_name, args.repeat))
        open_all_ledger, __, __ = list_screen(office, "noproof_ledger.action_noproof_ledger_entry")
        rows.append(measure(server, "office: ledger list (no filter)", "list", open_all_ledger, args.repeat))

        public = requests.Session()
        lists = office.call(
            "noproof.cancellation.list",
            "search_read",
            [[("state", "=", "published")]],
            {"fields": ["id", "company_id"], "order": "id"},
        )
        city_list = lists[0]["id"]
        for path in ("/noproof", f"/noproof/list/{city_list}", f"/noproof/list/{city_list}.json"):
            rows.append(
                measure(
                    server,
                    f"public: GET {path}",
                    "list",
                    lambda path=path: public.get(server.url + path, timeout=120).raise_for_status(),
                    args.repeat,
                )
            )

        # The last full quarter; the level is the office's own company (the form's default).
        quarter = (date.today().month - 1) // 3 or 4
        year = date.today().year if quarter != 4 else date.today().year - 1
        period = [("period_type", "=", "quarter"), ("year", "=", year), ("period_number", "=", quarter)]
        existing = office.call("noproof.evaluation", "search", [period], {"limit": 1})
        evaluation_id = (
            existing[0]
            if existing
            else office.call(
                "noproof.evaluation",
                "web_save",
                [[], {"period_type": "quarter", "year": year, "period_number": quarter}],
                {"specification": {"id": {}}},
            )[0]["id"]
        )
        repeat = max(3, args.repeat // 5)
        rows.append(
            measure(
                server,
                "office: quarterly evaluation (compute)",
                "evaluation",
                lambda: office.call("noproof.evaluation", "action_compute", [[evaluation_id]]),
                repeat,
            )
        )
        rows.append(
            measure(
                server,
                "office: quarterly evaluation PDF",
                "evaluation",
                lambda: office.session.get(
                    f"{server.url}/report/pdf/noproof_supervision.report_noproof_evaluation/{evaluation_id}",
                    timeout=600,
                ).raise_for_status(),
                repeat,
            )
        )
    finally:
        server.stop()
    table = ["| screen | median | p95 | SQL queries | aim (median / p95) | met |", "|---|---|---|---|---|---|"]
    for row in rows:
        table.append(
            f"| {row['screen']} | {row['median_ms']} ms | {row['p95_ms']} ms | {row['queries']} | {row['aim']} "
            f"| {'yes' if row['met'] else '**no**'} |"
        )
    print("\n".join(table))
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write("\n".join(table) + "\n")


if __name__ == "__main__":
    main()
