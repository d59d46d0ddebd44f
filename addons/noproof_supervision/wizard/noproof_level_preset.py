from odoo import _, models

# Supervision's settings of each preset: Taizhou art. 18 ¶2 / Luzhou art. 22 (evaluation target); the complaint
# deadline (Taizhou art. 17 / Luzhou art. 17) is a deadline policy (below).
SUPERVISION_SETTINGS = {
    "taizhou": {"noproof_evaluation_target": 80.0},
    "luzhou": {"noproof_evaluation_target": 80.0},
    "city": {},
    "own": {"noproof_evaluation_target": 80.0},
}
ARTICLE = {"taizhou": "台政办发〔2019〕17号 第十七条", "luzhou": "泸市府发〔2019〕36号 第十七条"}


class NoproofLevelPreset(models.TransientModel):
    _inherit = "noproof.level.preset"

    def _noproof_company_values(self):
        values = super()._noproof_company_values()
        values.update(SUPERVISION_SETTINGS[self.preset])
        return values

    def _noproof_policy_values(self, calendar):
        policies = super()._noproof_policy_values(calendar)
        policies["noproof.complaint"] = [
            {
                "company_id": self.company_id.id,
                "calendar_id": calendar.id,
                "name": _("Complaint Handling Time"),
                "res_model": "noproof.complaint",
                "duration": 15,
                "duration_unit": "working_days",
                "time_basis": "calendar",
                "legal_reference": ARTICLE.get(self.preset, False),
            }
        ]
        return policies
