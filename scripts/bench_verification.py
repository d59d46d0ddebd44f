#!/usr/bin/env python3
"""Benchmark noproof_verification (issue 5 figures).

1. ``noproof.sla.policy.compute_deadline()`` throughput for office-time policies
   (30 office minutes, 1 working day) on a calendar with the official holidays and
   make-up days of 2024-2026, after warm-up, with start times spread over two years.
2. The overdue scan over 1,000,000 verification tickets of which 100,000 are open
   and 1,000 newly overdue (5,000 more are overdue but already escalated), all
   bulk-inserted with SQL: the query that finds the overdue tickets, then the whole
   escalation run (escalation records, office activities, verifier notices) in
   batches committed like the scheduled action does. The scan is timed again after
   100,000 more open tickets to show that its cost follows the overdue tickets,
   not the open ones.

Usage (the database must have noproof_verification installed; the script builds
its own level, organizations, users and one case, and removes what it inserted
afterwards unless --keep):

    ~/.cache/noproof/venv/bin/python scripts/bench_verification.py -d <database> \\
        [--tickets 1000000] [--open 100000] [--overdue 1000] [--calls 200000] [--keep] [-c .odoo/odoo.conf]
"""

import random
import statistics
import time
from datetime import datetime, timedelta

from benchlib import argument_parser, odoo_registry


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets in the table")
    parser.add_argument("--open", type=int, default=100_000, help="of which open (sent or accepted)")
    parser.add_argument("--overdue", type=int, default=1_000, help="of which newly overdue")
    parser.add_argument("--escalated", type=int, default=5_000, help="open, overdue and already escalated")
    parser.add_argument("--calls", type=int, default=200_000, help="compute_deadline() calls per policy")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's rows")
    return parser.parse_args()


def setup(env, tag):
    """A level with its office, a requesting and an assisting organization, ten
    designated verifiers, a calendar with the official holidays, the policies and
    one case whose check the bulk tickets hang on."""
    from odoo import Command

    company = env["res.company"].create({"name": f"Bench level {tag}"})
    calendar = env["resource.calendar"].create(
        {
            "name": f"Bench office hours {tag}",
            "tz": "Asia/Shanghai",
            "company_id": False,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day}-{start}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": "morning" if start < 12 else "afternoon",
                    }
                )
                for day in range(5)
                for start, end in ((8.5, 12.0), (14.0, 17.5))
            ],
        }
    )
    env["noproof.holiday.import"]._noproof_import_years(calendar.id, [2024, 2025, 2026])
    company.resource_calendar_id = calendar
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench user {tag} {i}",
                    "login": f"bench_{tag}_{i}",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [
                        Command.set(
                            [
                                env.ref("noproof_catalog.group_verifier").id
                                if i
                                else env.ref("noproof_catalog.group_office").id
                            ]
                        )
                    ],
                }
                for i in range(11)
            ]
        )
    )
    office_user, verifiers = users[0], users[1:]
    Org = env["noproof.organization"]
    office = Org.create(
        {
            "name": f"Bench office {tag}",
            "company_id": company.id,
            "user_ids": [Command.set(office_user.ids)],
            "head_id": office_user.id,
        }
    )
    civil = Org.create({"name": f"Bench civil affairs {tag}", "company_id": company.id})
    police = Org.create(
        {
            "name": f"Bench police {tag}",
            "company_id": company.id,
            "user_ids": [Command.set(verifiers.ids)],
            "verifier_ids": [Command.set(verifiers.ids)],
        }
    )
    company.noproof_office_id = office
    Policy = env["noproof.sla.policy"]
    minutes = Policy.create(
        {
            "name": "Bench 30 office minutes",
            "company_id": company.id,
            "duration": 30,
            "duration_unit": "minutes",
            "time_basis": "office",
            "calendar_id": calendar.id,
            "handling_type": "immediate",
        }
    )
    day = Policy.create(
        {
            "name": "Bench 1 working day",
            "company_id": company.id,
            "duration": 1,
            "duration_unit": "working_days",
            "time_basis": "office",
            "calendar_id": calendar.id,
            "handling_type": "non_immediate",
        }
    )
    basis = env["noproof.legal.basis"].create(
        {"name": f"Bench regulation {tag}", "level": "administrative_regulation", "date_effective": "2010-01-01"}
    )
    certificate = env["noproof.certificate"].create({"name": f"Bench kinship {tag}"})
    item = env["noproof.service.item"].create(
        {
            "name": f"Bench item {tag}",
            "company_id": company.id,
            "organization_id": civil.id,
            "handling_type": "immediate",
        }
    )
    rule = env["noproof.certificate.rule"].create(
        {
            "item_id": item.id,
            "certificate_id": certificate.id,
            "disposition": "assistance",
            "legal_basis_id": basis.id,
            "alternative_method": "Verification",
            "assisting_organization_id": police.id,
            "date_start": "2019-01-01",
        }
    )
    rule.action_activate()
    applicant = env["res.partner"].create(
        {"name": f"Bench applicant {tag}", "noproof_id_type": "other", "noproof_id_number": f"BENCH-{tag}"}
    )
    case = env["noproof.case"].create({"item_id": item.id, "applicant_id": applicant.id})
    return {
        "company": company,
        "calendar": calendar,
        "verifiers": verifiers,
        "civil": civil,
        "police": police,
        "minutes": minutes,
        "day": day,
        "item": item,
        "case": case,
        "check": case.check_ids,
        "applicant": applicant,
        "certificate": certificate,
    }


def bench_deadlines(env, data, calls):
    figures = {}
    base = datetime(2024, 1, 1)
    starts = [base + timedelta(minutes=random.randrange(2 * 365 * 24 * 60)) for _ in range(10_000)]
    for label, policy in (("30 office minutes", data["minutes"]), ("1 working day", data["day"])):
        for start in starts[:2000]:  # warm-up: builds the interval table and the caches
            policy.compute_deadline(start)
        rounds = []
        for _round in range(3):
            began = time.perf_counter()
            for i in range(calls):
                policy.compute_deadline(starts[i % 10_000])
            rounds.append(calls / (time.perf_counter() - began))
        figures[label] = statistics.median(rounds)
    return figures


def insert_tickets(cr, data, first, count, open_count, overdue, escalated, now):
    """Bulk-insert ``count`` tickets numbered from ``first``: the first ``overdue``
    are open and past their deadline, the next ``escalated`` open, past and already
    escalated, the rest of ``open_count`` open and due later, the others closed."""
    check, case = data["check"], data["case"]
    cr.execute(
        """
        INSERT INTO noproof_verification_ticket (
            name, uuid, state, check_id, case_id, company_id, item_id, certificate_id, handling_type, applicant_id,
            requesting_organization_id, requested_by_id, assisting_organization_id, assisting_company_id,
            assigned_user_id, question, data_kind, classified, channel, sla_policy_id, sent_at, deadline,
            answered_at, closed_at, overdue_at, on_time, office_hours, answer_result,
            create_uid, create_date, write_uid, write_date)
        SELECT 'XCBENCH' || i, gen_random_uuid()::text,
               CASE WHEN i - %(first)s < %(open)s THEN (CASE WHEN i %% 2 = 0 THEN 'sent' ELSE 'accepted' END)
                    ELSE 'closed' END,
               %(check)s, %(case)s, %(company)s, %(item)s, %(certificate)s, 'immediate', %(applicant)s,
               %(civil)s, 1, %(police)s, %(company)s, (%(verifiers)s)[1 + i %% array_length(%(verifiers)s, 1)],
               'Bench question', 'electronic', false, 'system', %(policy)s,
               sent, deadline,
               CASE WHEN i - %(first)s >= %(open)s THEN deadline - interval '10 minutes' END,
               CASE WHEN i - %(first)s >= %(open)s THEN deadline END,
               CASE WHEN i - %(first)s >= %(overdue)s AND i - %(first)s < %(overdue)s + %(escalated)s
                    THEN deadline + interval '1 minute' END,
               i - %(first)s >= %(open)s, 0.4, CASE WHEN i - %(first)s >= %(open)s THEN 'confirmed' END,
               1, %(now)s, 1, %(now)s
          FROM (
            SELECT i,
                   CASE WHEN i - %(first)s < %(overdue)s + %(escalated)s
                        THEN %(now)s - interval '2 hours' - (i %% 600) * interval '1 second'
                        WHEN i - %(first)s < %(open)s
                        THEN %(now)s + interval '1 hour' + (i %% 86400) * interval '1 second'
                        ELSE %(now)s - interval '400 days' + (i %% 31536000) * interval '1 second'
                   END AS deadline,
                   %(now)s - interval '3 hours' AS sent
              FROM generate_series(%(first)s, %(last)s) AS i
          ) AS numbers
        """,
        {
            "first": first,
            "last": first + count - 1,
            "open": open_count,
            "overdue": overdue,
            "escalated": escalated,
            "check": check.id,
            "case": case.id,
            "company": data["company"].id,
            "item": data["item"].id,
            "certificate": data["certificate"].id,
            "applicant": data["applicant"].id,
            "civil": data["civil"].id,
            "police": data["police"].id,
            "verifiers": data["verifiers"].ids,
            "policy": data["minutes"].id,
            "now": now,
        },
    )


def timed_scan(env, now, repeat=5):
    """The overdue scan as the scheduled action runs it (one batch and the count of
    the rest): median wall time, and the plan of its query."""
    Ticket = env["noproof.verification.ticket"]
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        Ticket._noproof_overdue_batch(now, 1000)
        times.append(time.perf_counter() - began)
    env.cr.execute(
        """EXPLAIN SELECT id, count(*) OVER () FROM noproof_verification_ticket
            WHERE state IN ('sent', 'accepted') AND overdue_at IS NULL AND deadline < %s
            ORDER BY deadline, id LIMIT 1000""",
        [now],
    )
    plan = "\n".join(row[0] for row in env.cr.fetchall())
    return statistics.median(times), plan


def vacuum(registry):
    """What autovacuum does in production: drop the escalated tickets' dead index entries."""
    from contextlib import closing

    with closing(registry.cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE noproof_verification_ticket")


def main():
    args = parse_args()
    from odoo import SUPERUSER_ID, api

    registry = odoo_registry(args)
    tag = datetime.now().strftime("%H%M%S")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = setup(env, tag)
        cr.commit()
        ids = {key: value.ids for key, value in data.items() if hasattr(value, "ids")}

    print("== compute_deadline() ==")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = {key: env[value._name].browse(ids[key]) if key in ids else value for key, value in data.items()}
        for label, rate in bench_deadlines(env, data, args.calls).items():
            print(f"  {label:>20}: {rate:,.0f} calls/s")

    print(f"== overdue scan: {args.tickets:,} tickets, {args.open:,} open, {args.overdue:,} newly overdue ==")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = {key: env[value._name].browse(ids[key]) if key in ids else value for key, value in data.items()}
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        now = cr.fetchone()[0].replace(microsecond=0)
        began = time.perf_counter()
        insert_tickets(cr, data, 1, args.tickets, args.open, args.overdue, args.escalated, now)
        cr.execute("ANALYZE noproof_verification_ticket")
        cr.commit()
        print(f"  bulk insert: {time.perf_counter() - began:.1f} s")
        scan, plan = timed_scan(env, now)
        print(f"  scan (one batch and the count of the rest): {scan * 1000:.1f} ms")
        print("  plan: " + plan.replace("\n", "\n        "))

        insert_tickets(cr, data, args.tickets + 1, args.open, args.open, 0, 0, now)
        cr.execute("ANALYZE noproof_verification_ticket")
        cr.commit()
        scan_more, _plan = timed_scan(env, now)
        print(
            f"  same scan with {args.open:,} more open tickets ({2 * args.open:,} open, "
            f"{args.overdue:,} overdue): {scan_more * 1000:.1f} ms"
        )

        Ticket = env["noproof.verification.ticket"]
        began = time.perf_counter()
        batches, done = 0, 0
        while True:
            escalated, remaining = Ticket._noproof_process_overdue()
            cr.commit()  # the scheduler commits between batches
            batches += 1
            done += escalated
            if not remaining:
                break
        run = time.perf_counter() - began
        print(
            f"  escalation run: {done:,} tickets escalated in {batches} batch(es), {run:.2f} s "
            f"({run / max(done, 1) * 1000:.2f} ms per ticket, scan included)"
        )
        again, _remaining = Ticket._noproof_process_overdue()
        cr.commit()
        print(f"  second run escalates {again} more (each ticket once)")
        vacuum(registry)
        scan_none, _plan = timed_scan(env, now)
        print(f"  scan with nothing overdue left (after autovacuum's work): {scan_none * 1000:.1f} ms")

        if not args.keep:
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'noproof.ticket.escalation' AND res_id IN "
                "(SELECT id FROM noproof_ticket_escalation WHERE company_id = %s)",
                [data["company"].id],
            )
            cr.execute("DELETE FROM noproof_ticket_escalation WHERE company_id = %s", [data["company"].id])
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'noproof.verification.ticket' AND res_id IN "
                "(SELECT id FROM noproof_verification_ticket WHERE name LIKE 'XCBENCH%%')"
            )
            cr.execute("DELETE FROM noproof_verification_ticket WHERE name LIKE 'XCBENCH%%'")
            cr.commit()
            print("  benchmark tickets removed (use --keep to keep them)")


if __name__ == "__main__":
    main()
