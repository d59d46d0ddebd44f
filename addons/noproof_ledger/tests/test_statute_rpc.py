"""Issue 12 over the web client's own JSON-RPC, signed in as the demo roles: the statute rules of the
ledger hold whatever path the browser takes."""

from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase
from odoo.tests import tagged

ENTRY = "noproof.ledger.entry"
RECORD_WIZARD = "noproof.ledger.record.wizard"
OUTBOUND_WIZARD = "noproof.ledger.outbound.wizard"


@tagged("post_install", "-at_install")
class TestStatuteRpc(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        # Each city's statute setting, as its demo data sets them.
        cls.taizhou.noproof_classified_channels = "allow"
        cls.luzhou.noproof_classified_channels = "refuse"
        cls.lz_civil = ref("noproof_catalog.org_lz_civil")
        cls.tz_civil = ref("noproof_catalog.org_tz_civil")

    def entry_count(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM noproof_ledger_entry")
        return self.env.cr.fetchone()[0]

    def offline_wizard(self, organization, classification, channel="wechat"):
        return self.call_kw(
            RECORD_WIZARD,
            "create",
            [
                {
                    "entry_type": "offline_exchange",
                    "organization_id": organization.id,
                    "channel": channel,
                    "classification": classification,
                    "counterparty": "公安局",
                    "reason": "户籍核查",
                }
            ],
        )

    def test_luzhou_clerk_cannot_send_a_classified_matter_by_wechat_over_rpc(self):
        """Luzhou art. 11 over JSON-RPC: the Luzhou clerk's "Record" of a work secret exchanged by WeChat is
        refused with the article and writes nothing; record() and the rule itself are not callable remotely."""
        self.sign_in("lz_clerk")
        before = self.entry_count()
        wizard_id = self.offline_wizard(self.lz_civil, "work_secret")
        with self.assertRaises(Exception) as caught:
            self.call_button(RECORD_WIZARD, "action_record", [wizard_id])
        # The demo users read Chinese: the article is named in either language.
        self.assertRegex(str(caught.exception), r"Luzhou art\. 11|泸州办法第十一条")
        for method, args in (
            ("record", ["offline_exchange"]),
            ("_noproof_check_channel", ["wechat", False]),
            ("_noproof_channel_refusal", ["wechat", "work_secret"]),
        ):
            with self.subTest(method=method):
                self.assertRefused(ENTRY, method, args, {})
        self.assertEqual(self.entry_count(), before)
        # Without a secret, the same exchange is recorded.
        wizard_id = self.offline_wizard(self.lz_civil, False)
        self.call_button(RECORD_WIZARD, "action_record", [wizard_id])
        self.assertEqual(self.entry_count(), before + 1)

    def test_taizhou_clerk_records_a_classified_exchange_over_rpc(self):
        """Taizhou regulation (no counterpart of Luzhou art. 11), over JSON-RPC: the Taizhou clerk records a
        work secret exchanged by official document."""
        self.sign_in("np_clerk")
        before = self.entry_count()
        wizard_id = self.offline_wizard(self.tz_civil, "work_secret", channel="document")
        self.call_button(RECORD_WIZARD, "action_record", [wizard_id])
        self.assertEqual(self.entry_count(), before + 1)

    def test_luzhou_clerk_issues_a_certificate_needed_outside_the_city_over_rpc(self):
        """Luzhou art. 16 ¶1–¶2 over JSON-RPC: the clerk's "Record and Issue" registers the request in the
        outbound register; an incomplete request is refused and nothing is written."""
        self.sign_in("lz_clerk")
        values = {
            "organization_id": self.lz_civil.id,
            "applicant_name": "陈静",
            "contact": "13900000002",
            "certificate_name": "亲属关系证明",
            "purpose": "在重庆市办理继承公证",
            "requesting_unit": "重庆市某公证处",
        }
        before = self.entry_count()
        incomplete = self.call_kw(OUTBOUND_WIZARD, "create", [{**values, "requesting_unit": " "}])
        with self.assertRaises(Exception) as caught:
            self.call_button(OUTBOUND_WIZARD, "action_issue", [incomplete])
        self.assertRegex(str(caught.exception), r"Luzhou art\. 16|泸州办法第十六条")
        self.assertEqual(self.entry_count(), before)
        wizard_id = self.call_kw(OUTBOUND_WIZARD, "create", [values])
        action = self.call_button(OUTBOUND_WIZARD, "action_issue", [wizard_id])
        self.assertEqual(action["report_name"], "noproof_ledger.report_outbound_certificate")
        entry = self.env[ENTRY].browse(action["context"]["active_ids"])
        self.assertEqual(
            (entry.entry_type, entry.company_id, entry.requesting_unit),
            ("outbound_certificate", self.luzhou, "重庆市某公证处"),
        )
