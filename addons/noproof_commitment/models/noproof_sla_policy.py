from odoo import fields, models


class NoproofSlaPolicy(models.Model):
    """Deadline policies also set the follow-up of commitments (Luzhou art. 8)."""

    _inherit = "noproof.sla.policy"

    res_model = fields.Selection(
        selection_add=[("noproof.commitment", "Commitment Follow-Up")],
        ondelete={"noproof.commitment": "cascade"},
    )
