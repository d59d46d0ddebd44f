from odoo import api, models


class NoproofEvaluationReport(models.AbstractModel):
    """The evaluation PDF, for whoever may read the evaluation: the office it is made for, the supervision
    window of the level and the organizations evaluated. It prints the lines the reader may read (an
    organization's staff see their own line), with the names of organizations and levels that the reader's
    own access rights would hide (a county's organization in a city's evaluation)."""

    _name = "report.noproof_supervision.report_noproof_evaluation"
    _description = "Evaluation Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        evaluations = self.env["noproof.evaluation"].browse(docids)
        evaluations.check_access("read")
        visible = self.env["noproof.evaluation.line"].search([("evaluation_id", "in", evaluations.ids)])
        lines = {
            evaluation.id: visible.filtered(lambda line, e=evaluation: line.evaluation_id == e).sudo()
            for evaluation in evaluations
        }
        return {
            "doc_ids": docids,
            "doc_model": "noproof.evaluation",
            "docs": evaluations,
            "lines": lines,
            "levels": {evaluation.id: self._levels(lines[evaluation.id]) for evaluation in evaluations},
            "complete": {
                evaluation.id: len(lines[evaluation.id]) == len(evaluation.sudo().line_ids)
                for evaluation in evaluations
            },
        }

    @api.model
    def _levels(self, lines):
        """The figures of the lines summed by level, in the order the levels first appear."""
        levels = []
        for level in lines.company_id:
            mine = lines.filtered(lambda line, level=level: line.company_id == level)
            levels.append(
                {
                    "name": level.name,
                    "count": len(mine),
                    "average": sum(mine.mapped("score")) / len(mine),
                    "retained": sum(mine.mapped("retained_count")),
                    "tickets": sum(mine.mapped("ticket_count")),
                    "overdue": sum(mine.mapped("overdue_count")),
                    "substantiated": sum(mine.mapped("substantiated_count")),
                }
            )
        return levels
