from odoo import api, fields, models

FAULTS = [
    ("assisting", "Assisting Organization"),
    ("requesting", "Requesting Organization"),
    ("system", "System or Network Failure"),
    ("none", "No Fault Found"),
]


class NoproofTicketEscalation(models.Model):
    """The office's investigation of an overdue ticket (Taizhou art. 11 ¶3, Luzhou art. 12)."""

    _inherit = "noproof.ticket.escalation"

    delay_hours = fields.Float(
        string="Delay (Hours)", compute="_compute_delay_hours", help="Answer time past the deadline, or so far."
    )
    findings = fields.Html()
    fault = fields.Selection(FAULTS, tracking=True)
    measure = fields.Text(string="Accountability Measure", tracking=True)

    @api.depends("deadline", "ticket_id.answered_at")
    def _compute_delay_hours(self):
        now = fields.Datetime.now()
        for escalation in self:
            end = escalation.ticket_id.answered_at or now
            escalation.delay_hours = (
                max((end - escalation.deadline).total_seconds() / 3600.0, 0.0) if escalation.deadline else 0.0
            )
