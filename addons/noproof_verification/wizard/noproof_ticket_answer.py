from odoo import fields, models

from ..models.noproof_verification_ticket import ANSWER_RESULTS


class NoproofTicketAnswerWizard(models.TransientModel):
    """The designated verifier's answer to a verification ticket (反馈)."""

    _name = "noproof.ticket.answer.wizard"
    _description = "Answer a Verification Ticket"

    ticket_id = fields.Many2one("noproof.verification.ticket", required=True, ondelete="cascade")
    question = fields.Text(related="ticket_id.question")
    result = fields.Selection(ANSWER_RESULTS, required=True, default="confirmed")
    answer = fields.Text(string="Findings", required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment", "noproof_ticket_answer_wizard_attachment_rel", "wizard_id", "attachment_id", string="Files"
    )

    def action_answer(self):
        self.ensure_one()
        self.ticket_id.action_answer(self.result, self.answer, attachments=self.attachment_ids)
        return {"type": "ir.actions.act_window_close"}
