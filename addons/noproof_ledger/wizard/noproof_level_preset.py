from odoo import models

# The ledger's statute settings of each preset (Luzhou art. 11; Taizhou art. 16, Luzhou art. 18).
LEDGER_SETTINGS = {
    "taizhou": {"noproof_classified_channels": "allow", "noproof_unusual_access_threshold": 20},
    "luzhou": {"noproof_classified_channels": "refuse", "noproof_unusual_access_threshold": 20},
    "city": {"noproof_classified_channels": False, "noproof_unusual_access_threshold": 0},
    "own": {"noproof_unusual_access_threshold": 20},
}


class NoproofLevelPreset(models.TransientModel):
    _inherit = "noproof.level.preset"

    def _noproof_company_values(self):
        values = super()._noproof_company_values()
        values.update(LEDGER_SETTINGS[self.preset])
        return values
