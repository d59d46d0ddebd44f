from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.noproof_ticket_escalation import FAULTS, FINDING_FIELDS


class NoproofEscalationFindings(models.TransientModel):
    """The findings of the office's investigation of an overdue ticket, recorded through the escalation's own
    action (Taizhou art. 11 ¶3, Luzhou art. 12)."""

    _name = "noproof.escalation.findings"
    _description = "Record the Findings of an Overdue-Ticket Investigation"

    escalation_ids = fields.Many2many("noproof.ticket.escalation", string="Escalations", required=True)
    fault = fields.Selection(FAULTS, required=True)
    findings = fields.Html()
    measure = fields.Text(string="Accountability Measure")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "noproof.ticket.escalation" and "escalation_ids" in fields_list:
            escalations = self.env["noproof.ticket.escalation"].browse(self.env.context.get("active_ids") or [])
            escalations = escalations.exists()
            values["escalation_ids"] = [fields.Command.set(escalations.ids)]
            if len(escalations) == 1:
                values.update({name: escalations[name] for name in FINDING_FIELDS if escalations[name]})
        return values

    def action_confirm(self):
        self.ensure_one()
        if not self.escalation_ids:
            raise UserError(_("Choose the escalations whose findings you record."))
        self.escalation_ids.check_access("write")
        self.escalation_ids._record_findings({name: self[name] for name in FINDING_FIELDS})
        return {"type": "ir.actions.act_window_close"}
