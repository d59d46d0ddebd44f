from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class NoproofCertificateRule(models.Model):
    _inherit = "noproof.certificate.rule"

    data_source_id = fields.Many2one(
        "noproof.data.source",
        string="Data Source",
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('company_id', 'parent_of', company_id)] if company_id else []",
        help="The shared dataset in which the fact is looked up (data sharing): one of the rule's level or of "
        "its city.",
    )
    data_expectation = fields.Selection(
        [("found", "A Matching Record Exists"), ("absent", "No Record Exists")],
        string="Fact Established When",
        default="found",
        help="Most facts are proven by a matching record (household registration); some by the absence of "
        "any record (no housing, no criminal record).",
    )

    def _noproof_missing_counterpart(self):
        problem = super()._noproof_missing_counterpart()
        if problem or self.disposition != "data_sharing" or self.data_source_id:
            return problem
        return _(
            "%(certificate)s for %(item)s is checked in shared data: choose the data source to look it up in.",
            certificate=self.certificate_id.name,
            item=self.item_id.name,
        )

    @api.constrains("data_source_id", "item_id")
    def _check_data_source(self):
        for rule in self:
            problem = rule._noproof_missing_counterpart()
            if problem:
                raise ValidationError(problem)
            source = rule.sudo().data_source_id
            level = rule.sudo().company_id
            if source and source.company_id not in level | level.parent_id:
                raise ValidationError(
                    _(
                        "%(certificate)s for %(item)s cannot be looked up in %(data_source)s: that data source "
                        "belongs to %(source_level)s. A rule of %(level)s may use only a data source of its own "
                        "level or of its city.",
                        certificate=rule.certificate_id.name,
                        item=rule.item_id.name,
                        data_source=source.name,
                        source_level=source.company_id.name,
                        level=level.name,
                    )
                )
