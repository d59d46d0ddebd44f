"""Issue 12 over JSON-RPC: the statute's rules of the verification add-on hold for what a
signed-in user's browser can send, not only through the buttons. The docstrings name the
article; the level settings are set here as each city's statute says (the demo sets the same)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase, RpcRefused
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestVerificationStatuteRpc(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.taizhou.write(
            {
                "noproof_statute": "taizhou",
                "noproof_classified_channels": "allow",
                "noproof_supplement_grounds": "shared_or_ticket",
                "noproof_overdue_office": "same_level",
            }
        )
        cls.luzhou.write(
            {
                "noproof_statute": "luzhou",
                "noproof_classified_channels": "refuse",
                "noproof_supplement_grounds": "mismatch",
                "noproof_overdue_office": "city",
            }
        )
        Users = cls.env["res.users"]
        cls.np_clerk = Users.search([("login", "=", "np_clerk")], limit=1)
        cls.lz_clerk = Users.search([("login", "=", "lz_clerk")], limit=1)
        cls.tz_item = cls.item_of(cls.np_clerk)
        cls.lz_item = cls.item_of(cls.lz_clerk)
        cls.zhang = cls.env.ref("noproof_catalog.partner_applicant_zhang")
        cls.wang = cls.env.ref("noproof_catalog.partner_applicant_wang")

    @classmethod
    def item_of(cls, clerk):
        return cls.env["noproof.service.item"].search(
            [
                ("organization_id", "in", clerk.noproof_organization_ids.ids),
                ("rule_ids.disposition", "=", "assistance"),
                ("rule_ids.state", "=", "active"),
            ],
            limit=1,
        )

    def ticket_for(self, clerk, item, applicant):
        case = self.env["noproof.case"].with_user(clerk).create({"item_id": item.id, "applicant_id": applicant.id})
        check = case.check_ids.filtered(lambda c: c.disposition == "assistance")[:1]
        action = check.action_create_ticket()
        return self.env["noproof.verification.ticket"].with_user(clerk).browse(action["res_id"])

    def discrepancy_by_ticket(self, result="not_confirmed"):
        ticket = self.ticket_for(self.np_clerk, self.tz_item, self.zhang)
        ticket.action_send()
        verifier = ticket.sudo().assigned_user_id
        ticket.with_user(verifier).action_answer(result, "The register shows no such relation")
        check = ticket.check_id.with_user(self.np_clerk)
        self.assertEqual(check.state, "discrepancy")
        return check

    def supplement_wizard(self, check, certificates):
        return self.call_kw(
            "noproof.check.resolve.wizard",
            "create",
            [
                {
                    "check_id": check.id,
                    "action": "supplement_request",
                    "note": "Bring the notarised kinship certificate",
                    "supplement_certificate_ids": [Command.set(certificates.ids)],
                }
            ],
        )

    # ------------------------------------------------- Taizhou arts. 10 ¶2, 12; Luzhou art. 15
    def test_supplement_for_another_certificate_refused_over_rpc(self):
        """Taizhou art. 12, Luzhou art. 15 (严禁变相增设): over JSON-RPC a clerk asks for a supplement naming a
        certificate the item's rules do not require; refused, the check unchanged, nothing in the ledger."""
        check = self.discrepancy_by_ticket()
        foreign = self.env["noproof.certificate"].search(
            [("id", "not in", check.case_id.check_ids.certificate_id.ids)], limit=1
        )
        self.assertTrue(foreign)
        self.sign_in("np_clerk")
        wizard_id = self.supplement_wizard(check, foreign)
        self.assertRefused("noproof.check.resolve.wizard", "action_confirm", [[wizard_id]], error="UserError")
        check.invalidate_recordset()
        self.assertEqual((check.state, check.supplement_certificate_ids.ids), ("discrepancy", []))
        entries = (
            self.env["noproof.ledger.entry"]
            .sudo()
            .search_count(
                [("res_model", "=", check._name), ("res_id", "=", check.id), ("entry_type", "=", "supplement_request")]
            )
        )
        self.assertEqual(entries, 0)
        # The certificate it stands for is accepted through the same route.
        wizard_id = self.supplement_wizard(check, check.certificate_id)
        self.call_kw("noproof.check.resolve.wizard", "action_confirm", [[wizard_id]])
        check.invalidate_recordset()
        self.assertEqual(check.state, "supplement")

    def test_supplement_shortcuts_refused_over_rpc(self):
        """Taizhou art. 12, Luzhou art. 15: the supplement's certificates, reason and state cannot be written
        by hand, and the internal method cannot be called; before a look-up or a ticket found something, the
        wizard refuses too."""
        check = self.discrepancy_by_ticket()
        self.sign_in("np_clerk")
        for values in (
            {"supplement_certificate_ids": [Command.set(check.certificate_id.ids)]},
            {"state": "supplement", "supplement_reason": "Anything"},
            {"discrepancy_source": "investigation"},
        ):
            with self.subTest(values=list(values)):
                self.assertRefused("noproof.case.check", "write", [check.ids, values], error="UserError")
        with self.assertRaises(RpcRefused):
            self.call_kw("noproof.case.check", "_noproof_request_supplement", [check.ids, "Anything", []])
        fresh = self.ticket_for(self.np_clerk, self.tz_item, self.zhang).check_id
        fresh_wizard = self.supplement_wizard(fresh, fresh.certificate_id)
        self.assertRefused("noproof.check.resolve.wizard", "action_confirm", [[fresh_wizard]], error="UserError")
        check.invalidate_recordset()
        self.assertEqual(check.state, "discrepancy")

    # ------------------------------------------------------------------- Taizhou art. 6 ¶3
    def test_no_case_on_a_repealed_basis_over_rpc(self):
        """Taizhou art. 6 ¶3: a clerk opens a case over JSON-RPC on an item whose rule rests on a basis
        repealed today, before the nightly job ran; refused with the basis and the article, nothing created."""
        rule = self.tz_item.rule_ids.filtered(lambda r: r.state == "active" and r.legal_basis_id)[:1]
        basis = rule.legal_basis_id
        basis.date_repealed = fields.Date.context_today(basis)
        self.assertEqual(rule.state, "active")
        count = self.env["noproof.case"].search_count([])
        self.sign_in("np_clerk")
        refusal = self.assertRefused(
            "noproof.case", "create", [{"item_id": self.tz_item.id, "applicant_id": self.zhang.id}], error="UserError"
        )
        self.assertIn(basis.display_name, refusal.message)
        # np_clerk may read English or Chinese: the article either way.
        self.assertTrue(any(article in refusal.message for article in ("Taizhou art. 6 ¶3", "台州规定第六条第三款")))
        self.assertEqual(self.env["noproof.case"].search_count([]), count)
        basis.date_repealed = fields.Date.context_today(basis) + timedelta(days=30)
        self.assertTrue(
            self.call_kw("noproof.case", "create", [{"item_id": self.tz_item.id, "applicant_id": self.zhang.id}])
        )

    # -------------------------------------------------------------------- Luzhou art. 11
    def test_classified_ticket_offline_refused_in_luzhou_over_rpc(self):
        """Luzhou art. 11: a Luzhou clerk marks a ticket as a state secret and sends it by WeChat over JSON-RPC;
        refused with the ledger's message. Taizhou, whose statute has no such article, lets it pass."""
        lz_ticket = self.ticket_for(self.lz_clerk, self.lz_item, self.wang)
        self.sign_in("lz_clerk")
        refusal = self.assertRefused(
            "noproof.verification.ticket",
            "write",
            [lz_ticket.ids, {"classification": "state_secret", "channel": "wechat"}],
            error="ValidationError",
        )
        self.assertTrue(any(article in refusal.message for article in ("Luzhou art. 11", "泸州办法第十一条")))
        lz_ticket.invalidate_recordset()
        self.assertEqual((lz_ticket.classification, lz_ticket.channel), (False, "system"))
        tz_ticket = self.ticket_for(self.np_clerk, self.tz_item, self.zhang)
        self.sign_in("np_clerk")
        self.call_kw(
            "noproof.verification.ticket",
            "write",
            [tz_ticket.ids, {"classification": "state_secret", "channel": "wechat"}],
        )
        tz_ticket.invalidate_recordset()
        self.assertEqual((tz_ticket.classification, tz_ticket.channel), ("state_secret", "wechat"))

    def test_escalation_office_cannot_be_redirected_over_rpc(self):
        """Luzhou art. 12, Taizhou art. 11 ¶3: the office an escalation is reported to is set by the overdue
        scan alone; an office user cannot re-point it over JSON-RPC."""
        ticket = self.ticket_for(self.np_clerk, self.tz_item, self.zhang)
        ticket.action_send()
        ticket.sudo()._noproof_on_overdue(fields.Datetime.now())
        escalation = ticket.sudo().escalation_ids
        self.assertEqual(escalation.office_company_id, self.taizhou)
        self.sign_in("np_office")
        self.assertRefused(
            "noproof.ticket.escalation", "write", [escalation.ids, {"office_company_id": self.luzhou.id}]
        )
        escalation.invalidate_recordset()
        self.assertEqual(escalation.office_company_id, self.taizhou)
