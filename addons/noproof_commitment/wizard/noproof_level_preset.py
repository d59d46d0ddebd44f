from odoo import _, models

# The commitment statute settings of each preset (README "Statute settings of a level"); the follow-up
# deadline is a deadline policy (below).
COMMITMENT_SETTINGS = {
    "taizhou": {
        "noproof_commitment_bar_months": 24,
        "noproof_commitment_rectification_days": 30,
        "noproof_false_promise_actor": "organization",
        "noproof_staff_exemption_rule": "by_law",
        "noproof_commitment_bar_policy": "decision",
        "noproof_commitment_fallback": "no",
    },
    "luzhou": {
        "noproof_commitment_bar_months": 0,
        "noproof_commitment_rectification_days": 30,
        "noproof_false_promise_actor": "organization",
        "noproof_staff_exemption_rule": "conditions",
        "noproof_commitment_bar_policy": "none",
        "noproof_commitment_fallback": "allowed",
    },
    "city": {
        "noproof_commitment_bar_months": 0,
        "noproof_false_promise_actor": False,
        "noproof_staff_exemption_rule": False,
        "noproof_commitment_bar_policy": False,
        "noproof_commitment_fallback": False,
    },
    "own": {"noproof_commitment_rectification_days": 30},
}
ARTICLE = {"taizhou": "台政办发〔2019〕17号 第八条", "luzhou": "泸市府发〔2019〕36号 第八条"}


class NoproofLevelPreset(models.TransientModel):
    """Commitment's part of a preset: settings, a general commitment template and the follow-up deadline."""

    _inherit = "noproof.level.preset"

    def _noproof_company_values(self):
        values = super()._noproof_company_values()
        values.update(COMMITMENT_SETTINGS[self.preset])
        return values

    def _noproof_policy_values(self, calendar):
        policies = super()._noproof_policy_values(calendar)
        luzhou = self.preset == "luzhou"
        policies["noproof.commitment"] = [
            {
                "company_id": self.company_id.id,
                "calendar_id": calendar.id,
                "name": _("Commitment Follow-Up Time"),
                "res_model": "noproof.commitment",
                "duration": 3,
                "duration_unit": "working_days",
                "time_basis": "calendar" if luzhou else "office",
                "legal_reference": ARTICLE.get(self.preset, False),
            }
        ]
        return policies

    def _noproof_apply(self):
        super()._noproof_apply()
        if self.preset != "city":
            self._noproof_apply_commitment_template()

    def _noproof_apply_commitment_template(self):
        """A general commitment template of the level (Taizhou art. 8, Luzhou art. 8), unless it has one."""
        Template = self.env["noproof.commitment.template"]
        company = self.company_id
        if Template.search_count([("company_id", "=", company.id)]):
            return
        article = ARTICLE.get(self.preset) or company.noproof_statute_name or ""
        Template.create(
            {
                "name": _("%(level)s Commitment (General)", level=company.name),
                "company_id": company.id,
                "sequence": 20,
                "content": _(
                    'I, {{applicant}} (identity number {{id_number}}), applying for "{{item}}", promise that what '
                    'the certificate "{{certificate}}" proved is true, accurate and complete.'
                ),
                "standard": _(
                    'What I promise meets the conditions of the service guide of "{{item}}"; {{organization}} told me '
                    "what to promise and by which standard."
                ),
                "liability": _(
                    "I know that if my promise is false, {{organization}} orders rectification within a time limit or "
                    "revokes the decision under the law; I bear the loss it causes (%(article)s).",
                    article=article,
                ),
                "verification_right": _(
                    "I agree that {{organization}} verifies what I promised afterwards, by shared data, "
                    "inter-department verification or on-site checks."
                ),
            }
        )
