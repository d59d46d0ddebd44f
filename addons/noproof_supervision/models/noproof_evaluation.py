from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

PERIODS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]


class NoproofEvaluation(models.Model):
    """The office's periodic evaluation of a level and its counties, one line per
    organization (Taizhou art. 18–19, Luzhou art. 21, 23)."""

    _name = "noproof.evaluation"
    _description = "No-Proof Evaluation"
    _inherit = ["mail.thread"]
    _order = "date_from desc, company_id"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    period_type = fields.Selection(PERIODS, string="Period", required=True, default="quarter")
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    period_number = fields.Integer(
        string="Quarter or Month", default=1, help="1–4 for a quarter, 1–12 for a month; ignored for a year."
    )
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True, help="Last day of the period, included.")
    include_counties = fields.Boolean(default=True, help="Evaluate the organizations of the counties too.")
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "Computed"), ("reported", "Reported to the Government")],
        default="draft",
        required=True,
        tracking=True,
    )
    target_score = fields.Float(default=lambda self: self.env.company.noproof_evaluation_target)
    line_ids = fields.One2many("noproof.evaluation.line", "evaluation_id", string="Organizations")
    interview_ids = fields.One2many("noproof.interview", "evaluation_id", string="Interviews")
    interview_count = fields.Integer(compute="_compute_interview_count")
    under_target_count = fields.Integer(compute="_compute_summary")
    average_score = fields.Float(compute="_compute_summary")
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "period_uniq",
            "unique(company_id, period_type, year, period_number)",
            "This level already has an evaluation of this period.",
        ),
    ]

    @api.depends("period_type", "year", "period_number")
    def _compute_dates(self):
        for evaluation in self:
            if not evaluation.year:
                evaluation.date_from = evaluation.date_to = False
                continue
            if evaluation.period_type == "year":
                start, months = date(evaluation.year, 1, 1), 12
            elif evaluation.period_type == "quarter":
                start, months = date(evaluation.year, 3 * (evaluation.period_number or 1) - 2, 1), 3
            else:
                start, months = date(evaluation.year, evaluation.period_number or 1, 1), 1
            evaluation.date_from = start
            evaluation.date_to = start + relativedelta(months=months, days=-1)

    @api.depends("company_id", "period_type", "year", "period_number")
    def _compute_name(self):
        for evaluation in self:
            if evaluation.period_type == "year":
                period = _("%(year)s", year=evaluation.year)
            elif evaluation.period_type == "quarter":
                period = _("%(year)s Q%(number)s", year=evaluation.year, number=evaluation.period_number)
            else:
                period = _("%(year)s-%(number)02d", year=evaluation.year, number=evaluation.period_number)
            evaluation.name = f"{evaluation.company_id.name} {period}"

    @api.constrains("period_type", "period_number", "year")
    def _check_period(self):
        for evaluation in self:
            limit = {"quarter": 4, "month": 12}.get(evaluation.period_type)
            if limit and not 1 <= evaluation.period_number <= limit:
                raise ValidationError(_("Choose a quarter from 1 to 4 or a month from 1 to 12."))
            if not 2000 <= evaluation.year <= 2100:
                raise ValidationError(_("Choose a year between 2000 and 2100."))

    def _compute_interview_count(self):
        for evaluation in self:
            evaluation.interview_count = len(evaluation.interview_ids)

    @api.depends("line_ids.score", "line_ids.under_target")
    def _compute_summary(self):
        for evaluation in self:
            lines = evaluation.line_ids
            evaluation.under_target_count = len(lines.filtered("under_target"))
            evaluation.average_score = sum(lines.mapped("score")) / len(lines) if lines else 0.0

    def _organizations(self):
        self.ensure_one()
        domain = [("company_id", "child_of" if self.include_counties else "=", self.company_id.id)]
        return self.env["noproof.organization"].search(domain)

    def action_compute(self):
        """Recompute every line from the other add-ons' records with a fixed number of aggregate queries."""
        Line = self.env["noproof.evaluation.line"]
        for evaluation in self:
            if evaluation.state == "reported":
                raise UserError(_("%s has been reported to the government and is frozen.", evaluation.name))
            weights = self.env["noproof.evaluation.metric"]._weights(evaluation.company_id)
            organizations = evaluation._organizations()
            figures = Line._figures(organizations, evaluation.date_from, evaluation.date_to)
            evaluation.line_ids.unlink()
            vals_list = []
            for organization in organizations:
                vals = {
                    "evaluation_id": evaluation.id,
                    "organization_id": organization.id,
                    **figures.get(organization.id, {}),
                }
                vals["score"] = Line._score(vals, weights)
                vals["under_target"] = vals["score"] < evaluation.target_score
                vals_list.append(vals)
            vals_list.sort(key=lambda vals: -vals["score"])
            for rank, vals in enumerate(vals_list, 1):
                vals["rank"] = rank
            Line.create(vals_list)
            evaluation.write({"state": "computed", "computed_at": fields.Datetime.now()})
        return True

    def action_report(self):
        for evaluation in self:
            if evaluation.state != "computed":
                raise UserError(_("Compute %s before reporting it.", evaluation.name))
        self.write({"state": "reported"})
        return self.env.ref("noproof_supervision.action_report_noproof_evaluation").report_action(self)

    def action_reset(self):
        self.write({"state": "draft"})

    def action_propose_interviews(self):
        """One interview (约谈) per organization under the target that has none yet."""
        Interview = self.env["noproof.interview"]
        for evaluation in self:
            done = evaluation.interview_ids.organization_id
            lines = evaluation.line_ids.filtered(
                lambda line, done=done: line.under_target and line.organization_id not in done
            )
            Interview.create(
                [
                    {
                        "evaluation_id": evaluation.id,
                        "organization_id": line.organization_id.id,
                        "reason": _(
                            "Score %(score).1f below the target %(target).1f in %(evaluation)s.",
                            score=line.score,
                            target=evaluation.target_score,
                            evaluation=evaluation.name,
                        ),
                    }
                    for line in lines
                ]
            )
        return self.action_view_interviews()

    def action_view_interviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_supervision.action_noproof_interview")
        action["domain"] = [("evaluation_id", "=", self.id)]
        action["context"] = {"default_evaluation_id": self.id}
        return action
