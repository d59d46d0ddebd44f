from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    noproof_waiting_excluded = fields.Selection(
        [
            ("all", "For Every Item"),
            ("immediate", "For Immediate Items Only"),
            ("none", "Never"),
        ],
        string="Exclude Verification Time",
        default="all",
        required=True,
        help="Whether the time a case waits for verification tickets is left out of the time on which the "
        "handling organization is assessed. Taizhou art. 11 ¶4 leaves it out for every item; Luzhou art. 10 "
        "for immediate items (即办件).",
    )
