from odoo import _, api, fields, models
from odoo.exceptions import UserError

FAULTS = [
    ("assisting", "Assisting Organization"),
    ("requesting", "Requesting Organization"),
    ("system", "System or Network Failure"),
    ("none", "No Fault Found"),
]
# What the investigation finds, recorded by ``_record_findings`` (the findings wizard) only.
FINDING_FIELDS = ("fault", "findings", "measure")


class NoproofTicketEscalation(models.Model):
    """The office's investigation of an overdue ticket (Taizhou art. 11 ¶3, Luzhou art. 12)."""

    _inherit = "noproof.ticket.escalation"

    delay_hours = fields.Float(
        string="Delay (Hours)", compute="_compute_delay_hours", help="Answer time past the deadline, or so far."
    )
    findings = fields.Html(readonly=True, copy=False)
    fault = fields.Selection(FAULTS, readonly=True, tracking=True, copy=False)
    measure = fields.Text(string="Accountability Measure", readonly=True, tracking=True, copy=False)

    # Added to the guarded fields of the base model (the guard collects them over the model's classes).
    _workflow_fields = FINDING_FIELDS

    @api.depends("deadline", "ticket_id.answered_at")
    def _compute_delay_hours(self):
        now = fields.Datetime.now()
        for escalation in self:
            end = escalation.ticket_id.answered_at or now
            escalation.delay_hours = (
                max((end - escalation.deadline).total_seconds() / 3600.0, 0.0) if escalation.deadline else 0.0
            )

    def action_record_findings(self):
        """Open the findings wizard of an escalation still under investigation."""
        self._check_open()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_supervision.action_noproof_escalation_findings")
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def _check_open(self):
        done = self.filtered(lambda escalation: escalation.state != "open")
        if done:
            raise UserError(
                _(
                    "The investigation of %(ticket)s is closed: its findings stay as recorded.",
                    ticket=done[0].ticket_id.name,
                )
            )

    def _record_findings(self, values):
        """Record who was at fault and the accountability measure (Taizhou art. 11 ¶3, Luzhou art. 12)."""
        self._check_open()
        values = {name: values.get(name) or False for name in FINDING_FIELDS}
        if not values["fault"]:
            raise UserError(_("Say whose fault the delay was, or that no fault was found."))
        self._workflow().write(values)
