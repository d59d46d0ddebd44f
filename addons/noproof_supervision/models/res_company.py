from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    noproof_evaluation_target = fields.Float(
        string="Evaluation Target Score",
        default=80.0,
        help="Organizations scoring below this are proposed for an interview (约谈).",
    )
    noproof_metric_ids = fields.One2many("noproof.evaluation.metric", "company_id", string="Evaluation Weights")
