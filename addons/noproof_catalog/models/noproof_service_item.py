from odoo import api, fields, models

ITEM_CATEGORIES = [
    ("licensing", "Administrative Licensing"),
    ("confirmation", "Administrative Confirmation"),
    ("payment", "Administrative Payment"),
    ("public_service", "Public Service"),
    ("other", "Other"),
]
# Items touching these matters are verified before approval (Luzhou art. 8).
RISK_CATEGORIES = [
    ("environment", "Environmental Protection"),
    ("production_safety", "Production Safety"),
    ("personal_relationship", "Personal Relationship"),
    ("major_property", "Disposal of Major Property"),
    ("fiscal_funds", "Fiscal Funds"),
    ("social_security_funds", "Social-Security Fund Payments"),
]


class NoproofServiceItem(models.Model):
    """A service item (办事项目): an administrative licence or public service for
    which applicants used to bring certificates."""

    _name = "noproof.service.item"
    _description = "Service Item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, code, name"
    _check_company_auto = True

    code = fields.Char(index=True, tracking=True)
    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    organization_id = fields.Many2one(
        "noproof.organization",
        string="Handling Organization",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    category = fields.Selection(ITEM_CATEGORIES, required=True, default="licensing", tracking=True)
    handling_type = fields.Selection(
        [("immediate", "Immediate (即办件)"), ("non_immediate", "Non-Immediate (承诺件)")],
        required=True,
        default="immediate",
        tracking=True,
    )
    risk_category = fields.Selection(
        RISK_CATEGORIES,
        tracking=True,
        help="Leave empty when the item may be approved as soon as the applicant signs a commitment (Luzhou art. 8).",
    )
    promised_days = fields.Integer(string="Promised Working Days", help="Legal or promised handling time.")
    description = fields.Html(string="Guide Notes")
    conditions = fields.Text(
        string="Conditions", help="Who may apply and on what conditions (申办条件), as the service guide states them."
    )
    case_properties_definition = fields.PropertiesDefinition(
        string="Application Form",
        help="The fields a clerk fills in when opening a case for this item.",
    )
    # The item is its own form's container so the administrator designs the form
    # on the item itself, with a live preview.
    form_designer_id = fields.Many2one("noproof.service.item", compute="_compute_form_designer_id")
    case_form_preview = fields.Properties(
        string="Form Preview", definition="form_designer_id.case_properties_definition", copy=False, precompute=False
    )
    rule_ids = fields.One2many("noproof.certificate.rule", "item_id", string="Certificate Rules", copy=True)
    rule_count = fields.Integer(compute="_compute_rule_counts")
    replaced_rule_count = fields.Integer(string="Certificates Not Required", compute="_compute_rule_counts")

    _sql_constraints = [
        ("code_company_uniq", "unique(company_id, code)", "Another service item of this level already uses this code."),
    ]

    def _compute_form_designer_id(self):
        for item in self:
            item.form_designer_id = item if isinstance(item.id, int) else False

    @api.depends("rule_ids.disposition", "rule_ids.state")
    def _compute_rule_counts(self):
        for item in self:
            live = item.rule_ids.filtered(lambda rule: rule.state in ("active", "suspended"))
            item.rule_count = len(live)
            item.replaced_rule_count = len(live.filtered(lambda rule: rule.disposition != "retained"))

    @api.depends("code", "name")
    def _compute_display_name(self):
        for item in self:
            item.display_name = f"[{item.code}] {item.name}" if item.code else item.name

    @api.onchange("organization_id")
    def _onchange_organization_id(self):
        if self.organization_id:
            self.company_id = self.organization_id.company_id

    def action_activate_rules(self):
        """Activate the item's draft rules in one go."""
        self.rule_ids.filtered(lambda rule: rule.state == "draft").action_activate()
        return True
