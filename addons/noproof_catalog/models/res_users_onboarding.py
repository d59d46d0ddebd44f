from odoo import api, models

# The roles whose holders work in the No-Proof City app (every other role implies one of them).
NOPROOF_ROLES = ("noproof_catalog.group_clerk", "noproof_catalog.group_verifier")


class ResUsers(models.Model):
    """Users an administrator creates for No-Proof City (issue 16): without an e-mail address they are notified
    inside Odoo, and they land on the app, not on Discuss."""

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._noproof_inbox_without_email()
        users.filtered(lambda user: not user.action_id)._noproof_set_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "email" in vals and not vals["email"]:
            self._noproof_inbox_without_email()
        if any(name == "groups_id" or name.startswith(("in_group_", "sel_groups_")) for name in vals):
            self.filtered(lambda user: not user.action_id)._noproof_set_home_action()
        return result

    def _noproof_inbox_without_email(self):
        """Internal users without an e-mail address get their notifications in Odoo's inbox."""
        without = self.filtered(lambda user: not user.share and not user.email and user.notification_type != "inbox")
        if without:
            without.sudo().notification_type = "inbox"

    def _noproof_set_home_action(self):
        """Staff holding a No-Proof City role start on the app."""
        home = self.env.ref("noproof_catalog.action_noproof_home", raise_if_not_found=False)
        if not home:
            return
        staff = self.filtered(lambda user: not user.share and any(user.has_group(role) for role in NOPROOF_ROLES))
        if staff:
            staff.sudo().action_id = home.id

    @api.model
    def _noproof_home_action(self):
        """The first screen of the No-Proof City app the current user may open (the app's own entry), else
        Discuss."""
        root = self.env.ref("noproof_catalog.menu_noproof_root", raise_if_not_found=False)
        # The web client's menus: an app opens the action of its first sub-menu that has one.
        app = root and self.env["ir.ui.menu"].load_web_menus(debug=False).get(root.id)
        if not app or not app.get("actionID"):
            return self.env["ir.actions.actions"]._for_xml_id("mail.action_discuss")
        return self.env[app["actionModel"]].browse(app["actionID"]).sudo()._get_action_dict()
