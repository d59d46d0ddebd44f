from odoo import fields, models


class NoproofCommitmentBarLiftWizard(models.TransientModel):
    """Lift a bar on commitment early, e.g. after credit repair (信用修复)."""

    _name = "noproof.commitment.bar.lift.wizard"
    _description = "Lift a Bar on Commitment"

    bar_id = fields.Many2one("noproof.commitment.bar", required=True, ondelete="cascade")
    applicant_name = fields.Char(related="bar_id.applicant_name")
    date_to = fields.Date(related="bar_id.date_to")
    reason = fields.Text(string="Why It Is Lifted")

    def action_lift(self):
        self.ensure_one()
        self.bar_id._noproof_lift(self.reason)
        return {"type": "ir.actions.act_window_close"}
