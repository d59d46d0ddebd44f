from odoo import api, fields, models

CERTIFICATE_CATEGORIES = [
    ("identity", "Identity and Household"),
    ("relationship", "Kinship and Marriage"),
    ("residence", "Residence"),
    ("property", "Property and Assets"),
    ("income", "Income and Employment"),
    ("health", "Health and Disability"),
    ("conduct", "Conduct and Credit"),
    ("enterprise", "Enterprise Status"),
    ("other", "Other"),
]


class NoproofCertificate(models.Model):
    """A kind of certificate (证明材料) that applicants used to bring: issued by a
    third party, not held by the applicant, proving a specific fact."""

    _name = "noproof.certificate"
    _description = "Certificate"
    _inherit = ["mail.thread"]
    _order = "category, name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(index=True)
    category = fields.Selection(CERTIFICATE_CATEGORIES, required=True, default="other")
    usual_issuer = fields.Char(string="Usually Issued By", help="Who used to issue it, e.g. 村(居)委会, 派出所.")
    description = fields.Text(help="What fact it proves.")
    company_id = fields.Many2one(
        "res.company", string="Level", index=True, help="Leave empty to share it with every level."
    )
    active = fields.Boolean(default=True)
    rule_ids = fields.One2many("noproof.certificate.rule", "certificate_id", string="Rules")
    rule_count = fields.Integer(compute="_compute_rule_count")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Another certificate already uses this code."),
    ]

    @api.depends("rule_ids")
    def _compute_rule_count(self):
        counts = dict(
            self.env["noproof.certificate.rule"]._read_group(
                [("certificate_id", "in", self.ids)], ["certificate_id"], ["__count"]
            )
        )
        for certificate in self:
            certificate.rule_count = counts.get(certificate, 0)
