from odoo import _, api, fields, models
from odoo.exceptions import UserError


class NoproofLedgerOutboundWizard(models.TransientModel):
    """出具市外所需证明 (Luzhou art. 16): a body outside the city asks an applicant for a
    certificate; the clerk records the request, issues the certificate and it lands in the
    outbound register (an ``outbound_certificate`` entry of the level's ledger) in one go.
    Cancelled for use in the city or not, the certificate is issued (art. 16 ¶1)."""

    _name = "noproof.ledger.outbound.wizard"
    _description = "Issue a Certificate Needed Outside the City"

    allowed_organization_ids = fields.Many2many("noproof.organization", compute="_compute_allowed_organization_ids")
    organization_id = fields.Many2one(
        "noproof.organization",
        string="Issuing Organization",
        required=True,
        domain="[('id', 'in', allowed_organization_ids)]",
        default=lambda self: self.env["noproof.ledger.record.wizard"]._default_organization(),
    )
    applicant_id = fields.Many2one("res.partner", string="Applicant")
    applicant_name = fields.Char(
        compute="_compute_applicant", store=True, readonly=False, required=True, string="Applicant's Name"
    )
    contact = fields.Char(
        compute="_compute_applicant", store=True, readonly=False, required=True, help="How to reach the applicant."
    )
    certificate_id = fields.Many2one("noproof.certificate", string="Certificate")
    certificate_name = fields.Char(
        compute="_compute_certificate_name", store=True, readonly=False, required=True, string="Certificate Issued"
    )
    purpose = fields.Char(required=True, help="What the body outside the city needs the certificate for.")
    requesting_unit = fields.Char(required=True, help="The body outside the city that asks for the certificate.")
    statement = fields.Text(
        string="Certified Statement",
        help="What the certificate attests, as printed on it (e.g. 'has no criminal record in this city').",
    )
    article = fields.Char(compute="_compute_article", string="Kept Under")
    cancelled_notice = fields.Char(compute="_compute_cancelled_notice")

    def _compute_allowed_organization_ids(self):
        organizations = self.env["noproof.ledger.record.wizard"]._acting_organizations()
        for wizard in self:
            wizard.allowed_organization_ids = organizations

    @api.depends("applicant_id")
    def _compute_applicant(self):
        for wizard in self:
            if wizard.applicant_id:
                partner = wizard.applicant_id
                wizard.applicant_name = partner.name
                wizard.contact = partner.mobile or partner.phone or partner.email

    @api.depends("certificate_id")
    def _compute_certificate_name(self):
        for wizard in self:
            if wizard.certificate_id:
                wizard.certificate_name = wizard.certificate_id.name

    @api.depends("organization_id")
    def _compute_article(self):
        for wizard in self:
            company = wizard.organization_id.sudo().company_id or self.env.company
            wizard.article = company._noproof_cite(luzhou="Luzhou art. 16 ¶1 (issue) and ¶2 (register)")

    @api.depends("organization_id", "certificate_id")
    def _compute_cancelled_notice(self):
        for wizard in self:
            wizard.cancelled_notice = False
            company = wizard.organization_id.sudo().company_id
            if not (company and wizard.certificate_id):
                continue
            levels = company | company.parent_id
            listed = (
                self.env["noproof.cancellation.list.line"]
                .sudo()
                .search_count(
                    [
                        ("certificate_id", "=", wizard.certificate_id.id),
                        ("list_id.state", "=", "published"),
                        ("list_id.company_id", "in", levels.ids),
                    ],
                    limit=1,
                )
            )
            if listed:
                article = company._noproof_cite(luzhou="Luzhou art. 16 ¶1")
                wizard.cancelled_notice = _(
                    "%(certificate)s is cancelled or replaced for the items of this city, but a body outside the "
                    "city asks for it: issue it. Refusing because the certificate was cancelled is not allowed "
                    "(%(article)s).",
                    certificate=wizard.certificate_id.name,
                    article=article,
                )

    def action_issue(self):
        """Record the request in the outbound register and print the certificate issued."""
        self.ensure_one()
        if self.organization_id not in self.env["noproof.ledger.record.wizard"]._acting_organizations():
            raise UserError(
                _(
                    "You do not act for %(organization)s: issue the certificate for one of your organizations.",
                    organization=self.organization_id.sudo().name,
                )
            )
        entry = self.env["noproof.ledger.entry"].record(
            "outbound_certificate",
            organization=self.organization_id,
            applicant=self.applicant_id,
            certificate=self.certificate_id,
            applicant_name=self.applicant_name,
            contact=self.contact,
            certificate_name=self.certificate_name,
            purpose=self.purpose,
            requesting_unit=self.requesting_unit,
            result=self.statement or None,
        )
        action = self.env.ref("noproof_ledger.action_report_outbound_certificate").report_action(entry, config=False)
        action["close_on_report_download"] = True
        return action
