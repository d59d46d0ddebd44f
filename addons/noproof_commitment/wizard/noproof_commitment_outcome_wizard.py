from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.noproof_commitment import MEASURES

MODES = [
    ("confirm", "Verified True"),
    ("false", "False Promise"),
    ("rectified", "Rectified"),
    ("revoke", "Revoke the Decision"),
]


class NoproofCommitmentOutcomeWizard(models.TransientModel):
    """What the follow-up of a commitment found, and what the office does about it."""

    _name = "noproof.commitment.outcome.wizard"
    _description = "Commitment Follow-Up"

    commitment_id = fields.Many2one("noproof.commitment", required=True, ondelete="cascade")
    content = fields.Text(related="commitment_id.content")
    mode = fields.Selection(MODES, required=True, default="confirm")
    note = fields.Text(string="Findings")
    measure = fields.Selection(MEASURES, default="rectification")
    rectification_deadline = fields.Date(
        string="Rectify By", compute="_compute_rectification_deadline", store=True, readonly=False
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_commitment_outcome_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Evidence",
    )

    @api.depends("commitment_id")
    def _compute_rectification_deadline(self):
        Commitment = self.env["noproof.commitment"]
        for wizard in self:
            company = wizard.commitment_id.company_id
            wizard.rectification_deadline = Commitment._noproof_rectification_default(company) if company else False

    def action_confirm(self):
        self.ensure_one()
        commitment = self.commitment_id
        if self.mode == "confirm":
            commitment._noproof_confirm(self.note, attachments=self.attachment_ids)
        elif self.mode == "false":
            commitment._noproof_declare_false(
                self.note,
                self.measure,
                rectification_deadline=self.rectification_deadline,
                attachments=self.attachment_ids,
            )
        elif self.mode == "rectified":
            commitment._noproof_mark_rectified(self.note, attachments=self.attachment_ids)
        elif self.mode == "revoke":
            commitment._noproof_revoke(self.note, attachments=self.attachment_ids)
        else:
            raise UserError(_("Choose what the follow-up found."))
        return {"type": "ir.actions.act_window_close"}
