from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Each metric gives a component between 0 (worst) and 1 (best); see noproof.evaluation.line.
METRICS = [
    ("cancellation", "Certificates Not Required (share of rules)"),
    ("commitment", "Commitment Use (share of checks)"),
    ("on_time", "Tickets Answered on Time (share)"),
    ("complaints", "Substantiated Complaints (fewer is better)"),
    ("supplements", "Supplement Requests per Case (fewer is better)"),
]


class NoproofEvaluationMetric(models.Model):
    """The weight the office gives a metric in its level's evaluations."""

    _name = "noproof.evaluation.metric"
    _description = "Evaluation Weight"
    _order = "company_id, sequence, id"

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    metric = fields.Selection(METRICS, required=True)
    weight = fields.Float(required=True, help="Points out of 100.")

    _sql_constraints = [
        ("metric_uniq", "unique(company_id, metric)", "Each metric has one weight per level."),
        ("weight_range", "CHECK(weight >= 0 AND weight <= 100)", "A weight lies between 0 and 100 points."),
    ]

    @api.model
    def _weights(self, company):
        """The level's weights as {metric: points}; they must add up to 100."""
        metrics = self.search([("company_id", "=", company.id)])
        if not metrics:
            metrics = self.search([("company_id", "=", company.root_id.id)])
        weights = {metric.metric: metric.weight for metric in metrics}
        total = sum(weights.values())
        if round(total, 2) != 100:
            raise ValidationError(
                _(
                    "The evaluation weights of %(level)s add up to %(total)s points instead of 100. "
                    "Adjust them in No-Proof City › Configuration › Evaluation Weights.",
                    level=company.display_name,
                    total=round(total, 2),
                )
            )
        return weights

    @api.model
    def _setup_company(self, company_id):
        """Default weights: a starting point the office adjusts."""
        defaults = {"cancellation": 30, "on_time": 30, "complaints": 20, "supplements": 10, "commitment": 10}
        self.create(
            [
                {"company_id": company_id, "metric": metric, "weight": weight, "sequence": index}
                for index, (metric, weight) in enumerate(defaults.items())
            ]
        )
