"""Issue 12 over the web client's own routes, signed in with the demo logins: the
statute's rules on commitments cannot be skipped by calling the server directly."""

import csv
import io
import json

from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase
from odoo.tests import tagged

from .common import demo_commitment

COMMITMENT = "noproof.commitment"
BAR = "noproof.commitment.bar"
TICKET = "noproof.verification.ticket"


@tagged("post_install", "-at_install")
class TestStatuteRpc(NoproofRpcCase):
    """The demo: Taizhou runs art. 8 ¶3-4 (the deciding organ acts, exemption by law, a decided two-year bar on
    张伟); Luzhou runs its measures (no bar, five conditions, a follow-up ticket for 王芳's commitment, a fallback
    commitment for 张伟's kinship)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tz_signed = demo_commitment(cls.env, "case_tz_wang_funeral")
        cls.tz_false = demo_commitment(cls.env, "case_tz_zhang_funeral")
        cls.lz_followed = demo_commitment(cls.env, "case_lz_wang_funeral")
        cls.lz_false = demo_commitment(cls.env, "case_lz_li_temporary_assistance")
        cls.tz_bar = cls.tz_false.bar_ids
        assert cls.tz_false.state == "revoked" and cls.tz_bar.state == "active", "demo changed"
        assert cls.lz_followed.follow_up_ticket_id.state == "sent", "demo follow-up ticket changed"

    def test_office_cannot_act_in_place_of_the_deciding_organ(self):
        """Taizhou art. 8 ¶3 (who acts on a false promise): the reform office oversees but cannot open 'False
        Promise' or 'Decide Bar' over JSON-RPC on the civil affairs bureau's commitment; the bureau's clerk can
        open 'False Promise'; the office reads the decisions in its list."""
        self.sign_in("np_office")
        refusal = self.refused(COMMITMENT, "action_open_false", [[self.tz_signed.id]], errors=("AccessError",))
        self.assertIn("Only the organ that decided", refusal.message)
        self.refused(COMMITMENT, "action_open_decide_bar", [[self.tz_false.id]], errors=("AccessError",))
        seen = self.call_kw(COMMITMENT, "search_read", [[("state", "=", "revoked")], ["name"]])
        self.assertIn(self.tz_false.name, [row["name"] for row in seen])
        self.sign_in("np_clerk")
        action = self.call_kw(COMMITMENT, "action_open_false", [[self.tz_signed.id]])
        self.assertEqual(action["res_model"], "noproof.commitment.outcome.wizard")
        self.assertEqual(self.tz_signed.sudo().state, "signed")

    def test_bar_is_neither_repeated_nor_forged(self):
        """Taizhou art. 8 ¶4 (bar by decision): the deciding organ's clerk cannot decide a second bar, nor a bar on
        a commitment still standing; a clerk cannot create a bar by hand, nor pass a length above two years."""
        self.sign_in("np_clerk")
        refusal = self.refused(COMMITMENT, "action_open_decide_bar", [[self.tz_false.id]])
        self.assertIn("already decided", refusal.message)
        refusal = self.refused(COMMITMENT, "action_open_decide_bar", [[self.tz_signed.id]])
        self.assertIn("failed to rectify", refusal.message)
        count = self.env[BAR].search_count([])
        self.refused(
            BAR,
            "create",
            [{"applicant_id": self.tz_signed.applicant_id.id, "date_to": "2099-01-01", "reason": "forged"}],
            errors=("AccessError",),
        )
        wizard_id = self.call_kw(
            "noproof.commitment.bar.decide.wizard", "create", [{"commitment_id": self.tz_signed.id, "months": 60}]
        )
        self.refused("noproof.commitment.bar.decide.wizard", "action_decide", [[wizard_id]])
        self.assertEqual(self.env[BAR].search_count([]), count, "no bar was made")

    def test_luzhou_has_no_bar(self):
        """Luzhou (no bar on commitment; its demo setting says so): neither the approving department nor the office
        can bar an applicant, over JSON-RPC either."""
        self.sign_in("lz_clerk")
        refusal = self.refused(COMMITMENT, "action_open_decide_bar", [[self.lz_false.id]])
        self.assertIn("does not bar", refusal.message)
        self.sign_in("lz_office")
        self.refused(
            BAR,
            "create",
            [
                {
                    "applicant_id": self.lz_false.applicant_id.id,
                    "company_id": self.env.ref("noproof_catalog.company_luzhou").id,
                    "date_to": "2025-01-01",
                    "reason": "x",
                }
            ],
        )

    def test_follow_up_ticket_cannot_be_cancelled_or_forged(self):
        """Luzhou art. 8 (real follow-up ticket): the clerk cannot cancel the follow-up ticket of a commitment still
        to verify, nor create a ticket claiming to follow up a commitment; the ticket stays sent."""
        ticket = self.lz_followed.follow_up_ticket_id
        self.sign_in("lz_clerk")
        refusal = self.refused(TICKET, "action_cancel", [[ticket.id]])
        self.assertIn("must be verified", refusal.message)
        count = self.env[TICKET].search_count([])
        self.refused(
            TICKET,
            "create",
            [
                {
                    "check_id": self.lz_followed.check_id.id,
                    "commitment_id": self.lz_followed.id,
                    "assisting_organization_id": ticket.assisting_organization_id.id,
                    "question": "forged",
                }
            ],
            errors=("UserError", "ValidationError"),
        )
        self.refused(TICKET, "write", [[ticket.id], {"commitment_id": False}])
        self.assertEqual(self.env[TICKET].search_count([]), count)
        self.assertEqual((ticket.sudo().state, ticket.sudo().commitment_id), ("sent", self.lz_followed))

    def test_no_fallback_commitment_before_nothing_confirms(self):
        """Luzhou art. 14 ¶1 (fallback): a clerk cannot open the commitment instead of a check whose ticket has not
        answered 'no such information', nor sign one directly."""
        check = self.env["noproof.case.check"].search(
            [
                ("disposition", "=", "assistance"),
                ("state", "in", ("todo", "waiting")),
                ("commitment_id", "=", False),
                ("company_id", "=", self.env.ref("noproof_catalog.company_luzhou").id),
            ],
            limit=1,
        )
        self.assertTrue(check, "the demo has a Luzhou check verified by another department")
        self.sign_in("lz_clerk")
        self.refused("noproof.case.check", "action_open_commitment_fallback", [[check.id]])
        wizard_id = self.call_kw(
            "noproof.commitment.sign.wizard",
            "create",
            [{"check_id": check.id, "signature_method": "esign", "signature_reference": "ESIGN-FORGED"}],
        )
        self.refused("noproof.commitment.sign.wizard", "action_sign", [[wizard_id]])
        self.assertFalse(check.sudo().commitment_id)

    def test_exemption_by_law_is_not_reviewed(self):
        """Taizhou art. 8 ¶3 (exemption by law): the office cannot reopen or decide an exemption granted by law."""
        exemption = self.tz_false.exemption_ids.filtered(lambda e: e.role == "clerk")
        self.assertEqual((exemption.basis, exemption.state), ("by_law", "decided"))
        self.sign_in("np_office")
        self.refused("noproof.exemption", "action_reopen", [[exemption.id]])
        self.refused("noproof.exemption", "action_decide", [[exemption.id]])
        self.assertEqual(exemption.sudo().state, "decided")

    def test_credit_platform_export(self):
        """Taizhou art. 8 ¶4 (失信惩戒, credit platform): the office exports the bars as CSV and JSON with the
        documented columns, the masked identity number and the applicant's reference, never the whole number; a
        clerk cannot export."""
        self.sign_in("np_office")
        response = self.url_open("/noproof/commitment-bars/credit.csv")
        self.assertEqual(response.status_code, 200)
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        row = next(r for r in rows if r["commitment_reference"] == self.tz_false.name)
        applicant = self.tz_false.applicant_id.sudo()
        self.assertEqual(row["id_number_masked"], applicant.noproof_id_number_masked)
        self.assertEqual(row["date_to"], str(self.tz_bar.date_to))
        self.assertNotIn(applicant.noproof_id_number, response.text)
        response = self.url_open(f"/noproof/commitment-bars/credit.json?ids={self.tz_bar.id}")
        data = json.loads(response.content)
        self.assertEqual(data["format"], "noproof.commitment.bar/1")
        self.assertEqual([bar["bar_reference"] for bar in data["bars"]], [f"NPBAR-{self.tz_bar.id}"])
        self.assertEqual(data["bars"][0]["deciding_organization"], self.tz_false.organization_id.name)
        self.assertNotIn(applicant.noproof_id_number, response.text)
        self.sign_in("np_clerk")
        response = self.url_open("/noproof/commitment-bars/credit.csv")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(applicant.noproof_id_number_masked or "x", response.text)
