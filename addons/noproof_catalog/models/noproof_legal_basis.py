from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

LEGAL_LEVELS = [
    ("law", "Law"),
    ("administrative_regulation", "Administrative Regulation"),
    ("local_regulation", "Local Regulation"),
    ("department_rule", "Department Rule"),
    ("local_rule", "Local Government Rule"),
    ("normative_document", "Normative Document"),
    ("other", "Other"),
]
# Only laws and regulations (法律、法规) may set a certificate: Taizhou art. 7.
CERTIFICATE_SETTING_LEVELS = ("law", "administrative_regulation", "local_regulation")


class NoproofLegalBasis(models.Model):
    _name = "noproof.legal.basis"
    _description = "Legal Basis"
    _inherit = ["mail.thread"]
    _order = "name, article"

    name = fields.Char(string="Law or Regulation", required=True, tracking=True)
    article = fields.Char(help="Article and paragraph, e.g. 第十条第二款.", tracking=True)
    level = fields.Selection(LEGAL_LEVELS, string="Level of Law", required=True, default="law", tracking=True)
    issuing_authority = fields.Char()
    document_number = fields.Char(help="Issuing number, e.g. 国务院令第649号.")
    date_effective = fields.Date(string="Effective From", required=True, tracking=True)
    date_repealed = fields.Date(
        string="Repealed or Amended On",
        tracking=True,
        index="btree_not_null",
        help="From this date the rules resting on this basis stop (Taizhou art. 6 ¶3).",
    )
    replaced_by_id = fields.Many2one(
        "noproof.legal.basis",
        string="Replaced By",
        tracking=True,
        help="The amended text that replaces this one, if any.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Level",
        index=True,
        help="Leave empty for national and provincial texts that every level uses.",
    )
    url = fields.Char(string="Source URL")
    text = fields.Text(string="Provision Text")
    active = fields.Boolean(default=True)
    may_set_certificate = fields.Boolean(
        compute="_compute_may_set_certificate",
        store=True,
        help="Laws and regulations may set a certificate; rules and normative documents may not (Taizhou art. 7).",
    )
    is_in_force = fields.Boolean(compute="_compute_is_in_force", search="_search_is_in_force")
    rule_ids = fields.One2many("noproof.certificate.rule", "legal_basis_id", string="Rules")
    live_rule_count = fields.Integer(string="Rules in Force", compute="_compute_live_rule_count")

    @api.depends("level")
    def _compute_may_set_certificate(self):
        for basis in self:
            basis.may_set_certificate = basis.level in CERTIFICATE_SETTING_LEVELS

    @api.depends("date_effective", "date_repealed")
    @api.depends_context("date")
    def _compute_is_in_force(self):
        today = fields.Date.context_today(self)
        for basis in self:
            basis.is_in_force = basis.is_in_force_on(today)

    def _search_is_in_force(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on 'In Force'."))
        today = fields.Date.context_today(self)
        domain = [
            ("date_effective", "<=", today),
            "|",
            ("date_repealed", "=", False),
            ("date_repealed", ">", today),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_live_rule_count(self):
        counts = dict(
            self.env["noproof.certificate.rule"]._read_group(
                [("legal_basis_id", "in", self.ids), ("state", "=", "active")], ["legal_basis_id"], ["__count"]
            )
        )
        for basis in self:
            basis.live_rule_count = counts.get(basis, 0)

    def write(self, vals):
        res = super().write(vals)
        if vals.get("date_repealed"):
            # Taizhou art. 6 ¶3: the rules on it stop from that day; wake the daily job then.
            cron = self.env.ref("noproof_catalog.ir_cron_noproof_lapsed_basis", raise_if_not_found=False)
            if cron:
                day = fields.Date.to_date(vals["date_repealed"])
                cron.sudo()._trigger(at=max(datetime.combine(day, time.min), fields.Datetime.now()))
        return res

    def action_view_rules(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_catalog.action_noproof_certificate_rule")
        action["domain"] = [("legal_basis_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.private
    def is_in_force_on(self, day):
        self.ensure_one()
        return self.date_effective <= day and (not self.date_repealed or self.date_repealed > day)

    @api.depends("name", "article")
    def _compute_display_name(self):
        for basis in self:
            basis.display_name = f"{basis.name} {basis.article}" if basis.article else basis.name

    @api.constrains("date_effective", "date_repealed")
    def _check_dates(self):
        for basis in self:
            if basis.date_repealed and basis.date_repealed <= basis.date_effective:
                raise ValidationError(
                    _("%s cannot be repealed before or on the day it takes effect.", basis.display_name)
                )

    @api.constrains("replaced_by_id")
    def _check_replaced_by(self):
        if self._has_cycle("replaced_by_id"):
            raise ValidationError(_("A legal basis cannot be replaced by itself, directly or through others."))
