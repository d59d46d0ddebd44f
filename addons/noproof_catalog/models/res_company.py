from odoo import api, fields, models

# The regulation a level runs; where the two statutes differ, each difference is a
# setting of the level, and counties follow their city unless they set their own.
STATUTES = [
    ("taizhou", "Taizhou Regulation (台政办发〔2019〕17号)"),
    ("luzhou", "Luzhou Measures (泸市府发〔2019〕36号)"),
    ("own", "Own Regulation"),
]


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
            if not company.noproof_level:
                company.noproof_level = "county" if company.parent_id else "city"
