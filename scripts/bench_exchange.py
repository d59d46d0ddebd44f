#!/usr/bin/env python3
"""Benchmark the exchange between instances (issue 14 aim: >= 200 messages/s, p95 latency < 2 s).

Two real instances over loopback: the city's (the bench database, ``-d``) sends verification ticket requests
to the water company's (``--peer-database``, default ``<database>_peer``), each served by its own Odoo
process. The sender's process runs the queue_job runner that delivers the outbox
(ODOO_QUEUE_JOB_CHANNELS=root:2,root.noproof_exchange:<capacity>); the receiver's serves the inbox, with
every check, the signed receipt, the ticket in its verifier's inbox and the ledger entry. Each side appends
to its own level's ledger chain. Messages waiting for a peer go in batches (noproof_exchange.batch_size,
``--batch``), one delivery job per peer at a time. The company's database is created the first time
(noproof_supervision without demo data, configured by scripts/enterprise_setup.py, as
scripts/demo_enterprise.sh does) and kept for the next runs (``--drop-peer`` drops it at the end); both
instances are connected by the onboarding wizard, as their administrators would.

1. burst: ``--tickets`` requests written to the outbox (one transaction per 500, as clerks' transactions
   would), then delivered: sent/s (outbox writes), received/s (processed by the receiver);
2. latency: ``--paced`` requests written one per transaction at ``--rate`` per second while the
   receiver is up: end-to-end latency (written to the outbox → processed by the receiver), median and p95.

    ~/.cache/noproof/venv/bin/python scripts/bench_exchange.py -d <database> [-c .odoo/odoo.conf]
        [--peer-database <database>_peer] [--drop-peer] [--tickets 10000] [--paced 300] [--rate 50]
        [--port 8399] [--peer-port 8400] [--capacity 1] [--batch 100]

It also prints the CPU seconds each Odoo process spent per message (the sender's delivery jobs, the
receiver's inbox; PostgreSQL not counted) and the load average, since the machine may be shared.

The messages and tickets it creates are deleted at the end on both sides (the ledgers keep their entries:
use bench databases).
"""

import os
import statistics
import time
import uuid

from benchlib import argument_parser, odoo_registry
from local_instance import LocalInstance

# The water company's organization on its own instance (scripts/enterprise_setup.py).
WATER = "台州市水务集团有限公司"


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--peer-database", help="the water company's database (default: <database>_peer)")
    parser.add_argument("--drop-peer", action="store_true", help="drop the water company's database at the end")
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--paced", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--port", type=int, default=8399, help="the city's server (the water company's: --peer-port)")
    parser.add_argument("--peer-port", type=int, help="default: --port + 1")
    parser.add_argument("--capacity", type=int, default=1)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    args.peer_database = args.peer_database or f"{args.database}_peer"
    args.peer_port = args.peer_port or args.port + 1
    return args


def setup(env, url):
    """The city's level and the water company's organization on it, represented by the company's instance
    (at ``url``), connected by the onboarding wizard: the peer. Kept for the next runs."""
    from odoo import Command

    company = env["res.company"].search([("name", "=", "Bench City")], limit=1)
    company = company or env["res.company"].create({"name": "Bench City"})
    Organization = env["noproof.organization"]
    bureau = Organization.search([("name", "=", "Bench Water Bureau"), ("company_id", "=", company.id)], limit=1)
    bureau = bureau or Organization.create({"name": "Bench Water Bureau", "company_id": company.id})
    water = Organization.search([("name", "=", WATER), ("company_id", "=", company.id)], limit=1)
    water = water or Organization.create(
        {"name": WATER, "kind": "water", "company_id": company.id, "supervising_authority_id": bureau.id}
    )
    wizard = env["noproof.exchange.onboard"].create({"base_url": url, "company_id": company.id})
    wizard.action_fetch()
    wizard.write({"fingerprint_confirmed": True, "organization_ids": [Command.set(water.ids)]})
    peer = env["noproof.exchange.peer"].browse(wizard.action_confirm()["res_id"])
    return water, peer


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


def received(company, peer_id):
    """Messages the water company's instance processed from the city (``peer_id``: the city, its peer)."""
    return company.sql(
        "SELECT count(*) FROM noproof_exchange_message WHERE peer_id = %s AND direction = 'in' AND state = 'processed'",
        (peer_id,),
    )[0][0]


def wait_all(company, peer_id, total, timeout):
    start = time.time()
    while time.time() - start < timeout:
        if received(company, peer_id) >= total:
            return time.time()
        time.sleep(0.2)
    raise SystemExit(f"only {received(company, peer_id)} of {total} processed in {timeout} s")


def clean(registry, company, peer_id, city_id):
    """Delete the messages, tickets and jobs of the run on both sides (the ledgers keep their entries)."""
    if city_id:
        company.sql(
            """DELETE FROM mail_activity WHERE res_model = 'noproof.exchange.ticket'
                AND res_id IN (SELECT id FROM noproof_exchange_ticket WHERE peer_id = %s)""",
            (city_id,),
        )
        company.sql("DELETE FROM noproof_exchange_ticket WHERE peer_id = %s", (city_id,))
        company.sql("DELETE FROM noproof_exchange_message WHERE peer_id = %s", (city_id,))
    with registry.cursor() as cr:
        if peer_id:
            cr.execute("DELETE FROM noproof_exchange_message WHERE peer_id = %s", (peer_id,))
        cr.execute("DELETE FROM queue_job WHERE model_name = 'noproof.exchange.message'")
        cr.execute("DELETE FROM ir_config_parameter WHERE key = 'noproof_exchange.batch_size'")


def main():
    args = parse_args()
    registry = odoo_registry(args)
    import odoo

    city = LocalInstance(args.database, args.port, args.config)
    company = LocalInstance(args.peer_database, args.peer_port, args.config)
    if not company.exists():
        print(f"creating {company.db}: the water company's instance (noproof_supervision, no demo data)")
        company.create()
    water_id = peer_id = city_id = None
    try:
        company.start()
        city.start(
            env={"ODOO_QUEUE_JOB_CHANNELS": f"root:{max(2, args.capacity)},root.noproof_exchange:{args.capacity}"}
        )
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            water, peer = setup(env, company.url)
            water_id, peer_id = water.id, peer.id
        # the company's administrator connects the city's instance in turn
        city_id = company.connect(city.url)
        clean(registry, company, peer_id, city_id)  # what an interrupted run left, the old jobs
        with registry.cursor() as cr:
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.config_parameter"].set_param(
                "noproof_exchange.batch_size", str(args.batch)
            )
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
        cpu = (cpu_seconds(city.process.pid), cpu_seconds(company.process.pid))
        # 1. burst
        start = time.time()
        for first in range(0, args.tickets, 500):
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                Message = env["noproof.exchange.message"]
                peer, water = env["noproof.exchange.peer"].browse(peer_id), env["noproof.organization"].browse(water_id)
                for n in range(first, min(first + 500, args.tickets)):
                    Message._noproof_send(peer, "noproof.ticket.request", payload(water, n))
        written = time.time()
        done = wait_all(company, city_id, args.tickets, timeout=3600)
        sender_cpu = cpu_seconds(city.process.pid) - cpu[0]
        receiver_cpu = cpu_seconds(company.process.pid) - cpu[1]
        jobs = delivery_jobs(registry)
        print(f"burst: {args.tickets} ticket requests")
        print(f"  sent (written to the outbox): {args.tickets / (written - start):.0f} msg/s")
        print(
            f"  received (processed by the receiver, from the first write): {args.tickets / (done - start):.0f} msg/s"
        )
        print(
            f"  Odoo CPU per message: sender's delivery jobs {sender_cpu / args.tickets * 1000:.1f} ms, receiver"
            f" {receiver_cpu / args.tickets * 1000:.1f} ms; {jobs} delivery jobs started"
        )
        print(f"  load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        # 2. latency at a steady rate
        first_latency_id = None
        interval = 1.0 / args.rate
        begin = time.time()
        for n in range(args.paced):
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                peer, water = env["noproof.exchange.peer"].browse(peer_id), env["noproof.organization"].browse(water_id)
                message = env["noproof.exchange.message"]._noproof_send(
                    peer, "noproof.ticket.request", payload(water, args.tickets + n)
                )
                first_latency_id = first_latency_id or message.id
            time.sleep(max(0.0, begin + (n + 1) * interval - time.time()))
        wait_all(company, city_id, args.tickets + args.paced, timeout=600)
        with registry.cursor() as cr:
            cr.execute(
                "SELECT uuid, create_date FROM noproof_exchange_message WHERE peer_id = %s AND id >= %s",
                (peer_id, first_latency_id),
            )
            written_at = dict(cr.fetchall())
        arrived = company.sql(
            "SELECT uuid, create_date FROM noproof_exchange_message WHERE peer_id = %s AND direction = 'in'"
            " AND uuid = ANY(%s)",
            (city_id, list(written_at)),
        )
        latencies = sorted((at - written_at[key]).total_seconds() for key, at in arrived)
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"latency at {args.rate:.0f} msg/s, {len(latencies)} messages: median {statistics.median(latencies):.2f} s,"
            f" p95 {p95:.2f} s"
        )
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        city.stop()
        company.stop()
        clean(registry, company, peer_id, city_id)
        if args.drop_peer:
            company.drop()


if __name__ == "__main__":
    main()
