from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.noproof_ledger_entry import CHANNELS, CLASSIFICATIONS, ENTRY_TYPES, TYPE_FIELDS


class NoproofLedgerRecordWizard(models.TransientModel):
    """Record a ledger entry by hand: an outbound certificate issued at the window,
    a certificate an applicant chose to provide, an on-site check, a correction …"""

    _name = "noproof.ledger.record.wizard"
    _description = "Record a Ledger Entry"

    entry_type = fields.Selection(ENTRY_TYPES, string="Type", required=True, default="outbound_certificate")
    article = fields.Char(compute="_compute_article", string="Kept Under")
    allowed_organization_ids = fields.Many2many("noproof.organization", compute="_compute_allowed_organization_ids")
    organization_id = fields.Many2one(
        "noproof.organization",
        string="Organization",
        required=True,
        domain="[('id', 'in', allowed_organization_ids)]",
        default=lambda self: self._default_organization(),
    )
    applicant_id = fields.Many2one("res.partner", string="Applicant")
    applicant_name = fields.Char(compute="_compute_applicant_name", store=True, readonly=False)
    contact = fields.Char(compute="_compute_contact", store=True, readonly=False)
    item_id = fields.Many2one("noproof.service.item", string="Service Item")
    certificate_id = fields.Many2one("noproof.certificate", string="Certificate")
    certificate_name = fields.Char(compute="_compute_certificate_name", store=True, readonly=False)
    purpose = fields.Char()
    requesting_unit = fields.Char()
    material = fields.Char()
    counterparty = fields.Char()
    location = fields.Char()
    channel = fields.Selection(CHANNELS)
    is_classified = fields.Boolean(string="Classified Matter")
    classification = fields.Selection(
        CLASSIFICATIONS, help="A matter involving a state or work secret (Luzhou art. 11). Leave empty if none."
    )
    channel_warning = fields.Char(compute="_compute_channel_warning")
    result = fields.Text(string="Findings")
    reason = fields.Text()
    corrects_id = fields.Many2one("noproof.ledger.entry", string="Corrects", readonly=True)
    attachment_ids = fields.Many2many(
        "ir.attachment", "noproof_ledger_record_wizard_attachment_rel", "wizard_id", "attachment_id", string="Files"
    )

    @api.model
    def _acting_organizations(self):
        user = self.env.user
        organizations = user.noproof_organization_ids
        if user.has_group("noproof_catalog.group_office"):
            organizations |= self.env["noproof.organization"].search(
                [("company_id", "child_of", self.env.companies.ids)]
            )
        return organizations

    @api.model
    def _default_organization(self):
        organizations = self.env.user.noproof_organization_ids
        return organizations.filtered(lambda org: org.company_id == self.env.company)[:1] or organizations[:1]

    def _compute_allowed_organization_ids(self):
        organizations = self._acting_organizations()
        for wizard in self:
            wizard.allowed_organization_ids = organizations

    @api.depends("entry_type", "organization_id")
    def _compute_article(self):
        Entry = self.env["noproof.ledger.entry"]
        for wizard in self:
            company = wizard.organization_id.sudo().company_id or self.env.company
            wizard.article = wizard.entry_type and Entry._noproof_requirement_article(wizard.entry_type, company)

    @api.depends("entry_type", "organization_id", "channel", "classification", "is_classified")
    def _compute_channel_warning(self):
        """Luzhou art. 11, told before recording: the same rule record() applies."""
        Entry = self.env["noproof.ledger.entry"]
        for wizard in self:
            wizard.channel_warning = (
                Entry._noproof_channel_refusal(
                    wizard.channel,
                    wizard.classification or wizard.is_classified,
                    wizard.organization_id.sudo().company_id or self.env.company,
                )
                if wizard.entry_type == "offline_exchange"
                else False
            )

    @api.depends("applicant_id")
    def _compute_applicant_name(self):
        for wizard in self:
            if wizard.applicant_id:
                wizard.applicant_name = wizard.applicant_id.name

    @api.depends("applicant_id")
    def _compute_contact(self):
        for wizard in self:
            if wizard.applicant_id:
                wizard.contact = wizard.applicant_id.mobile or wizard.applicant_id.phone or wizard.applicant_id.email

    @api.depends("certificate_id")
    def _compute_certificate_name(self):
        for wizard in self:
            if wizard.certificate_id:
                wizard.certificate_name = wizard.certificate_id.name

    def action_record(self):
        self.ensure_one()
        if self.organization_id not in self._acting_organizations():
            raise UserError(
                _(
                    "You do not act for %(organization)s: record the entry for one of your organizations.",
                    organization=self.organization_id.name,
                )
            )
        # The files were chosen in the client: each must be one the user may open (the ids are
        # taken as linked, not filtered by what the user may read, so that none is silently dropped).
        files = self.env["ir.attachment"].browse(self.sudo().attachment_ids.ids)
        files._noproof_check_readable()
        values = {name: self[name] for name in TYPE_FIELDS if self[name]}
        entry = self.env["noproof.ledger.entry"].record(
            self.entry_type,
            organization=self.organization_id,
            applicant=self.applicant_id,
            item=self.item_id,
            certificate=self.certificate_id,
            reason=self.reason,
            attachments=files,
            corrects=self.corrects_id,
            **values,
        )
        form = (
            "noproof_ledger.noproof_ledger_outbound_view_form"
            if entry.entry_type == "outbound_certificate"
            else ("noproof_ledger.noproof_ledger_entry_view_form")
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "noproof.ledger.entry",
            "res_id": entry.id,
            "views": [(self.env.ref(form).id, "form")],
            "target": "current",
        }
