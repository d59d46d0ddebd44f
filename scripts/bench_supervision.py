#!/usr/bin/env python3
"""Benchmark the quarterly evaluation (issue 7 figure: < 10 s, bounded queries).

Builds, inside one transaction that is rolled back at the end, a level with 20
organizations, 200,000 decided cases (one check each) and 100,000 verification
tickets spread over a quarter, then times ``noproof.evaluation.action_compute``
and counts its SQL queries.

    ~/.cache/noproof/venv/bin/python scripts/bench_supervision.py -d <database> [-c .odoo/odoo.conf]
        [--cases 200000] [--tickets 100000] [--organizations 20]

The database needs noproof_supervision installed (scripts/bench.sh prepares one).
"""

import time

from benchlib import argument_parser, odoo_registry


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=20)
    return parser.parse_args()


def build(env, args):
    """The level, its organizations and items through the ORM; the volume by SQL."""
    company = env["res.company"].create({"name": "Bench City"})
    env["noproof.evaluation.metric"]._setup_company(company.id)
    organizations = env["noproof.organization"].create(
        [{"name": f"Bench Bureau {n:02d}", "company_id": company.id} for n in range(args.organizations)]
    )
    basis = env["noproof.legal.basis"].create(
        {"name": "Bench Regulation", "level": "administrative_regulation", "date_effective": "2000-01-01"}
    )
    certificate = env["noproof.certificate"].create({"name": "Bench Certificate"})
    items = env["noproof.service.item"].create(
        [
            {"name": f"Bench Item {n}", "organization_id": org.id, "company_id": company.id}
            for n, org in enumerate(organizations)
        ]
    )
    rules = env["noproof.certificate.rule"].create(
        [
            {
                "item_id": item.id,
                "certificate_id": certificate.id,
                "disposition": "assistance",
                "state": "active",
                "legal_basis_id": basis.id,
                "alternative_method": "Ticket",
                "assisting_organization_id": organizations[(n + 1) % len(organizations)].id,
            }
            for n, item in enumerate(items)
        ]
    )
    applicant = env["res.partner"].create({"name": "Bench Applicant"})
    env.flush_all()
    cr = env.cr
    n_org = len(organizations)
    org_ids, item_ids, rule_ids = organizations.ids, items.ids, rules.ids
    # Cases decided over Q1 2026, each with one check; a third of the checks are commitments.
    cr.execute(
        """INSERT INTO noproof_case (item_id, organization_id, company_id, applicant_id, clerk_id, name, state,
                                     date_opened, date_decided, handling_type)
           SELECT (%(items)s)[1 + g %% %(n)s], (%(orgs)s)[1 + g %% %(n)s], %(company)s, %(applicant)s, %(uid)s,
                  'BENCH-' || g, 'approved', ts - interval '2 hours', ts, 'immediate'
             FROM generate_series(1, %(cases)s) g,
                  LATERAL (SELECT timestamp '2026-01-01' + (g %% 89) * interval '1 day'
                                  + (g %% 9) * interval '1 hour') t(ts)""",
        {
            "items": item_ids,
            "orgs": org_ids,
            "n": n_org,
            "company": company.id,
            "applicant": applicant.id,
            "uid": env.uid,
            "cases": args.cases,
        },
    )
    cr.execute(
        """INSERT INTO noproof_case_check (case_id, rule_id, company_id, organization_id, disposition, state)
           SELECT c.id, (%(rules)s)[1 + (c.id %% %(n)s)], c.company_id, c.organization_id,
                  CASE WHEN c.id %% 3 = 0 THEN 'commitment' ELSE 'assistance' END, 'done'
             FROM noproof_case c WHERE c.company_id = %(company)s""",
        {"rules": rule_ids, "n": n_org, "company": company.id},
    )
    # Tickets on the assistance checks: one in seven still open, one in seven answered late.
    cr.execute(
        """INSERT INTO noproof_verification_ticket
                  (check_id, case_id, company_id, requesting_organization_id, assisting_organization_id, name, uuid,
                   state, data_kind, channel, question, sent_at, deadline, answered_at)
           SELECT k.id, k.case_id, k.company_id, k.organization_id, (%(orgs)s)[1 + ((k.id + 1) %% %(n)s)],
                  'BT-' || k.id, md5(k.id::text), CASE WHEN k.id %% 7 = 3 THEN 'sent' ELSE 'answered' END,
                  'electronic', 'system', 'Bench question', c.date_decided - interval '2 hours',
                  c.date_decided - interval '90 minutes',
                  CASE WHEN k.id %% 7 = 3 THEN NULL
                       WHEN k.id %% 7 = 5 THEN c.date_decided - interval '60 minutes'
                       ELSE c.date_decided - interval '100 minutes' END
             FROM noproof_case_check k JOIN noproof_case c ON c.id = k.case_id
            WHERE k.company_id = %(company)s AND k.disposition = 'assistance'
            LIMIT %(tickets)s""",
        {"orgs": org_ids, "n": n_org, "company": company.id, "tickets": args.tickets},
    )
    cr.execute("ANALYZE noproof_case; ANALYZE noproof_case_check; ANALYZE noproof_verification_ticket")
    return company


def main():
    args = parse_args()
    from odoo import SUPERUSER_ID, api

    registry = odoo_registry(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        company = build(env, args)
        cr.execute("SELECT COUNT(*) FROM noproof_case WHERE company_id = %s", [company.id])
        cases = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM noproof_verification_ticket WHERE company_id = %s", [company.id])
        tickets = cr.fetchone()[0]
        print(f"built {cases} cases and {tickets} tickets in {time.perf_counter() - started:.1f} s")
        evaluation = env["noproof.evaluation"].create(
            {"company_id": company.id, "period_type": "quarter", "year": 2026, "period_number": 1}
        )
        for attempt in ("cold", "warm"):
            env.invalidate_all()
            queries_before = cr.sql_log_count
            started = time.perf_counter()
            evaluation.action_compute()
            env.flush_all()
            elapsed = time.perf_counter() - started
            print(
                f"evaluation ({attempt}): {elapsed:.2f} s, {cr.sql_log_count - queries_before} SQL queries, "
                f"{len(evaluation.line_ids)} lines, "
                f"scores {evaluation.line_ids[-1:].score}–{evaluation.line_ids[:1].score}"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
