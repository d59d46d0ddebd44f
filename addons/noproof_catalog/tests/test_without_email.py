from odoo.tests import tagged

from .test_change_request import ChangeControlCase


@tagged("post_install", "-at_install")
class TestChangeControlWithoutEmail(ChangeControlCase):
    """Staff created without an e-mail address propose and approve a change through Odoo's internal messaging
    (issue 16)."""

    def test_change_request_without_email(self):
        """Taizhou art. 6 ¶2: a clerk, the department head and the office, none with an e-mail address, take a new
        certificate through the approval chain; every notice stays inside Odoo."""
        people = self.clerk | self.civil_head | self.office
        people.write({"email": False})
        self.assertEqual(set(people.mapped("notification_type")), {"inbox"})
        request = self.new_request(self.clerk)
        request.with_user(self.clerk).action_submit()
        # The head asks the clerk a question in the chatter before approving (a message, not a note).
        request.with_user(self.civil_head).message_post(
            body="请补充收入核验方式", partner_ids=self.clerk.partner_id.ids, subtype_xmlid="mail.mt_comment"
        )
        self.approve(request, self.civil_head, self.office)
        self.assertEqual(request.state, "approved")
        asked = request.message_ids.filtered(lambda message: message.author_id == self.civil_head.partner_id)
        self.assertEqual(asked.notification_ids.mapped("notification_type"), ["inbox"])
