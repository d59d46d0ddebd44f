from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import VerificationCase


@tagged("post_install", "-at_install")
class TestWorkWithoutEmail(VerificationCase):
    """Staff created without an e-mail address send, answer and close tickets through Odoo's internal
    messaging (issue 16: "无法发送消息，请配置发件人的电子邮件地址" stopped a clerk's 发送 and a verifier's
    发送反馈)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.city.id, "company_ids": [Command.set(cls.city.ids)], "email": False}
        cls.plain_clerk = new_test_user(cls.env, login="v_plain_clerk", groups="noproof_catalog.group_clerk", **common)
        cls.plain_verifier = new_test_user(
            cls.env, login="v_plain_verifier", groups="noproof_catalog.group_verifier", **common
        )
        cls.civil.user_ids = [Command.link(cls.plain_clerk.id)]
        cls.police.write(
            {"user_ids": [Command.link(cls.plain_verifier.id)], "verifier_ids": [Command.set(cls.plain_verifier.ids)]}
        )

    def send_and_answer(self):
        case = self.open_case(user=self.plain_clerk)
        ticket = self.make_ticket(case, self.rule_kinship)
        ticket.action_send()
        self.assertEqual(ticket.assigned_user_id, self.plain_verifier)
        as_verifier = ticket.with_user(self.plain_verifier)
        as_verifier.action_accept()
        wizard = Form(
            self.env[as_verifier.action_open_answer()["res_model"]]
            .with_user(self.plain_verifier)
            .with_context(default_ticket_id=ticket.id)
        )
        wizard.result = "confirmed"
        wizard.answer = "户籍信息显示为父子关系"
        wizard.save().action_answer()
        self.assertEqual(ticket.state, "answered")
        self.assertEqual(self.check_of(case, self.rule_kinship).state, "done")
        return ticket

    def test_users_without_email_are_notified_in_odoo(self):
        """A user created without an e-mail address gets notifications in Odoo's inbox, not by e-mail."""
        self.assertEqual((self.plain_clerk | self.plain_verifier).mapped("notification_type"), ["inbox", "inbox"])

    def test_send_and_answer_without_email(self):
        """Sending and answering a ticket works for a clerk and a verifier without e-mail; the messages are
        written by them and stay inside Odoo while the level has no e-mail address."""
        self.city.email = False
        ticket = self.send_and_answer()
        answered = ticket.message_ids.filtered(lambda message: message.author_id == self.plain_verifier.partner_id)
        self.assertTrue(answered)
        self.assertFalse(answered.mapped("email_from")[0])
        self.assertIn(self.plain_clerk.partner_id, answered.notification_ids.res_partner_id)
        self.assertEqual(answered.notification_ids.mapped("notification_type"), ["inbox"])

    def test_the_level_sends_when_mail_is_configured(self):
        """Where the level has an e-mail address, a message by a user without one leaves from the level's."""
        self.city.email = "office@city.example.gov.cn"
        ticket = self.send_and_answer()
        sent = ticket.message_ids.filtered(lambda message: message.author_id == self.plain_clerk.partner_id)
        self.assertTrue(sent)
        self.assertIn("office@city.example.gov.cn", sent[0].email_from)
