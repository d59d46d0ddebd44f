from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

PRESETS = [
    ("taizhou", "Taizhou's Rules (台政办发〔2019〕17号)"),
    ("luzhou", "Luzhou's Rules (泸市府发〔2019〕36号)"),
    ("city", "As My City"),
    ("own", "Empty, Own Regulation"),
]

# The catalog's statute settings of each preset (README "Statute settings of a level"). "city" empties them:
# a county then follows its city; "own" leaves them for the level to decide.
CATALOG_SETTINGS = {
    "taizhou": {
        "noproof_new_certificate_approval": "office",
        "noproof_zero_certificate": "no",
        "noproof_exclude_higher_level": "yes",
        "noproof_lapse_warning_days": 90,
    },
    "luzhou": {
        "noproof_new_certificate_approval": "chain",
        "noproof_zero_certificate": "yes",
        "noproof_exclude_higher_level": "no",
        "noproof_lapse_warning_days": 90,
    },
    "city": {
        "noproof_new_certificate_approval": False,
        "noproof_zero_certificate": False,
        "noproof_exclude_higher_level": False,
        "noproof_lapse_warning_days": 0,
    },
    "own": {"noproof_lapse_warning_days": 90},
}


class NoproofLevelPreset(models.TransientModel):
    """Start a level from a statute (issue 16): its settings, deadline policies, letter and commitment
    templates, approval chain and office calendar, all editable afterwards. Each add-on fills its part by
    extending :meth:`_noproof_company_values` and :meth:`_noproof_apply`."""

    _name = "noproof.level.preset"
    _description = "Apply a Statute Preset to a Level"

    company_id = fields.Many2one(
        "res.company", string="Level", required=True, default=lambda self: self.env.company, ondelete="cascade"
    )
    is_county = fields.Boolean(compute="_compute_is_county")
    preset = fields.Selection(PRESETS, required=True, default="taizhou")
    statute_name = fields.Char(
        string="Own Regulation",
        help="The short title of the level's own regulation, quoted on its screens, e.g. 温州规定.",
    )
    year = fields.Integer(
        string="Holidays of",
        default=lambda self: fields.Date.context_today(self).year,
        help="The year whose official public holidays and make-up working days are imported into the office "
        "calendar. 0: none.",
    )

    @api.depends("company_id")
    def _compute_is_county(self):
        for wizard in self:
            wizard.is_county = bool(wizard.company_id.parent_id)

    def action_apply(self):
        self.ensure_one()
        self._noproof_check_allowed()
        if self.preset == "city" and not self.company_id.parent_id:
            raise UserError(
                _("%(level)s has no city above it: choose a statute for it instead.", level=self.company_id.name)
            )
        if self.preset == "own" and not (self.statute_name or "").strip():
            raise UserError(_("Name the level's own regulation, e.g. 温州规定."))
        # The level's records are created in the level, whichever level the administrator is working in.
        preset = self.with_company(self.company_id)
        preset._noproof_apply()
        return preset.company_id._noproof_action_setup()

    def _noproof_check_allowed(self):
        """Only a configuration administrator of the level applies a preset (it writes the level's settings)."""
        user = self.env.user
        if not user.has_group("noproof_catalog.group_manager") or self.company_id not in user.company_ids:
            raise AccessError(
                _("Only a configuration administrator of %(level)s may apply a preset.", level=self.company_id.name)
            )

    def _noproof_company_values(self):
        """The level's settings for the chosen preset; add-ons add theirs."""
        values = dict(CATALOG_SETTINGS[self.preset])
        values["noproof_statute"] = {"taizhou": "taizhou", "luzhou": "luzhou", "own": "own"}.get(self.preset, False)
        values["noproof_statute_name"] = self.statute_name if self.preset == "own" else False
        return values

    def _noproof_apply(self):
        """Write the level's settings and create what the level lacks; add-ons extend it for their records."""
        self.company_id.sudo().write(self._noproof_company_values())
        self._noproof_apply_approval_chain()

    def _noproof_apply_approval_chain(self):
        """Taizhou art. 6 ¶2, Luzhou art. 7: the change-request chain of the level: the department head, the
        supervising authority of a public-service organization (Taizhou art. 21, Luzhou art. 24), then the
        joint-conference office. Left alone when the level already has a chain."""
        Tier = self.env["tier.definition"]
        model = self.env["ir.model"]._get("noproof.change.request")
        if Tier.search_count([("model_id", "=", model.id), ("company_id", "=", self.company_id.id)]):
            return
        field = self.env["ir.model.fields"]._get

        def step(name, field_name, sequence, **values):
            return {
                "name": name,
                "model_id": model.id,
                "review_type": "field",
                "reviewer_field_id": field("noproof.change.request", field_name).id,
                "approve_sequence": True,
                "notify_on_pending": True,
                "sequence": sequence,
                "company_id": self.company_id.id,
                **values,
            }

        Tier.create(
            [
                step(_("Department Head"), "head_user_id", 20),
                step(
                    _("Supervising Authority"),
                    "supervisor_reviewer_ids",
                    15,
                    definition_domain='[("organization_id.supervising_authority_id", "!=", False)]',
                ),
                step(_("Joint-Conference Office"), "office_reviewer_ids", 10),
            ]
        )
