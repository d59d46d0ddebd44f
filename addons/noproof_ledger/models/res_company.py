from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    noproof_unusual_access_threshold = fields.Integer(
        string="Unusual Access Threshold",
        default=20,
        help="A user who reads the unmasked personal data of more applicants than this in one day "
        "without a case is reported as unusual access (Taizhou art. 16, Luzhou art. 18).",
    )
