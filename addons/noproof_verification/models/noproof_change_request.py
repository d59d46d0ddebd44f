from odoo import api, fields, models


class NoproofChangeRequest(models.Model):
    """A change request proposes the data source of a rule checked in shared data, and the approved request writes
    it onto the rule: without it a rule of data sharing could never take effect (Taizhou art. 6 ¶2, Luzhou art. 13)."""

    _inherit = "noproof.change.request"

    data_source_id = fields.Many2one(
        "noproof.data.source",
        string="Data Source",
        tracking=True,
        domain="[('company_id', 'parent_of', company_id)] if company_id else []",
        help="The shared dataset in which the fact is looked up (data sharing): one of the request's level or of "
        "its city.",
    )
    data_expectation = fields.Selection(
        [("found", "A Matching Record Exists"), ("absent", "No Record Exists")],
        string="Fact Established When",
        default="found",
        tracking=True,
    )
    current_data_source_id = fields.Many2one(related="rule_id.data_source_id", string="Current Data Source")

    def write(self, vals):
        self._noproof_check_content_frozen(vals, {"data_source_id", "data_expectation"})
        return super().write(vals)

    @api.model
    def _noproof_rule_proposal(self, rule):
        return {
            **super()._noproof_rule_proposal(rule),
            "data_source_id": rule.data_source_id.id,
            "data_expectation": rule.data_expectation or "found",
        }

    def _rule_values(self):
        values = super()._rule_values()
        sharing = self.disposition == "data_sharing"
        values["data_source_id"] = self.data_source_id.id if sharing else False
        if sharing:
            values["data_expectation"] = self.data_expectation or "found"
        return values
