from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    noproof_organization_ids = fields.Many2many(
        "noproof.organization",
        "noproof_organization_user_rel",
        "user_id",
        "organization_id",
        string="Acts For",
        help="The organizations this user works for (handles cases, answers tickets).",
    )
