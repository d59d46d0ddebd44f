#!/usr/bin/env python3
"""Benchmark the public cancellation-list portal of noproof_catalog (issue 3 figures).

Builds, in the database you name, a level "Bench City (noproof_catalog)" whose
published list has --lines lines (default 5,000: 1,000 items of 5 certificates),
then requests through Odoo's own WSGI application, in this process, as an anonymous
visitor:

- the list page (first page, 200 lines), and the same page searched by item and
  certificate;
- the JSON and the CSV export of the whole version.

For each it reports the median, 95th percentile and maximum of the server time
(the controller's ``Server-Timing`` header: reading the lines and rendering) and of
the whole WSGI round trip (routing, session, rendering, response). The target is
under 300 ms for the page and the JSON.

The level is built once and reused by later runs with the same --lines; --rebuild
builds it afresh.

Usage (the database must have noproof_catalog installed; demo data is not needed):

    ~/.cache/noproof/venv/bin/python scripts/bench_catalog_portal.py -d <database> \\
        [--lines 5000] [--runs 30] [--rebuild] [-c .odoo/odoo.conf]
"""

import re
import statistics
import time
from urllib.parse import quote

from benchlib import argument_parser, odoo_registry

LEVEL_NAME = "Bench City (noproof_catalog)"
CERTIFICATES_PER_ITEM = 5
DISPOSITIONS = ("online_check", "commitment", "assistance", "cancelled", "retained")


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--lines", type=int, default=5000, help="lines of the published list")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per URL")
    parser.add_argument("--rebuild", action="store_true", help="build the benchmark level afresh")
    return parser.parse_args()


def wipe_level(env, level):
    """Remove what an earlier run built (published lists are frozen for the ORM)."""
    cr = env.cr
    cr.execute("DELETE FROM noproof_cancellation_list_line WHERE company_id = %s", [level.id])
    cr.execute("DELETE FROM noproof_cancellation_list WHERE company_id = %s", [level.id])
    cr.execute("DELETE FROM noproof_certificate_rule WHERE company_id = %s", [level.id])
    cr.execute("DELETE FROM noproof_service_item WHERE company_id = %s", [level.id])
    cr.execute("DELETE FROM noproof_certificate WHERE company_id = %s", [level.id])
    env.invalidate_all()


def build_level(env, lines):
    """A level with one organization and a published list of ``lines`` lines."""
    level = env["res.company"].search([("name", "=", LEVEL_NAME)], limit=1)
    if not level:
        level = env["res.company"].create({"name": LEVEL_NAME, "noproof_level": "city"})
    List = env["noproof.cancellation.list"]
    current = List.search([("company_id", "=", level.id), ("state", "=", "published")], limit=1)
    if current and current.line_count == lines:
        return current, 0.0
    started = time.perf_counter()
    wipe_level(env, level)
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    Org = env["noproof.organization"]
    civil = Org.search([("company_id", "=", level.id), ("name", "=", "基准民政局")], limit=1) or Org.create(
        {"name": "基准民政局", "company_id": level.id}
    )
    police = Org.search([("company_id", "=", level.id), ("name", "=", "基准公安局")], limit=1) or Org.create(
        {"name": "基准公安局", "company_id": level.id}
    )
    basis = env["noproof.legal.basis"].create(
        {
            "name": "基准社会救助条例",
            "article": "第十一条",
            "level": "administrative_regulation",
            "date_effective": "2014-05-01",
            "company_id": level.id,
        }
    )
    item_count = -(-lines // CERTIFICATES_PER_ITEM)
    certificates = env["noproof.certificate"].create(
        [{"name": f"基准证明材料{i:03d}", "company_id": level.id} for i in range(CERTIFICATES_PER_ITEM * 20)]
    )
    items = env["noproof.service.item"].create(
        [
            {
                "name": f"基准办事项目{i:04d}",
                "code": f"BENCH-{i:04d}",
                "company_id": level.id,
                "organization_id": civil.id,
            }
            for i in range(item_count)
        ]
    )
    Rule = env["noproof.certificate.rule"]
    values = []
    for index in range(lines):
        item = items[index // CERTIFICATES_PER_ITEM]
        slot = index % CERTIFICATES_PER_ITEM
        disposition = DISPOSITIONS[slot]
        values.append(
            {
                "item_id": item.id,
                "certificate_id": certificates[(index // CERTIFICATES_PER_ITEM * 7 + slot) % len(certificates)].id,
                "sequence": 10 * (slot + 1),
                "disposition": disposition,
                "legal_basis_id": basis.id if disposition != "cancelled" else False,
                "alternative_method": False
                if disposition in ("cancelled", "retained")
                else f"通过共享数据或部门协查核验第{index}项信息",
                "assisting_organization_id": police.id if disposition == "assistance" else False,
                "state": "active",
                "date_start": "2020-01-01",
            }
        )
    for start in range(0, len(values), 1000):
        Rule.create(values[start : start + 1000])
    lst = List.create({"name": "基准证明材料取消清单", "company_id": level.id})
    lst.action_publish()
    env.cr.commit()
    return lst, time.perf_counter() - started


def measure(client, url, runs):
    for _warm in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:500])
    server, wall, size = [], [], 0
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        body = response.get_data()
        wall.append((time.perf_counter() - started) * 1000)
        size = len(body)
        timing = re.search(r"dur=([\d.]+)", response.headers.get("Server-Timing", ""))
        server.append(float(timing.group(1)) if timing else float("nan"))
    return server, wall, size


def summary(values):
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):7.1f} ms  p95 {p95:7.1f} ms  max {ordered[-1]:7.1f} ms"


def main():
    args = parse_args()
    registry = odoo_registry(args)
    from werkzeug.test import Client

    import odoo
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if args.rebuild:
            level = env["res.company"].search([("name", "=", LEVEL_NAME)], limit=1)
            if level:
                wipe_level(env, level)
        lst, build_seconds = build_level(env, args.lines)
        cr.commit()
        list_id, line_count = lst.id, lst.line_count
    print(
        f"List {list_id}: {line_count} lines" + (f" (built in {build_seconds:.1f} s)" if build_seconds else " (reused)")
    )

    client = Client(odoo.http.root)
    item_term, certificate_term = quote("基准办事项目01"), quote("证明材料00")
    urls = [
        ("HTML page 1 (200 lines)", f"/noproof/list/{list_id}"),
        ("HTML searched", f"/noproof/list/{list_id}?item={item_term}&certificate={certificate_term}"),
        ("HTML page 25", f"/noproof/list/{list_id}?page=25"),
        (f"JSON ({line_count} lines)", f"/noproof/list/{list_id}.json"),
        (f"CSV ({line_count} lines)", f"/noproof/list/{list_id}.csv"),
    ]
    print(f"{args.runs} anonymous requests each, after 3 warm-up requests:")
    worst = {}
    for label, url in urls:
        server, wall, size = measure(client, url, args.runs)
        print(f"  {label:<24} server: {summary(server)}")
        print(f"  {'':<24} WSGI:   {summary(wall)}  ({size / 1024:.0f} KiB)")
        worst[label] = statistics.median(server)
    targets = [label for label in worst if label.startswith(("HTML page 1", "JSON"))]
    ok = all(worst[label] < 300 for label in targets)
    print("Target (< 300 ms server time for the page and the JSON):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
