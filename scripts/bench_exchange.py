#!/usr/bin/env python3
"""Benchmark the exchange between instances (issue 14 aim: >= 200 messages/s, p95 latency < 2 s).

The database plays both instances over loopback: it is its own peer, and a second Odoo process (HTTP
server with the queue_job runner, ODOO_QUEUE_JOB_CHANNELS=root:2,root.noproof_exchange:<capacity>)
delivers the outbox and receives the messages, with every check, the signed receipt and the ledger
entries of both directions. Messages waiting for a peer go in batches (noproof_exchange.batch_size,
``--batch``), one delivery job per peer at a time.
Each message is a verification ticket request for the water company's organization; the receiving side
creates the ticket in its verifiers' inbox.

1. burst: ``--tickets`` requests written to the outbox (one transaction per 500, as clerks' transactions
   would), then delivered: sent/s (outbox writes), received/s (processed by the receiver);
2. latency: ``--paced`` requests written one per transaction at ``--rate`` per second while the
   receiver is up: end-to-end latency (written to the outbox → processed by the receiver), median and p95.

    ~/.cache/noproof/venv/bin/python scripts/bench_exchange.py -d <database> [-c .odoo/odoo.conf]
        [--tickets 10000] [--paced 300] [--rate 50] [--port 8399] [--capacity 1] [--batch 100]

It also prints the CPU seconds the Odoo process spent per message (sender's delivery jobs and
receiver together; PostgreSQL not counted) and the load average, since the machine may be shared.

Everything it creates is deleted at the end (the ledger keeps its entries: use a bench database).
"""

import os
import statistics
import subprocess
import sys
import time
import uuid

import requests
from benchlib import argument_parser, odoo_registry


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--paced", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--port", type=int, default=8399)
    parser.add_argument("--capacity", type=int, default=1)
    parser.add_argument("--batch", type=int, default=100)
    return parser.parse_args()


def setup(env, url):
    from odoo import Command

    company = env["res.company"].create({"name": f"Bench Water {uuid.uuid4().hex[:6]}"})
    Organization = env["noproof.organization"]
    bureau = Organization.create({"name": "Bench Water Bureau", "company_id": company.id})
    verifier = env["res.users"].create(
        {
            "name": "Bench Verifier",
            "login": f"bench_verifier_{uuid.uuid4().hex[:6]}",
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([env.ref("noproof_catalog.group_verifier").id])],
        }
    )
    water = Organization.create(
        {
            "name": f"Bench Water Company {company.id}",
            "kind": "water",
            "company_id": company.id,
            "supervising_authority_id": bureau.id,
            "user_ids": [Command.set(verifier.ids)],
            "verifier_ids": [Command.set(verifier.ids)],
        }
    )
    wizard = (
        env["noproof.exchange.onboard"]
        .with_context(noproof_exchange_self=True)
        .create({"base_url": url, "company_id": company.id})
    )
    wizard.action_fetch()
    wizard.fingerprint_confirmed = True
    peer = env["noproof.exchange.peer"].browse(wizard.action_confirm()["res_id"])
    return company, water, peer


def payload(water, n):
    from odoo import fields

    now = fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "ticket": str(uuid.uuid4()),
        "reference": f"BENCH{n:06d}",
        "organization": {"name": water.name, "code": None},
        "requesting_level": "Bench City",
        "requesting_organization": "Bench Civil Affairs",
        "item": "Bench Item",
        "certificate": "Bench Certificate",
        "question": "Is the applicant a customer at this address?",
        "data_kind": "electronic",
        "classification": None,
        "sent_at": now,
        "deadline": now,
        "applicant": {"name": "Bench Applicant", "id_type": "resident_id", "id_number": "331002199003070015"},
        "authorization": [],
    }


def start_server(args):
    env = dict(
        os.environ, ODOO_QUEUE_JOB_CHANNELS=f"root:{max(2, args.capacity)},root.noproof_exchange:{args.capacity}"
    )
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(__import__("odoo").__file__)), "odoo-bin")
    process = subprocess.Popen(
        [
            sys.executable,
            odoo_bin,
            "-c",
            args.config,
            "-d",
            args.database,
            f"--db-filter=^{args.database}$",
            f"--http-port={args.port}",
            "--max-cron-threads=0",
            "--log-level=warn",
            "--load=base,web,queue_job",
        ],
        env=env,
        start_new_session=True,
    )
    for _ in range(240):
        try:
            requests.get(f"http://127.0.0.1:{args.port}/.well-known/noproof-identity", timeout=2)
            return process
        except requests.RequestException:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the bench server did not start")


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def delivery_jobs(registry):
    with registry.cursor() as cr:
        cr.execute(
            """SELECT count(*) FROM queue_job
                WHERE model_name = 'noproof.exchange.message' AND date_started IS NOT NULL"""
        )
        return cr.fetchone()[0]


def count(registry, peer_id, direction, states):
    with registry.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM noproof_exchange_message WHERE peer_id = %s AND direction = %s AND state = ANY(%s)",
            (peer_id, direction, list(states)),
        )
        return cr.fetchone()[0]


def wait_all(registry, peer_id, total, timeout):
    start = time.time()
    while time.time() - start < timeout:
        if count(registry, peer_id, "in", ["processed"]) >= total:
            return time.time()
        time.sleep(0.2)
    raise SystemExit(f"only {count(registry, peer_id, 'in', ['processed'])} of {total} processed in {timeout} s")


def main():
    args = parse_args()
    registry = odoo_registry(args)
    import odoo

    url = f"http://127.0.0.1:{args.port}"
    server = start_server(args)
    ids = (None, None, None)
    try:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company, water, peer = setup(env, url)
            ids = (company.id, water.id, peer.id)
            env["ir.config_parameter"].set_param("noproof_exchange.batch_size", str(args.batch))
            cr.execute("DELETE FROM queue_job WHERE model_name = 'noproof.exchange.message'")
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
        cpu = cpu_seconds(server.pid)
        # 1. burst
        start = time.time()
        for first in range(0, args.tickets, 500):
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                Message = env["noproof.exchange.message"]
                peer, water = env["noproof.exchange.peer"].browse(ids[2]), env["noproof.organization"].browse(ids[1])
                for n in range(first, min(first + 500, args.tickets)):
                    Message._noproof_send(peer, "noproof.ticket.request", payload(water, n))
        written = time.time()
        done = wait_all(registry, ids[2], args.tickets, timeout=3600)
        cpu = cpu_seconds(server.pid) - cpu
        jobs = delivery_jobs(registry)
        print(f"burst: {args.tickets} ticket requests")
        print(f"  sent (written to the outbox): {args.tickets / (written - start):.0f} msg/s")
        print(
            f"  received (processed by the receiver, from the first write): {args.tickets / (done - start):.0f} msg/s"
        )
        print(
            f"  Odoo process CPU (delivery jobs + receiver): {cpu / args.tickets * 1000:.1f} ms per message;"
            f" {jobs} delivery jobs started"
        )
        # 2. latency at a steady rate
        first_latency_id = None
        interval = 1.0 / args.rate
        begin = time.time()
        for n in range(args.paced):
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                peer, water = env["noproof.exchange.peer"].browse(ids[2]), env["noproof.organization"].browse(ids[1])
                message = env["noproof.exchange.message"]._noproof_send(
                    peer, "noproof.ticket.request", payload(water, args.tickets + n)
                )
                first_latency_id = first_latency_id or message.id
            time.sleep(max(0.0, begin + (n + 1) * interval - time.time()))
        wait_all(registry, ids[2], args.tickets + args.paced, timeout=600)
        with registry.cursor() as cr:
            cr.execute(
                """SELECT EXTRACT(EPOCH FROM (i.create_date - o.create_date))
                     FROM noproof_exchange_message o
                     JOIN noproof_exchange_message i ON i.uuid = o.uuid AND i.direction = 'in' AND i.peer_id = o.peer_id
                    WHERE o.direction = 'out' AND o.peer_id = %s AND o.id >= %s""",
                (ids[2], first_latency_id),
            )
            latencies = sorted(row[0] for row in cr.fetchall())
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"latency at {args.rate:.0f} msg/s, {len(latencies)} messages: median {statistics.median(latencies):.2f} s,"
            f" p95 {p95:.2f} s"
        )
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        os.killpg(server.pid, 15)
        server.wait(60)
        with registry.cursor() as cr:
            cr.execute("DELETE FROM noproof_exchange_ticket WHERE peer_id = %s", (ids[2],))
            cr.execute("DELETE FROM noproof_exchange_message WHERE peer_id = %s", (ids[2],))
            cr.execute("DELETE FROM queue_job WHERE model_name = 'noproof.exchange.message'")
            cr.execute("DELETE FROM ir_config_parameter WHERE key = 'noproof_exchange.batch_size'")


if __name__ == "__main__":
    main()
