from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class NoproofCertificateRule(models.Model):
    _inherit = "noproof.certificate.rule"

    commitment_template_id = fields.Many2one(
        "noproof.commitment.template",
        string="Commitment Template",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        help="The commitment the applicant signs in place of this certificate. Leave empty to use the level's "
        "template for this item or certificate (Taizhou art. 8 ¶2, Luzhou art. 8 ¶2).",
    )
    commitment_fallback = fields.Boolean(
        string="Commitment When Nothing Confirms",
        tracking=True,
        help="Luzhou art. 14 ¶1: when the look-up in shared data finds no data, or the verification ticket answers "
        "that there is no such information, the clerk may handle this certificate on the applicant's commitment, "
        "with the template below (or the level's).",
    )
    effective_commitment_template_id = fields.Many2one(
        "noproof.commitment.template",
        compute="_compute_effective_commitment_template_id",
        string="Template Used",
        help="The template an applicant signs for this rule today.",
    )

    @api.depends(
        "commitment_template_id", "commitment_fallback", "disposition", "item_id", "certificate_id", "company_id"
    )
    def _compute_effective_commitment_template_id(self):
        Template = self.env["noproof.commitment.template"]
        for rule in self:
            is_commitment = (
                (rule.disposition == "commitment" or rule.commitment_fallback) and rule.item_id and rule.certificate_id
            )
            rule.effective_commitment_template_id = Template._noproof_for_rule(rule) if is_commitment else Template

    @api.constrains("commitment_template_id", "item_id")
    def _check_commitment_template_level(self):
        for rule in self.filtered("commitment_template_id"):
            template = rule.commitment_template_id.sudo()
            if template.company_id not in rule.company_id.sudo().parent_ids:
                raise ValidationError(
                    _(
                        "%(template)s belongs to %(level)s: %(item)s of %(own)s cannot use it. Choose a template "
                        "of %(own)s or of its city.",
                        template=template.name,
                        level=template.company_id.name,
                        item=rule.item_id.name,
                        own=rule.company_id.name,
                    )
                )
