from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    noproof_evaluation_target = fields.Float(related="company_id.noproof_evaluation_target", readonly=False)
    # Luzhou art. 25: the overview's lapsing-legal-basis card warns this many days ahead (a level setting).
    noproof_lapse_warning_days = fields.Integer(related="company_id.noproof_lapse_warning_days", readonly=False)
    noproof_regulation_id = fields.Many2one(related="company_id.noproof_regulation_id", readonly=False)
    noproof_complaint_rate_limit = fields.Integer(
        string="Online Complaints per Address and Hour",
        config_parameter="noproof_supervision.complaint_rate_limit",
        default=5,
    )
