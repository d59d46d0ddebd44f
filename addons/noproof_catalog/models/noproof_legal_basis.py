from datetime import datetime, time, timedelta

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
    date_expiry = fields.Date(
        string="Valid Until",
        tracking=True,
        index="btree_not_null",
        help="The last day of the text's validity period, e.g. a provisional measure (试行) valid for two years "
        "(Luzhou art. 25). After it the basis is no longer in force and the rules resting on it stop.",
    )
    days_to_expiry = fields.Integer(
        string="Days Left",
        compute="_compute_days_to_expiry",
        help="Days until the validity period ends; negative once it has lapsed.",
    )
    lapse_warning = fields.Char(compute="_compute_days_to_expiry")
    regulation_company_ids = fields.One2many(
        "res.company", "noproof_regulation_id", string="Programme Regulation Of", readonly=True
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

    @api.depends("date_expiry")
    @api.depends_context("date", "company")
    def _compute_days_to_expiry(self):
        today = fields.Date.context_today(self)
        warn_days = self.env.company._noproof_lapse_warning_days()
        for basis in self:
            basis.days_to_expiry = (basis.date_expiry - today).days if basis.date_expiry else 0
            basis.lapse_warning = basis._noproof_lapse_message(warn_days, today, self.env.company)

    def _noproof_lapse_message(self, warn_days, today, level):
        """The warning shown at ``level`` while the basis nears the end of its validity period
        (Luzhou art. 25), or ''."""
        self.ensure_one()
        if not self.date_expiry or self.date_expiry > today + timedelta(days=warn_days):
            return ""
        if self.date_expiry < today:
            return _(
                "%(basis)s lapsed on %(day)s at the end of its validity period (%(article)s).",
                article=level._noproof_cite(luzhou="Luzhou art. 25"),
                basis=self.display_name,
                day=self.date_expiry,
            )
        return _(
            "%(basis)s is valid until %(day)s (%(days)s days left, %(article)s): renew it, replace it or "
            "re-decide the certificates resting on it.",
            article=level._noproof_cite(luzhou="Luzhou art. 25"),
            basis=self.display_name,
            day=self.date_expiry,
            days=(self.date_expiry - today).days,
        )

    @api.model
    def _noproof_lapsing_domain(self, company=None):
        """Bases reaching the end of their validity period within the level's warning days, or lapsed while
        rules or a level still rest on them (Luzhou art. 25)."""
        company = company or self.env.company
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=company._noproof_lapse_warning_days())
        return [
            ("date_expiry", "!=", False),
            ("date_expiry", "<=", limit),
            "|",
            "|",
            ("date_expiry", ">=", today),
            ("rule_ids.state", "=", "active"),
            ("regulation_company_ids", "!=", False),
        ]

    def _noproof_lapse_date(self):
        """The first day the basis is no longer in force (repeal or end of validity), or ``False``."""
        self.ensure_one()
        ends = [self.date_repealed, self.date_expiry and self.date_expiry + timedelta(days=1)]
        ends = [day for day in ends if day]
        return min(ends) if ends else False

    @api.depends("date_effective", "date_repealed", "date_expiry")
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
            "|",
            ("date_expiry", "=", False),
            ("date_expiry", ">=", today),
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
        if vals.get("date_expiry"):
            # Luzhou art. 25: after its validity period the rules on it stop; wake the daily job the day after.
            cron = self.env.ref("noproof_catalog.ir_cron_noproof_lapsed_basis", raise_if_not_found=False)
            if cron:
                day = fields.Date.to_date(vals["date_expiry"]) + timedelta(days=1)
                cron.sudo()._trigger(at=max(datetime.combine(day, time.min), fields.Datetime.now()))
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
        return bool(
            self.date_effective
            and self.date_effective <= day
            and (not self.date_repealed or self.date_repealed > day)
            and (not self.date_expiry or self.date_expiry >= day)
        )

    @api.depends("name", "article")
    def _compute_display_name(self):
        for basis in self:
            basis.display_name = f"{basis.name} {basis.article}" if basis.article else basis.name

    @api.constrains("date_effective", "date_repealed", "date_expiry")
    def _check_dates(self):
        for basis in self:
            if basis.date_expiry and basis.date_expiry < basis.date_effective:
                raise ValidationError(_("%s cannot be valid until a day before it takes effect.", basis.display_name))
            if basis.date_repealed and basis.date_repealed <= basis.date_effective:
                raise ValidationError(
                    _("%s cannot be repealed before or on the day it takes effect.", basis.display_name)
                )

    @api.constrains("replaced_by_id")
    def _check_replaced_by(self):
        if self._has_cycle("replaced_by_id"):
            raise ValidationError(_("A legal basis cannot be replaced by itself, directly or through others."))
