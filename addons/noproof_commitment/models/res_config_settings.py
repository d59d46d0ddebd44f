from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    noproof_commitment_follow_up_summary = fields.Char(related="company_id.noproof_commitment_follow_up_summary")
    noproof_commitment_bar_months = fields.Integer(related="company_id.noproof_commitment_bar_months", readonly=False)
    noproof_commitment_rectification_days = fields.Integer(
        related="company_id.noproof_commitment_rectification_days", readonly=False
    )
