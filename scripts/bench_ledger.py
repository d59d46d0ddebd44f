#!/usr/bin/env python3
"""Benchmark the noproof ledger (issue 4 figures).

1. ``record()`` throughput in one worker: a window clerk records a mix of entry
   types (a tenth of them with an attached letter), committing every 100 entries
   as requests would, then again committing after every single entry.
2. Verification of a chain of 1,000,000 entries: the rows are bulk-inserted with
   COPY, their hashes computed in Python with the module's own canonical
   serialization; the chain is then verified in a fresh process whose peak memory
   is reported.

Usage (the database must have noproof_ledger installed; the script builds its own
level, organization and clerk, and removes its ledger rows afterwards unless --keep):

    ~/.cache/noproof/venv/bin/python scripts/bench_ledger.py -d <database> \\
        [--records 3000] [--entries 1000000] [--keep] [-c .odoo/odoo.conf]
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta

from benchlib import argument_parser, odoo_registry


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--records", type=int, default=3000, help="entries recorded through record()")
    parser.add_argument("--entries", type=int, default=1_000_000, help="entries of the chain to verify (0: skip)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's ledger rows")
    parser.add_argument("--verify-chain", type=int, help=argparse.SUPPRESS)  # internal: child process
    return parser.parse_args()


def memory_mb(field):
    """VmRSS (current) or VmHWM (peak) of this process, in MB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def reset_peak_memory():
    """Make VmHWM start again from the current resident size (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def verify_in_this_process(args):
    """Child process: verify one chain and print the figures as JSON."""
    from odoo import SUPERUSER_ID, api

    registry = odoo_registry(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        chain = env["noproof.ledger.chain"].browse(args.verify_chain)
        reset_peak_memory()
        rss_before = memory_mb("VmRSS")
        started = time.perf_counter()
        verification = chain._verify(trigger="manual")
        elapsed = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "state": verification.state,
                    "entries": verification.entry_count,
                    "seconds": elapsed,
                    "rss_before_mb": rss_before,
                    "rss_peak_mb": memory_mb("VmHWM"),
                    "message": verification.message,
                }
            )
        )
        cr.rollback()


def setup_level(env, label):
    from odoo import Command

    company = env["res.company"].create({"name": f"Ledger benchmark {label}"})
    organization = env["noproof.organization"].create({"name": "Benchmark Civil Affairs", "company_id": company.id})
    clerk = env["res.users"].create(
        {
            "name": f"Benchmark clerk {label}",
            "login": f"bench_ledger_{label}",
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([env.ref("noproof_catalog.group_clerk").id])],
        }
    )
    organization.user_ids = clerk
    applicant = env["res.partner"].create({"name": "基准测试申请人", "mobile": "13800000000"})
    certificate = env["noproof.certificate"].create({"name": f"Benchmark certificate {label}"})
    return company, organization, clerk, applicant, certificate


def bench_record(registry, clerk_id, organization_id, applicant_id, certificate_id, count, commit_every):
    from odoo import api

    letter = ("authorization.pdf", b"%PDF-1.4 " + b"x" * 20_000)
    with registry.cursor() as cr:
        env = api.Environment(cr, clerk_id, {})
        Entry = env["noproof.ledger.entry"]
        organization = env["noproof.organization"].browse(organization_id)
        applicant = env["res.partner"].browse(applicant_id)
        certificate = env["noproof.certificate"].browse(certificate_id)
        started = time.perf_counter()
        for index in range(count):
            kind = index % 5
            if kind == 0:
                Entry.record(
                    "outbound_certificate",
                    organization=organization,
                    applicant=applicant,
                    certificate=certificate,
                    contact="13800000000",
                    purpose="赴外地办理继承公证",
                    requesting_unit="重庆市某公证处",
                )
            elif kind == 1:
                Entry.record(
                    "supplement_request",
                    organization=organization,
                    applicant=applicant,
                    certificate=certificate,
                    document=certificate,
                    reason=f"共享数据与申请人填报信息不符（第{index}号）",
                )
            elif kind == 2 and index % 10 == 2:
                Entry.record(
                    "query_authorization",
                    organization=organization,
                    applicant=applicant,
                    counterparty="中国工商银行",
                    attachments=[letter],
                )
            elif kind == 2:
                Entry.record("data_query", organization=organization, applicant=applicant, result="一致")
            elif kind == 3:
                Entry.record(
                    "voluntary_provision", organization=organization, applicant=applicant, certificate=certificate
                )
            else:
                Entry.record("information_use", organization=organization, applicant=applicant, purpose="审核")
            if (index + 1) % commit_every == 0:
                cr.commit()
        cr.commit()
        return time.perf_counter() - started


def bulk_insert_chain(registry, company_id, organization_id, user_id, applicant_id, count):
    """COPY ``count`` entries with valid hashes into the level's chain; return the chain id."""
    from odoo import SUPERUSER_ID, api
    from odoo.addons.noproof_ledger.models.noproof_ledger_entry import (
        DATE_FORMAT,
        GENESIS_HASH,
        HASHED_FIELDS,
        entry_hash,
    )

    columns = [*HASHED_FIELDS, "prev_hash", "entry_hash", "create_uid", "write_uid", "create_date", "write_date"]
    kinds = ["outbound_certificate", "supplement_request", "data_query", "voluntary_provision", "information_use"]
    start = datetime(2020, 1, 1)
    prev_hash = GENESIS_HASH
    chunk = 100_000
    with registry.cursor() as cr:
        for offset in range(0, count, chunk):
            buffer = io.StringIO()
            for sequence in range(offset + 1, min(offset + chunk, count) + 1):
                date = (start + timedelta(seconds=sequence * 60)).strftime(DATE_FORMAT)
                kind = kinds[sequence % len(kinds)]
                values = dict.fromkeys(HASHED_FIELDS)
                values.update(
                    company_id=company_id,
                    sequence=sequence,
                    date=date,
                    entry_type=kind,
                    user_id=user_id,
                    organization_id=organization_id,
                    applicant_id=applicant_id,
                    applicant_name=f"申请人{sequence % 9973}",
                    is_classified=False,
                )
                if kind == "outbound_certificate":
                    values.update(
                        certificate_name="无犯罪记录证明",
                        contact="13800000000",
                        purpose="赴外地应聘",
                        requesting_unit="某市教育局",
                    )
                else:
                    values.update(reason=f"共享数据与申请人填报信息不符，第{sequence}号", purpose="审核")
                row = [values[name] for name in HASHED_FIELDS]
                digest = entry_hash(row, [], prev_hash)
                fields = [*row, prev_hash, digest, SUPERUSER_ID, SUPERUSER_ID, date, date]
                buffer.write(
                    "\t".join("\\N" if value is None else ("f" if value is False else str(value)) for value in fields)
                    + "\n"
                )
                prev_hash = digest
            buffer.seek(0)
            cr.copy_from(buffer, "noproof_ledger_entry", columns=columns, null="\\N")
        env = api.Environment(cr, SUPERUSER_ID, {})
        chain, __, __ = env["noproof.ledger.chain"]._lock_head(company_id)
        cr.execute(
            "UPDATE noproof_ledger_chain SET last_sequence = %s, last_hash = %s WHERE id = %s",
            [count, prev_hash, chain.id],
        )
        cr.commit()
        return chain.id


def cleanup(registry, company_ids, user_ids):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        cr.execute(
            """DELETE FROM ir_attachment WHERE res_model = 'noproof.ledger.entry'
                  AND res_id IN (SELECT id FROM noproof_ledger_entry WHERE company_id = ANY(%s))""",
            [company_ids],
        )
        cr.execute(
            """DELETE FROM noproof_ledger_verification
                WHERE chain_id IN (SELECT id FROM noproof_ledger_chain WHERE company_id = ANY(%s))""",
            [company_ids],
        )
        cr.execute("DELETE FROM noproof_ledger_entry WHERE company_id = ANY(%s)", [company_ids])
        cr.execute("DELETE FROM noproof_ledger_chain WHERE company_id = ANY(%s)", [company_ids])
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["res.users"].browse(user_ids).write({"active": False})
        env["res.company"].browse(company_ids).write({"active": False})


def main():
    args = parse_args()
    if args.verify_chain:
        return verify_in_this_process(args)
    from odoo import SUPERUSER_ID, api

    registry = odoo_registry(args)
    label = datetime.now().strftime("%Y%m%d%H%M%S")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if "noproof.ledger.entry" not in env:
            sys.exit(f"noproof_ledger is not installed in {args.database}: install it first.")
        record_level = setup_level(env, f"{label}-record")
        verify_level = setup_level(env, f"{label}-verify")
        ids = [[record.id for record in level] for level in (record_level, verify_level)]
        cr.commit()
    companies = [ids[0][0], ids[1][0]]
    users = [ids[0][2], ids[1][2]]
    try:
        (__, organization_id, clerk_id, applicant_id, certificate_id) = ids[0]
        print(f"record(): {args.records} entries as a window clerk, committing every 100 …", flush=True)
        seconds = bench_record(registry, clerk_id, organization_id, applicant_id, certificate_id, args.records, 100)
        print(f"  {args.records / seconds:,.0f} entries/s ({seconds:.2f} s)")
        single = max(args.records // 5, 100)
        print(f"record(): {single} entries, one transaction (commit) each …", flush=True)
        seconds = bench_record(registry, clerk_id, organization_id, applicant_id, certificate_id, single, 1)
        print(f"  {single / seconds:,.0f} entries/s ({seconds:.2f} s)")

        if not args.entries:
            return
        company_id, organization_id, clerk_id, applicant_id, __ = ids[1]
        print(f"bulk insert: {args.entries:,} chained entries with COPY …", flush=True)
        started = time.perf_counter()
        chain_id = bulk_insert_chain(registry, company_id, organization_id, clerk_id, applicant_id, args.entries)
        print(f"  inserted in {time.perf_counter() - started:.1f} s")
        print("verify: re-computing the chain in a fresh process …", flush=True)
        child = subprocess.run(
            [sys.executable, __file__, "-d", args.database, "-c", args.config, "--verify-chain", str(chain_id)],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
        if child.returncode or not lines:
            sys.exit(f"verification failed:\n{child.stdout}\n{child.stderr}")
        result = json.loads(lines[-1])
        print(
            f"  {result['state']}: {result['entries']:,} entries in {result['seconds']:.1f} s "
            f"({result['entries'] / result['seconds']:,.0f} entries/s); process memory "
            f"{result['rss_before_mb']:.0f} MB before, {result['rss_peak_mb']:.0f} MB peak while verifying"
        )
    finally:
        if not args.keep:
            cleanup(registry, companies, users)
            print("benchmark rows removed (use --keep to keep them)")


if __name__ == "__main__":
    main()
