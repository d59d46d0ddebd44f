from odoo import fields, models

from ..models.noproof_sla_policy import DATA_KINDS

REDIRECT_MODES = [
    ("reclassify", "Reclassify the Kind of Data"),
    ("clarify", "Ask the Sender for Clarification"),
    ("forward", "Forward to Another Organization"),
    ("answer_clarification", "Clarify the Request"),
]


class NoproofTicketRedirectWizard(models.TransientModel):
    """A verifier acting on a wrong ticket (reclassify, ask, forward), or the sender
    answering the verifier's question. Each step is the ticket's own action."""

    _name = "noproof.ticket.redirect.wizard"
    _description = "Act on a Wrong Verification Ticket"

    ticket_id = fields.Many2one("noproof.verification.ticket", required=True, ondelete="cascade")
    mode = fields.Selection(REDIRECT_MODES, string="Action", required=True, default="reclassify")
    current_data_kind = fields.Selection(related="ticket_id.data_kind", string="Current Kind of Data")
    current_organization_id = fields.Many2one(
        related="ticket_id.assisting_organization_id", string="Currently Addressed To"
    )
    question = fields.Text(related="ticket_id.question")
    clarification_question = fields.Text(related="ticket_id.clarification_question", string="Question Asked")
    data_kind = fields.Selection(DATA_KINDS, string="Kind of Data")
    organization_id = fields.Many2one(
        "noproof.organization",
        string="Forward To",
        domain="[('id', '!=', current_organization_id), ('verifier_ids', '!=', False)]",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        ticket = self.ticket_id
        if self.mode == "reclassify":
            ticket.action_reclassify(self.data_kind, self.reason)
        elif self.mode == "clarify":
            ticket.action_ask_clarification(self.reason)
        elif self.mode == "answer_clarification":
            ticket.action_clarify(self.reason)
        else:
            ticket.action_forward(self.organization_id, self.reason)
            # The ticket now belongs to the other organization: back to the inbox.
            return self.env["ir.actions.act_window"]._for_xml_id("noproof_verification.action_noproof_ticket_inbox")
        return {"type": "ir.actions.act_window_close"}
