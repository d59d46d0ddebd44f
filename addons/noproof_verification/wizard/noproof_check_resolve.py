from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.noproof_case_check import AUTOMATIC_RESOLUTIONS, RESOLUTIONS

ACTIONS = [
    ("resolve", "Resolve"),
    ("discrepancy", "Record a Discrepancy"),
    ("supplement_request", "Ask for a Supplement"),
]


class NoproofCheckResolveWizard(models.TransientModel):
    """What the clerk found for one check, with its evidence."""

    _name = "noproof.check.resolve.wizard"
    _description = "Resolve a Check"

    check_id = fields.Many2one("noproof.case.check", required=True, ondelete="cascade")
    certificate_id = fields.Many2one(related="check_id.certificate_id")
    alternative_method = fields.Text(related="check_id.alternative_method")
    action = fields.Selection(ACTIONS, required=True, default="resolve")
    resolution = fields.Selection(RESOLUTIONS)
    note = fields.Text(string="Evidence / Findings")
    counterparty = fields.Char(string="Third Party", help="The institution commissioned to verify the fact.")
    location = fields.Char(help="Where the on-site check took place.")
    supplement_certificate_ids = fields.Many2many(
        "noproof.certificate",
        "noproof_check_resolve_wizard_certificate_rel",
        "wizard_id",
        "certificate_id",
        string="Supplement Stands For",
        domain="[('id', 'in', allowed_certificate_ids)]",
        help="The certificates of the item's rules that the supplementary material stands for.",
    )
    allowed_certificate_ids = fields.Many2many("noproof.certificate", compute="_compute_allowed_certificate_ids")
    supplement_article = fields.Char(string="Article", compute="_compute_allowed_certificate_ids")
    attachment_ids = fields.Many2many(
        "ir.attachment", "noproof_check_resolve_wizard_attachment_rel", "wizard_id", "attachment_id", string="Files"
    )

    @api.depends("check_id")
    def _compute_allowed_certificate_ids(self):
        for wizard in self:
            check = wizard.check_id
            wizard.allowed_certificate_ids = check._noproof_supplement_certificates() if check else False
            wizard.supplement_article = check._noproof_supplement_article() if check else False

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        check = self.env["noproof.case.check"].browse(values.get("check_id"))
        if (
            values.get("action") == "supplement_request"
            and check.exists()
            and "supplement_certificate_ids" in fields_list
        ):
            values["supplement_certificate_ids"] = [fields.Command.set(check.certificate_id.ids)]
        return values

    @api.model
    def _noproof_manual_resolutions(self, check):
        allowed = [r for r in check._noproof_allowed_resolutions() if r not in AUTOMATIC_RESOLUTIONS]
        if check.state != "supplement":
            allowed = [r for r in allowed if r != "supplement"]
        return allowed

    def action_confirm(self):
        self.ensure_one()
        check = self.check_id
        if self.action == "discrepancy":
            if not (self.note or "").strip():
                raise UserError(_("Describe what does not agree with the application."))
            check._noproof_flag_discrepancy(self.note, source="investigation", kind="mismatch")
        elif self.action == "supplement_request":
            check._noproof_request_supplement(
                self.note, self.supplement_certificate_ids, attachments=self.attachment_ids
            )
        else:
            if self.resolution not in self._noproof_manual_resolutions(check):
                labels = dict(self._fields["resolution"]._description_selection(self.env))
                raise UserError(
                    _(
                        "%(certificate)s cannot be resolved as '%(resolution)s' by hand.",
                        certificate=check.certificate_id.name,
                        resolution=labels.get(self.resolution, self.resolution or ""),
                    )
                )
            check._noproof_resolve(
                self.resolution,
                self.note,
                attachments=self.attachment_ids,
                counterparty=self.counterparty,
                location=self.location,
            )
        return {"type": "ir.actions.act_window_close"}
