import uuid

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import VerificationCase, local, utc


@tagged("post_install", "-at_install")
class TestVerificationTicket(VerificationCase):
    """Verification tickets (协查单) from the handling organization to the one that holds the fact."""

    def sent_ticket(self, rule=None, case=None, **values):
        case = case or self.open_case()
        ticket = self.make_ticket(case, rule or self.rule_kinship, **values)
        ticket.action_send()
        return ticket

    def ledger(self, ticket, entry_type):
        return (
            self.env["noproof.ledger.entry"]
            .sudo()
            .search([("res_model", "=", ticket._name), ("res_id", "=", ticket.id), ("entry_type", "=", entry_type)])
        )

    def test_sending_assigns_a_designated_verifier_with_an_activity(self):
        """Taizhou art. 11: the assisting organization's designated verifier (指定专人) gets the ticket, as an
        activity due by the deadline."""
        with freeze_time(utc("2024-10-08 10:00")):
            ticket = self.sent_ticket(rule=self.rule_immediate_kinship, case=self.open_case(self.immediate_item))
        self.assertEqual(ticket.state, "sent")
        self.assertIn(ticket.assigned_user_id, self.verifier | self.verifier2)
        self.assertEqual(uuid.UUID(ticket.uuid).version, 4)
        self.assertTrue(ticket.name.startswith("XC"))
        activity = ticket.activity_ids
        self.assertEqual(activity.user_id, ticket.assigned_user_id)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("noproof_verification.mail_activity_type_ticket_answer")
        )
        self.assertEqual(str(activity.date_deadline), "2024-10-08")
        self.assertEqual(local(ticket.deadline), "2024-10-08 10:30")
        self.assertEqual(self.check_of(ticket.case_id, self.rule_immediate_kinship).state, "waiting")

    def test_the_deadline_is_told_in_the_verifiers_time_not_the_senders(self):
        """The verifier's activity and the chatter give the deadline in the reader's or the office's time zone,
        whatever the time zone of the clerk who sent the ticket."""
        self.clerk.tz = "Europe/Brussels"
        (self.verifier | self.verifier2).tz = "Asia/Shanghai"
        with freeze_time(utc("2024-10-08 10:00")):
            ticket = self.sent_ticket(rule=self.rule_immediate_kinship, case=self.open_case(self.immediate_item))
        self.assertEqual(ticket.activity_ids.summary, "Answer by 2024-10-08 10:30")
        sent = ticket.message_ids.filtered(lambda m: "answer due by" in (m.body or ""))
        self.assertEqual(len(sent), 1)
        self.assertIn("2024-10-08 10:30", sent.body)
        self.assertEqual(ticket._noproof_local_deadline(self.clerk), "2024-10-08 04:30")

    def test_tickets_are_spread_over_the_designated_verifiers(self):
        first = self.sent_ticket()
        second = self.sent_ticket()
        self.assertEqual(first.assigned_user_id | second.assigned_user_id, self.verifier | self.verifier2)

    def test_request_letter_from_the_item_template(self):
        """Luzhou art. 9: request and response letters come from templates the administrator edits per item."""
        ticket = self.sent_ticket()
        self.assertIn("Verification Request Letter", ticket.request_letter)
        # The letter shows the masked number; the whole one is kept apart for printing (issue 11).
        self.assertNotIn("331002198503121231", ticket.request_letter)
        self.assertIn("331***********1231", ticket.request_letter)
        self.assertIn("331002198503121231", ticket.sudo().request_letter_full)
        self.assertIn(ticket.name, ticket.request_letter)
        custom = self.env.ref("noproof_verification.mail_template_ticket_request").copy(
            {
                "body_html": "<p>协查函 <t t-out='object.name'/> "
                "致 <t t-out='object.assisting_organization_id.name'/></p>",
            }
        )
        self.item.ticket_request_template_id = custom
        ticket = self.sent_ticket()
        self.assertIn(f"协查函 {ticket.name} 致 Public Security", ticket.request_letter)
        ticket.with_user(ticket.assigned_user_id).action_answer("confirmed", "They are father and son")
        self.assertIn("Verification Response Letter", ticket.response_letter)
        self.assertIn("They are father and son", ticket.response_letter)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("noproof_verification.action_report_verification_ticket", ticket.ids)[0]
            .decode()
        )
        self.assertIn("协查函", html)
        self.assertIn("They are father and son", html)

    def test_request_letter_from_the_levels_template(self):
        """Luzhou art. 9: without a letter of its own, an item's tickets use its level's letter; the item's own
        letter comes first."""
        level_letter = self.env.ref("noproof_verification.mail_template_ticket_request").copy(
            {"body_html": "<p>本级协查函 <t t-out='object.name'/></p>"}
        )
        self.item.company_id.noproof_ticket_request_template_id = level_letter
        ticket = self.sent_ticket()
        self.assertIn(f"本级协查函 {ticket.name}", ticket.request_letter)
        self.item.ticket_request_template_id = level_letter.copy({"body_html": "<p>事项协查函</p>"})
        self.assertIn("事项协查函", self.sent_ticket().request_letter)

    def test_a_ticket_to_ones_own_organization_is_refused(self):
        """Bad input: an organization does not send a verification ticket to itself."""
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship)
        with self.assertRaises(ValidationError):
            ticket.assisting_organization_id = self.civil
        self.assertEqual(ticket.assisting_organization_id, self.police)

    def test_offline_channels_are_refused_for_classified_matters(self):
        """Luzhou art. 11: official documents, fax, WeChat, QQ and DingTalk may carry the exchange, except for
        matters involving state or work secrets (a level where nothing is set applies the exception)."""
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship, classification="work_secret")
        for channel in ("document", "fax", "wechat", "qq", "dingtalk"):
            with self.subTest(channel=channel), self.assertRaises(ValidationError):
                ticket.channel = channel
        ticket.action_send()
        self.assertEqual((ticket.state, ticket.channel), ("sent", "system"))

    def test_offline_exchanges_are_recorded_in_the_ledger(self):
        """Luzhou art. 11: a request and its answer travelling by WeChat are recorded, with the channel."""
        ticket = self.sent_ticket(channel="wechat", channel_reference="Verification group")
        sent = self.ledger(ticket, "offline_exchange")
        self.assertEqual((len(sent), sent.channel, sent.counterparty), (1, "wechat", "Public Security"))
        ticket.with_user(ticket.assigned_user_id).action_answer(
            "confirmed", "Father and son", attachments=[("answer.jpg", b"\xff\xd8 photo")]
        )
        entries = self.ledger(ticket, "offline_exchange")
        self.assertEqual(len(entries), 2)
        self.assertEqual((entries - sent).result, "Father and son")
        self.assertFalse(self.ledger(self.sent_ticket(), "offline_exchange"))

    def test_institutions_need_the_applicants_query_authorization(self):
        """Taizhou art. 14: querying an institution such as a bank requires the applicant's authorization,
        which is kept in the ledger."""
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_deposit)
        self.assertTrue(ticket.needs_authorization)
        with self.assertRaisesRegex(UserError, "查询委托书"):
            ticket.action_send()
        self.assertEqual(ticket.state, "draft")
        ticket.authorization_attachment_ids = [(0, 0, {"name": "authorization.pdf", "raw": b"%PDF-1.4 signed"})]
        ticket.action_send()
        entry = self.ledger(ticket, "query_authorization")
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.attachment_ids.mapped("name"), ["authorization.pdf"])
        self.assertEqual(ticket.assigned_user_id, self.bank_verifier)

    def test_a_confirmed_answer_resolves_the_check(self):
        ticket = self.sent_ticket()
        verifier = ticket.assigned_user_id
        ticket.with_user(verifier).action_accept()
        self.assertEqual(ticket.state, "accepted")
        ticket.with_user(verifier).action_answer("confirmed", "Father and son per household records")
        check = self.check_of(ticket.case_id, self.rule_kinship)
        self.assertEqual((ticket.state, check.state, check.resolution), ("answered", "done", "assistance"))
        self.assertEqual(check.resolved_by_id, verifier)
        self.assertFalse(ticket.activity_ids)
        self.assertTrue(ticket.on_time)

    def test_a_negative_answer_lets_the_clerk_ask_for_a_supplement(self):
        """Luzhou art. 15: information from verification that does not match leads to a supplement request."""
        ticket = self.sent_ticket()
        ticket.with_user(ticket.assigned_user_id).action_answer("not_confirmed", "No such relation on record")
        check = self.check_of(ticket.case_id, self.rule_kinship)
        self.assertEqual(check.state, "discrepancy")
        check.with_user(self.clerk)._noproof_request_supplement(
            "Bring the kinship notarial certificate", self.cert_kinship
        )
        self.assertEqual(check.state, "supplement")

    def test_only_the_assigned_verifier_answers_an_open_ticket(self):
        """Bad input: answering a ticket not assigned to you, or already answered or closed, is refused."""
        ticket = self.sent_ticket()
        other = (self.verifier | self.verifier2) - ticket.assigned_user_id
        with self.assertRaises(AccessError):
            ticket.with_user(other).action_answer("confirmed", "Not mine to answer")
        with self.assertRaises(AccessError):
            ticket.with_user(self.lz_verifier).action_answer("confirmed", "Another city")
        with self.assertRaises(UserError):
            ticket.with_user(ticket.assigned_user_id).action_answer("confirmed", "   ")
        self.assertEqual(ticket.state, "sent")
        ticket.with_user(ticket.assigned_user_id).action_answer("confirmed", "Done")
        with self.assertRaises(UserError):
            ticket.with_user(ticket.assigned_user_id).action_answer("not_found", "Second thoughts")
        ticket.with_user(self.clerk).action_close()
        with self.assertRaises(UserError):
            ticket.with_user(ticket.assigned_user_id).action_answer("not_found", "After closing")
        self.assertEqual((ticket.state, ticket.answer_result), ("closed", "confirmed"))

    def test_another_designated_verifier_can_take_a_ticket_over(self):
        ticket = self.sent_ticket()
        other = (self.verifier | self.verifier2) - ticket.assigned_user_id
        ticket.with_user(other).action_take()
        self.assertEqual(ticket.assigned_user_id, other)
        self.assertEqual(ticket.activity_ids.user_id, other)
        ticket.with_user(other).action_answer("confirmed", "Taken over and answered")
        with self.assertRaises(AccessError):
            self.sent_ticket().with_user(self.lz_verifier).action_take()

    def test_the_request_is_frozen_once_sent(self):
        ticket = self.sent_ticket()
        with self.assertRaises(UserError):
            ticket.with_user(self.clerk).question = "Something else"
        with self.assertRaises(UserError):
            ticket.with_user(self.clerk).data_kind = "paper"

    def test_cancelling_returns_the_check_to_be_done(self):
        ticket = self.sent_ticket()
        ticket.with_user(self.clerk).action_cancel()
        self.assertEqual(ticket.state, "cancelled")
        self.assertFalse(ticket.activity_ids)
        self.assertEqual(self.check_of(ticket.case_id, self.rule_kinship).state, "todo")
        with self.assertRaises(UserError):
            ticket.action_cancel()

    def test_tickets_only_for_inter_department_verification(self):
        case = self.open_case()
        with self.assertRaises(UserError):
            self.check_of(case, self.rule_income).action_create_ticket()
        with self.assertRaises(ValidationError):
            self.env["noproof.verification.ticket"].create(
                {
                    "check_id": self.check_of(case, self.rule_income).id,
                    "assisting_organization_id": self.police.id,
                    "question": "Income?",
                }
            )

    def test_an_organization_without_designated_verifiers_cannot_be_asked(self):
        self.police.verifier_ids = False
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship)
        with self.assertRaisesRegex(UserError, "designated verifier"):
            ticket.action_send()
        self.assertEqual(ticket.state, "draft")

    def test_verifier_must_be_designated(self):
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship)
        with self.assertRaises(ValidationError):
            ticket.assigned_user_id = self.bank_verifier
