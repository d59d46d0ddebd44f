from odoo import models

from .base import drop_other_statutes_from_html


class IrActionsActWindow(models.Model):
    _inherit = "ir.actions.act_window"

    def read(self, fields=None, load="_classic_read"):
        """The help of an empty list quotes the statute of the user's level only."""
        result = super().read(fields, load)
        statute = self.env["base"]._noproof_screen_statute()
        for values in result:
            if values.get("help"):
                values["help"] = drop_other_statutes_from_html(values["help"], statute)
        return result
