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

    noproof_supervised_organization_ids = fields.Many2many(
        "noproof.organization",
        string="Supervises",
        compute="_compute_noproof_supervised_organization_ids",
        help="The organizations supervised by an authority this user acts for (Taizhou art. 21, Luzhou arts. 4 and "
        "24). Record rules of every add-on read it: the supervising authority reads their items, rules, lists, "
        "change requests, filings and ticket figures.",
    )

    noproof_staff = fields.Boolean(
        string="No-Proof City Staff",
        compute="_compute_noproof_staff",
        search="_search_noproof_staff",
        help="Holds a No-Proof City role: offered where a head or staff member of an organization is chosen.",
    )

    def _compute_noproof_staff(self):
        staff = self.search([("id", "in", self.ids), ("noproof_staff", "=", True)])
        for user in self:
            user.noproof_staff = user in staff

    def _search_noproof_staff(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        category = self.env.ref("noproof_catalog.module_category_noproof")
        domain = [("share", "=", False), ("groups_id.category_id", "child_of", category.id)]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("noproof_organization_ids")
    def _compute_noproof_supervised_organization_ids(self):
        for user in self:
            user.noproof_supervised_organization_ids = user._noproof_supervised_organizations()

    def _noproof_supervised_organizations(self):
        """The hook other add-ons' record rules use: organizations whose supervising authority the user acts
        for (head or staff)."""
        self.ensure_one()
        Organization = self.env["noproof.organization"].sudo()
        authorities = Organization.search(["|", ("user_ids", "in", self.ids), ("head_id", "=", self.id)])
        if not authorities:
            return Organization.browse()
        return Organization.search([("supervising_authority_id", "in", authorities.ids)])

    def write(self, vals):
        result = super().write(vals)
        if "noproof_organization_ids" in vals:
            self._noproof_access_changed()
        return result

    @api.model
    def _noproof_access_changed(self):
        """Record rules cached per user read the organizations they act for (and those these supervise): drop
        them."""
        self.env.registry.clear_cache()
        self.env["res.users"].invalidate_model(["noproof_supervised_organization_ids"])

    @api.model
    def review_user_count(self):
        """The approvals menu of the systray names our documents in the user's language (OCA shows the model's
        English description)."""
        groups = super().review_user_count()
        models = self.env["ir.model"].with_context(lang=self.env.user.lang)
        for group in groups:
            if group.get("model", "").startswith("noproof."):
                group["name"] = models._get(group["model"]).name
        return groups
