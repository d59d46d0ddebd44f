from odoo import api, fields, models


class NoproofCommitmentBarDecideWizard(models.TransientModel):
    """The deciding organ bars an applicant from commitment after an unrectified false
    promise or a revocation, for at most the months its city allows (Taizhou art. 8 ¶4)."""

    _name = "noproof.commitment.bar.decide.wizard"
    _description = "Decide a Bar on Commitment"

    commitment_id = fields.Many2one("noproof.commitment", required=True, ondelete="cascade")
    applicant_name = fields.Char(related="commitment_id.applicant_name")
    max_months = fields.Integer(string="Longest Bar (Months)", compute="_compute_max_months")
    months = fields.Integer(string="Length (Months)", required=True, default=24)
    reason = fields.Text(string="Grounds of the Decision")

    @api.depends("commitment_id")
    def _compute_max_months(self):
        for wizard in self:
            company = wizard.commitment_id.sudo().company_id
            wizard.max_months = company._noproof_bar_max_months() if company else 0

    def action_decide(self):
        self.ensure_one()
        self.commitment_id._noproof_decide_bar(self.months, self.reason)
        return {"type": "ir.actions.act_window_close"}
