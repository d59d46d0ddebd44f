from odoo import fields, models


class NoproofSlaPolicy(models.Model):
    """Deadline policies also set how long a complaint may take (Taizhou art. 17, Luzhou art. 17)."""

    _inherit = "noproof.sla.policy"

    res_model = fields.Selection(
        selection_add=[("noproof.complaint", "Complaint")],
        ondelete={"noproof.complaint": "cascade"},
    )
