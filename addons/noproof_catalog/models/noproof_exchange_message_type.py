from odoo import fields, models


class NoproofExchangeMessageType(models.Model):
    """A kind of message instances exchange. Each add-on declares the types it
    carries (data file) and handles them in
    ``noproof.exchange.message._noproof_exchange_handlers()``."""

    _name = "noproof.exchange.message.type"
    _description = "Exchange Message Type"
    _order = "sequence, code"

    code = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)

    _sql_constraints = [("code_uniq", "unique(code)", "A message type with this code already exists.")]

    def _compute_display_name(self):
        for kind in self:
            kind.display_name = kind.name
