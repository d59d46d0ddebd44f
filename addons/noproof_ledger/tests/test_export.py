import base64
import csv
import io

import openpyxl
from freezegun import freeze_time
from pdfminer.high_level import extract_text

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import NoproofLedgerCase, triggers_disabled


@tagged("post_install", "-at_install")
class TestExport(NoproofLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.clerk | cls.office).tz = "Asia/Shanghai"
        cls.entries = {}
        # Times in UTC; March 2024 in Asia/Shanghai runs from 2024-02-29 16:00 to 2024-03-31 16:00 UTC.
        for label, moment, organization in (
            ("before", "2024-02-29 15:59:59", cls.civil),
            ("first", "2024-02-29 16:00:00", cls.civil),
            ("police", "2024-03-15 08:00:00", cls.police),
            ("last", "2024-03-31 15:59:59", cls.civil),
            ("after", "2024-03-31 16:00:00", cls.civil),
        ):
            with freeze_time(moment):
                cls.entries[label] = cls.Entry.record(
                    "outbound_certificate",
                    organization=organization,
                    applicant=cls.applicant,
                    certificate=cls.cert_kinship,
                    contact="13800000001",
                    purpose=f"Purpose {label}",
                    requesting_unit="Chongqing Notary Office",
                )
        with freeze_time("2024-03-10 02:00:00"):
            cls.entries["supplement"] = cls.Entry.record(
                "supplement_request",
                organization=cls.civil,
                applicant=cls.applicant,
                reason="Income differs",
                document=cls.item,
            )

    def wizard(self, user=None, **values):
        values = {"date_from": "2024-03-01", "date_to": "2024-03-31", "company_id": self.city.id, **values}
        return self.env["noproof.ledger.export.wizard"].with_user(user or self.office).create(values)

    def csv_rows(self, wizard):
        action = wizard.action_export_csv()
        self.assertIn(f"/web/content/noproof.ledger.export.wizard/{wizard.id}/file_data/", action["url"])
        text = base64.b64decode(wizard.file_data).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))

    def test_csv_contains_exactly_the_periods_entries(self):
        """The period is in the user's time zone, both days included."""
        rows = self.csv_rows(self.wizard())
        self.assertEqual(rows[0][:3], ["No.", "Recorded On", "Type"])
        expected = [self.entries[key] for key in ("first", "police", "last", "supplement")]
        self.assertEqual([int(row[0]) for row in rows[1:]], [entry.sequence for entry in expected])
        first = rows[1]
        self.assertEqual(first[1], "2024-03-01 00:00:00")
        self.assertEqual(first[6:9], ["张伟", "110***********002X", "13800000001"])
        self.assertNotIn(
            "11010519491231002X", "".join(",".join(row) for row in rows), "exports show masked numbers only"
        )
        self.assertEqual(rows[3][-1], self.entries["last"].entry_hash)

    def test_xlsx_filters_by_organization_and_type(self):
        wizard = self.wizard(organization_id=self.civil.id, entry_type="outbound_certificate")
        wizard.action_export_xlsx()
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data))).active
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(numbers, [self.entries["first"].sequence, self.entries["last"].sequence])

    def test_export_holds_only_what_the_user_may_read(self):
        """A clerk exports the entries of the organizations they act for, not the police's."""
        rows = self.csv_rows(self.wizard(user=self.clerk))
        self.assertNotIn(str(self.entries["police"].sequence), [row[0] for row in rows[1:]])
        self.assertEqual(len(rows) - 1, 3)

    def test_period_must_not_end_before_it_starts(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.wizard(date_from="2024-04-01")

    def test_pdf_extract_prints_the_chain_verification_result(self):
        wizard = self.wizard()
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "noproof_ledger.report_ledger_extract")
        self.assertEqual((wizard.verification_id.state, wizard.verification_id.trigger), ("valid", "report"))
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, __ = Report._render_qweb_pdf("noproof_ledger.action_report_ledger_extract", wizard.ids)
        self.assertIn("Chain verified: intact", " ".join(extract_text(io.BytesIO(pdf)).split()))
        html = Report._render_qweb_html("noproof_ledger.action_report_ledger_extract", wizard.ids)[0].decode()
        self.assertIn("Purpose first", html)
        self.assertNotIn("Purpose after", html)
        # Tampered in SQL: the next extract says so.
        self.env.flush_all()
        with triggers_disabled(self.env.cr):
            self.env.cr.execute(
                "UPDATE noproof_ledger_entry SET purpose = 'forged' WHERE id = %s", [self.entries["first"].id]
            )
        self.env.invalidate_all()
        wizard.action_print_pdf()
        html = Report._render_qweb_html("noproof_ledger.action_report_ledger_extract", wizard.ids)[0].decode()
        self.assertIn("Chain verified: BROKEN", html)
        self.assertIn(f"Entry #{self.entries['first'].sequence} was altered", html)

    def test_outbound_register_print_out(self):
        """Luzhou art. 16: the register prints the applicant, contact, certificate, purpose and requesting unit."""
        register = self.entries["first"] | self.entries["last"]
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html("noproof_ledger.action_report_outbound_register", register.ids)[0].decode()
        for text in (
            "Outbound Certificate Register",
            "张伟",
            "13800000001",
            "Kinship Certificate",
            "Purpose first",
            "Purpose last",
            "Chongqing Notary Office",
        ):
            self.assertIn(text, html)
        with self.assertRaisesRegex(UserError, "Select entries of the outbound certificate register"):
            Report._render_qweb_html("noproof_ledger.action_report_outbound_register", self.entries["supplement"].ids)
