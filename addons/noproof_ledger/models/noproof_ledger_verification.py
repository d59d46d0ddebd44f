from odoo import fields, models


class NoproofLedgerVerification(models.Model):
    """One re-computation of a level's hash chain and what it found."""

    _name = "noproof.ledger.verification"
    _description = "Ledger Chain Verification"
    _order = "date desc, id desc"

    chain_id = fields.Many2one("noproof.ledger.chain", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="chain_id.company_id", store=True, string="Level")
    date = fields.Datetime(string="Verified On", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Verified By", readonly=True)
    trigger = fields.Selection(
        [("manual", "Verify Button"), ("cron", "Nightly Check"), ("report", "Printed Extract")], readonly=True
    )
    state = fields.Selection([("valid", "Intact"), ("broken", "Broken")], string="Result", required=True, readonly=True)
    entry_count = fields.Integer(string="Entries Verified", readonly=True)
    last_sequence = fields.Integer(string="Head No.", readonly=True)
    head_hash = fields.Char(readonly=True)
    broken_sequence = fields.Integer(string="First Broken No.", readonly=True)
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
    )
    message = fields.Text(string="Finding", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 2))
