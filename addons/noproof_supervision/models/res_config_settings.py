from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    noproof_complaint_days = fields.Integer(related="company_id.noproof_complaint_days", readonly=False)
    noproof_evaluation_target = fields.Float(related="company_id.noproof_evaluation_target", readonly=False)
    noproof_complaint_rate_limit = fields.Integer(
        string="Online Complaints per Address and Hour",
        config_parameter="noproof_supervision.complaint_rate_limit",
        default=5,
    )
