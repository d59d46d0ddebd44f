from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools.statute import format_citation

_lt = LazyTranslate(__name__)

# The regulation a level runs; where the two statutes differ, each difference is a
# setting of the level, and counties follow their city unless they set their own.
STATUTES = [
    ("taizhou", "Taizhou Regulation (台政办发〔2019〕17号)"),
    ("luzhou", "Luzhou Measures (泸市府发〔2019〕36号)"),
    ("own", "Own Regulation"),
]

# How screens, letters and public pages name the statute a level runs.
STATUTE_TITLES = {"taizhou": _lt("Taizhou Regulation"), "luzhou": _lt("Luzhou Measures")}

DEFAULT_LAPSE_WARNING_DAYS = 90


class ResCompany(models.Model):
    """An administrative level that keeps its own cancellation list: the city,
    a county (``parent_id`` = its city) or an enterprise on its own instance."""

    _inherit = "res.company"

    noproof_level = fields.Selection(
        [("city", "City"), ("county", "County"), ("enterprise", "Enterprise")],
        string="No-Proof Level",
        compute="_compute_noproof_level",
        store=True,
        readonly=False,
    )
    noproof_office_id = fields.Many2one(
        "noproof.organization",
        string="Joint-Conference Office",
        help="The organization hosting this level's joint-conference office "
        "(跑改办 in Taizhou, 司法局 in Luzhou). It approves new certificates and "
        "receives the counties' filings.",
    )
    noproof_member_ids = fields.Many2many(
        "noproof.organization",
        "noproof_company_member_rel",
        "company_id",
        "organization_id",
        string="Conference Members",
    )
    noproof_organization_ids = fields.One2many("noproof.organization", "company_id", string="Organizations")
    noproof_statute = fields.Selection(
        STATUTES,
        string="Statute",
        help="The regulation this level runs and whose articles its screens, letters and public pages quote. "
        "Leave it empty on a county to follow its city.",
    )
    noproof_statute_name = fields.Char(
        string="Own Regulation",
        help="The short title of the level's own regulation, quoted on its screens, e.g. 温州规定.",
    )
    noproof_statute_effective = fields.Selection(
        STATUTES, string="Statute in Force", compute="_compute_noproof_statute_effective"
    )
    # ------------------------------------------------------- statute settings
    # Each is empty on a county to follow its city (see _noproof_setting); README
    # "Configuring a level (no code)" and readme/STATUTES.md list them with their articles.
    noproof_new_certificate_approval = fields.Selection(
        [
            ("office", "The joint-conference office must be among the approvers"),
            ("chain", "The level's approval chain decides"),
        ],
        string="Approval of a New Certificate",
        help="Taizhou art. 6 ¶2: a certificate added after publication, or turned into a requirement, is approved "
        "only with this level's joint-conference office among the approvers of its change request. "
        "Empty on a county: as its city.",
    )
    noproof_zero_certificate = fields.Selection(
        [
            ("yes", "Zero certificates: each retained certificate needs the office's approval"),
            ("no", "Certificates a law requires may be retained"),
        ],
        string="Zero-Certificate Target",
        help="Luzhou art. 7 ¶1 (索要证明数量为0): every certificate the applicant still brings needs the "
        "joint-conference office's explicit approval before it takes effect, and is marked on the public list. "
        "Taizhou art. 2 ¶2 allows certificates a law requires. Empty on a county: as its city.",
    )
    noproof_exclude_higher_level = fields.Selection(
        [
            ("yes", "Items handled by a higher level are excluded too"),
            ("no", "Only certificates from outside the city are excluded"),
        ],
        string="Exclusions",
        help="Certificates issued outside the city that cannot be checked online are outside the regulation "
        "(Taizhou art. 3 ¶2, Luzhou art. 4 ¶2); Taizhou art. 3 ¶2 also excludes items that this level only "
        "pre-examines for a higher level. Empty on a county: as its city.",
    )
    noproof_regulation_id = fields.Many2one(
        "noproof.legal.basis",
        string="Programme Regulation",
        help="The regulation of the No-Proof City programme this level runs, with its validity period "
        "(Luzhou art. 25: 有效期2年). Empty on a county: as its city.",
    )
    noproof_public_url = fields.Char(
        string="Public Address",
        help="The address citizens reach the public pages of this level at (e.g. https://0zm.taizhou.gov.cn): "
        "QR codes, receipts and letters print it. Empty on a county: as its city; unset everywhere: the "
        "server's base URL (web.base.url).",
    )
    noproof_lapse_warning_days = fields.Integer(
        string="Warn Before a Legal Basis Lapses (days)",
        help="How many days before a legal basis or the programme regulation reaches the end of its validity "
        "period the lists and the overview warn (Luzhou art. 25). 0 on a county: as its city; "
        "unset everywhere: 90 days.",
    )

    @api.depends("noproof_statute", "parent_id.noproof_statute")
    def _compute_noproof_statute_effective(self):
        for company in self:
            company.noproof_statute_effective = company._noproof_setting("noproof_statute")

    def _noproof_setting(self, field_name):
        """A level setting in force here: the level's own value, else the nearest parent
        level's (a county follows its city); ``False`` when none is set. A setting is
        unset when it is empty (False, 0, "" or an empty recordset)."""
        self.ensure_one()
        company = self.sudo()
        while company:
            if company[field_name]:
                return company[field_name]
            company = company.parent_id
        return self.env["res.company"][field_name] if self._fields[field_name].relational else False

    @api.constrains("noproof_public_url")
    def _check_noproof_public_url(self):
        for company in self.filtered("noproof_public_url"):
            url = company.noproof_public_url.strip()
            if not url.startswith(("https://", "http://")) or any(char.isspace() for char in url):
                raise ValidationError(
                    _(
                        "%(level)s: the public address must be a web address such as https://0zm.example.gov.cn.",
                        level=company.name,
                    )
                )

    def _noproof_public_url(self):
        """The public address of this level's pages, without a trailing slash: its setting (a county follows its
        city), else web.base.url. Never the host of whoever made the last request."""
        self.ensure_one()
        url = self._noproof_setting("noproof_public_url")
        if not url:
            url = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        return url.strip().rstrip("/")

    def _noproof_lapse_warning_days(self):
        """Days of warning before a legal basis lapses here (Luzhou art. 25)."""
        self.ensure_one()
        return self._noproof_setting("noproof_lapse_warning_days") or DEFAULT_LAPSE_WARNING_DAYS

    def _noproof_cite(self, taizhou=None, luzhou=None):
        """The provision to quote at this level, in the reader's language: the article of the
        statute it runs ("Taizhou art. 8 ¶3"), never another city's. Where its statute has no
        such article, or the level runs its own regulation, the title of the regulation it runs."""
        company = self[:1] or self.env.company
        article = {"taizhou": taizhou, "luzhou": luzhou}.get(company.noproof_statute_effective)
        if article:
            return format_citation(str(article), self.env.lang)
        return company._noproof_statute_title()

    def _noproof_statute_title(self):
        """The short title of the regulation this level runs, as its screens quote it."""
        company = self[:1] or self.env.company
        statute = company.noproof_statute_effective
        if statute in STATUTE_TITLES:
            return str(STATUTE_TITLES[statute])
        return company._noproof_setting("noproof_statute_name") or _("the level's No-Proof City regulation")

    def _noproof_setting_source(self, field_name):
        """The level whose value of ``field_name`` is in force here, or an empty recordset."""
        self.ensure_one()
        company = self.sudo()
        while company and not company[field_name]:
            company = company.parent_id
        return company.with_env(self.env)

    @api.depends("parent_id")
    def _compute_noproof_level(self):
        for company in self:
            if company.noproof_level != "enterprise":
                company.noproof_level = "county" if company.parent_id else "city"
