from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ORGANIZATION_KINDS = [
    ("government", "Government Department"),
    ("institution", "Public Institution"),
    ("water", "Water"),
    ("power", "Power"),
    ("gas", "Gas"),
    ("cable_tv", "Cable TV"),
    ("bank", "Bank"),
    ("insurance", "Insurance"),
    ("school", "School"),
    ("hospital", "Hospital"),
    ("other", "Other"),
]
PUBLIC_SERVICE_KINDS = ("water", "power", "gas", "cable_tv", "bank", "insurance", "school", "hospital")


# Record rules read who acts for an organization: a change applies on the user's next request.
ACCESS_FIELDS = frozenset({"company_id", "user_ids", "verifier_ids", "head_id", "supervising_authority_id"})


class NoproofOrganization(models.Model):
    """A handling or assisting unit: a department, an institution or a
    public-service enterprise."""

    _name = "noproof.organization"
    _description = "No-Proof Organization"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=False, tracking=True)
    code = fields.Char(help="Unified social credit code or internal code of the unit.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Level",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    kind = fields.Selection(ORGANIZATION_KINDS, required=True, default="government", tracking=True)
    is_public_service = fields.Boolean(compute="_compute_is_public_service", store=True)
    supervising_authority_id = fields.Many2one(
        "noproof.organization",
        string="Supervising Authority",
        help="The industry authority (行业主管部门) that guides and supervises this unit "
        "(Taizhou art. 21, Luzhou art. 24).",
        tracking=True,
    )
    supervised_ids = fields.One2many("noproof.organization", "supervising_authority_id", string="Supervised Units")
    head_id = fields.Many2one(
        "res.users",
        string="Head",
        domain=[("noproof_staff", "=", True)],
        help="The head of the unit: first approver of its change requests. Offered: users with a No-Proof City "
        "role (Settings > Users).",
        tracking=True,
    )
    user_ids = fields.Many2many(
        "res.users",
        "noproof_organization_user_rel",
        "organization_id",
        "user_id",
        string="Staff",
        help="Users who act for this organization. Offered: users with a No-Proof City role (Settings > Users).",
    )
    verifier_ids = fields.Many2many(
        "res.users",
        "noproof_organization_verifier_rel",
        "organization_id",
        "user_id",
        string="Designated Verifiers",
        help="Staff designated to answer verification tickets (指定专人, Taizhou art. 11).",
    )

    phone = fields.Char()
    email = fields.Char()
    address = fields.Char()
    office_hours = fields.Char(
        help="When applicants are received, as the service guide prints it, e.g. 周一至周五 8:30–12:00, 14:30–17:30."
    )
    note = fields.Html()
    service_item_count = fields.Integer(compute="_compute_service_item_count")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(company_id, name)",
            "An organization with this name already exists at this level.",
        ),
    ]

    @api.depends("kind")
    def _compute_is_public_service(self):
        for organization in self:
            organization.is_public_service = organization.kind in PUBLIC_SERVICE_KINDS

    def _compute_service_item_count(self):
        counts = dict(
            self.env["noproof.service.item"]._read_group(
                [("organization_id", "in", self.ids)], ["organization_id"], ["__count"]
            )
        )
        for organization in self:
            organization.service_item_count = counts.get(organization, 0)

    @api.model_create_multi
    def create(self, vals_list):
        organizations = super().create(vals_list)
        self.env["res.users"]._noproof_access_changed()
        return organizations

    def write(self, vals):
        result = super().write(vals)
        if ACCESS_FIELDS.intersection(vals):
            self.env["res.users"]._noproof_access_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["res.users"]._noproof_access_changed()
        return result

    @api.constrains("company_id", "user_ids", "verifier_ids", "head_id")
    def _check_staff_company(self):
        for organization in self:
            outsiders = (organization.user_ids | organization.verifier_ids | organization.head_id).filtered(
                lambda user, org=organization: org.company_id not in user.company_ids
            )
            if outsiders:
                raise ValidationError(
                    _(
                        "%(users)s cannot act for %(organization)s: they have no access to %(level)s. "
                        "Give them access to that company first, or choose staff of %(level)s.",
                        users=", ".join(outsiders.mapped("name")),
                        organization=organization.name,
                        level=organization.company_id.name,
                    )
                )

    @api.constrains("user_ids", "verifier_ids")
    def _check_verifiers_are_staff(self):
        for organization in self:
            strangers = organization.verifier_ids - organization.user_ids
            if strangers:
                raise ValidationError(
                    _(
                        "Designated verifiers must be staff of %(organization)s: add %(users)s to its staff first.",
                        organization=organization.name,
                        users=", ".join(strangers.mapped("name")),
                    )
                )

    @api.constrains("supervising_authority_id", "kind")
    def _check_supervising_authority(self):
        if self._has_cycle("supervising_authority_id"):
            raise ValidationError(_("An organization cannot supervise itself, directly or through others."))
        for organization in self:
            if organization.is_public_service and not organization.supervising_authority_id:
                raise ValidationError(
                    _(
                        "%(organization)s is a public-service organization (%(kind)s): choose its supervising "
                        "authority, the industry department that guides and supervises it (行业主管部门, "
                        "%(article)s).",
                        article=organization.company_id._noproof_cite(
                            taizhou="Taizhou art. 21", luzhou="Luzhou arts. 4 and 24"
                        ),
                        organization=organization.name,
                        kind=dict(organization._fields["kind"]._description_selection(self.env))[organization.kind],
                    )
                )

    def _noproof_supervisor_users(self):
        """The active head and staff of the authority supervising these organizations (Taizhou art. 21, Luzhou
        art. 24); they read the supervised organizations' records through the supervision record rules."""
        authorities = self.supervising_authority_id
        return (authorities.head_id | authorities.user_ids).filtered("active")

    def action_view_service_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_catalog.action_noproof_service_item")
        action["domain"] = [("organization_id", "=", self.id)]
        action["context"] = {"default_organization_id": self.id, "default_company_id": self.company_id.id}
        return action
