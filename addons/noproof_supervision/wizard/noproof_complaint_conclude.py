from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.noproof_complaint import CONCLUSION_FIELDS, MEASURES, SUBSTANTIATED


class NoproofComplaintConclude(models.TransientModel):
    """The supervision window's conclusion of a complaint and the accountability it decides
    (Taizhou art. 17, 20; Luzhou art. 17, 19), recorded in one step by the complaint's own action."""

    _name = "noproof.complaint.conclude"
    _description = "Conclude a Complaint"

    complaint_ids = fields.Many2many("noproof.complaint", string="Complaints", required=True)
    substantiated = fields.Selection(SUBSTANTIATED, string="Conclusion", required=True)
    conclusion = fields.Text(string="Conclusion Summary", required=True)
    measure = fields.Selection(MEASURES, string="Accountability Measure")
    responsible_persons = fields.Char(string="Persons Held Responsible", help="Taizhou art. 20, Luzhou art. 19.")
    accountability = fields.Text(string="Accountability Details")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "noproof.complaint" and "complaint_ids" in fields_list:
            complaints = self.env["noproof.complaint"].browse(self.env.context.get("active_ids") or []).exists()
            values["complaint_ids"] = [fields.Command.set(complaints.ids)]
            # The conclusion the organization's own instance reached, offered for review.
            concluded = complaints.filtered(lambda complaint: complaint.forward_state == "concluded")
            if len(complaints) == 1 and concluded:
                values.update(
                    substantiated=concluded.forward_substantiated,
                    conclusion=concluded.forward_conclusion,
                    measure=concluded.forward_measure,
                )
        return values

    def action_confirm(self):
        self.ensure_one()
        if not self.complaint_ids:
            raise UserError(_("Choose the complaints to conclude."))
        # the complaint checks its state, the conclusion and the measure, and the user's right to write it
        self.complaint_ids.check_access("write")
        self.complaint_ids._conclude({name: self[name] for name in CONCLUSION_FIELDS})
        return {"type": "ir.actions.act_window_close"}
