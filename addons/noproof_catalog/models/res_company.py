from odoo import api, fields, models


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

    @api.depends("parent_id")
    def _compute_noproof_level(self):
        for company in self:
            if not company.noproof_level:
                company.noproof_level = "county" if company.parent_id else "city"
