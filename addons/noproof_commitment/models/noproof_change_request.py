from odoo import api, fields, models


class NoproofChangeRequest(models.Model):
    """A change request proposes the commitment template of a rule handled on commitment (and the fallback of Luzhou
    art. 14 ¶1); the approved request writes them onto the rule (Taizhou art. 8 ¶2, Luzhou art. 8 ¶2)."""

    _inherit = "noproof.change.request"

    commitment_template_id = fields.Many2one(
        "noproof.commitment.template",
        string="Commitment Template",
        tracking=True,
        domain="[('company_id', 'parent_of', company_id)] if company_id else []",
        help="The commitment the applicant signs in place of this certificate. Leave empty to use the level's "
        "template for this item or certificate.",
    )
    commitment_fallback = fields.Boolean(
        string="Commitment When Nothing Confirms",
        tracking=True,
        help="Luzhou art. 14 ¶1: when shared data or the verification ticket cannot confirm the fact, the clerk may "
        "handle this certificate on the applicant's commitment.",
    )
    current_commitment_template_id = fields.Many2one(
        related="rule_id.commitment_template_id", string="Current Commitment Template"
    )

    def write(self, vals):
        self._noproof_check_content_frozen(vals, {"commitment_template_id", "commitment_fallback"})
        return super().write(vals)

    @api.model
    def _noproof_rule_proposal(self, rule):
        return {
            **super()._noproof_rule_proposal(rule),
            "commitment_template_id": rule.commitment_template_id.id,
            "commitment_fallback": rule.commitment_fallback,
        }

    def _rule_values(self):
        values = super()._rule_values()
        fallback = self.commitment_fallback and self.disposition in ("data_sharing", "assistance")
        uses_template = self.disposition == "commitment" or fallback
        values["commitment_fallback"] = fallback
        values["commitment_template_id"] = self.commitment_template_id.id if uses_template else False
        return values
