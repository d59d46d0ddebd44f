from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    noproof_unusual_access_threshold = fields.Integer(
        related="company_id.noproof_unusual_access_threshold", readonly=False
    )
