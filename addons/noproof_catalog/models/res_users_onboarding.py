from odoo import api, models


class ResUsers(models.Model):
    """Users created without an e-mail address (issue 16) are notified inside Odoo, not by e-mail."""

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._noproof_inbox_without_email()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "email" in vals and not vals["email"]:
            self._noproof_inbox_without_email()
        return result

    def _noproof_inbox_without_email(self):
        """Internal users without an e-mail address get their notifications in Odoo's inbox."""
        without = self.filtered(lambda user: not user.share and not user.email and user.notification_type != "inbox")
        if without:
            without.sudo().notification_type = "inbox"
