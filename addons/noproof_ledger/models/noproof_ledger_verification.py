from odoo import _, fields, models
from odoo.exceptions import UserError

from .append_only import install_append_only


class NoproofLedgerVerification(models.Model):
    """One re-computation of a level's hash chain and what it found.

    Written once by the chain's verification (never changed or deleted, by the
    ORM's workflow guard and by PostgreSQL triggers)."""

    _name = "noproof.ledger.verification"
    _description = "Ledger Chain Verification"
    _inherit = ["noproof.workflow.mixin"]
    _order = "date desc, id desc"
    _workflow_fields = (
        "chain_id",
        "company_id",
        "date",
        "user_id",
        "trigger",
        "state",
        "entry_count",
        "last_sequence",
        "head_hash",
        "broken_sequence",
        "broken_kind",
        "message",
        "duration",
    )

    chain_id = fields.Many2one(
        "noproof.ledger.chain", required=True, readonly=True, index=True, ondelete="restrict", copy=False
    )
    # Set with the row (not a stored related field, which the ORM would write in a second statement).
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, readonly=True, index=True, ondelete="restrict", copy=False
    )
    date = fields.Datetime(string="Verified On", required=True, readonly=True, index=True, copy=False)
    user_id = fields.Many2one("res.users", string="Verified By", readonly=True, ondelete="restrict", copy=False)
    trigger = fields.Selection(
        [("manual", "Verify Button"), ("cron", "Nightly Check"), ("report", "Printed Extract")],
        readonly=True,
        copy=False,
    )
    state = fields.Selection(
        [("valid", "Intact"), ("broken", "Broken")], string="Result", required=True, readonly=True, copy=False
    )
    entry_count = fields.Integer(string="Entries Verified", readonly=True, copy=False)
    last_sequence = fields.Integer(string="Head No.", readonly=True, copy=False)
    head_hash = fields.Char(readonly=True, copy=False)
    broken_sequence = fields.Integer(string="First Broken No.", readonly=True, copy=False)
    broken_kind = fields.Selection(
        [
            ("missing", "Missing Entry"),
            ("altered", "Altered Entry"),
            ("link", "Broken Link"),
            ("order", "Duplicate or Misplaced Entry"),
            ("head", "Head Mismatch"),
        ],
        string="Finding Kind",
        readonly=True,
        copy=False,
    )
    message = fields.Text(string="Finding", readonly=True, copy=False)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 2), copy=False)

    def init(self):
        install_append_only(self.env.cr, self._table)

    def write(self, vals):
        raise UserError(_("A chain verification is kept for inspection as it was found and cannot be changed."))

    def unlink(self):
        raise UserError(_("A chain verification is kept for inspection and cannot be deleted."))
