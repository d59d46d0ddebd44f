from odoo import api, fields, models


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

    def write(self, vals):
        result = super().write(vals)
        if "noproof_organization_ids" in vals:
            self._noproof_access_changed()
        return result

    @api.model
    def _noproof_access_changed(self):
        """Record rules cached per user read the organizations they act for: drop them."""
        self.env.registry.clear_cache()
