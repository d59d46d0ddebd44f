from odoo import fields, models


class NoproofDataSource(models.Model):
    """The expiry of a data source's key, watched by the setup checklist (issue 16)."""

    _inherit = "noproof.data.source"

    api_key_expiry = fields.Date(
        string="Key Valid Until",
        tracking=True,
        help="The last day the provider accepts the key (given with it); the setup checklist warns 30 days before.",
    )
