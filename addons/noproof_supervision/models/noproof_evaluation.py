from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# Fields that a computed evaluation keeps (and a reported one, with its target score).
PERIOD_FIELDS = ("company_id", "period_type", "year", "period_number", "include_counties", "target_score")
PERIODS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]


class NoproofEvaluation(models.Model):
    """The office's periodic evaluation of a level and its counties, one line per
    organization (Taizhou art. 18–19, Luzhou art. 21, 23)."""

    _name = "noproof.evaluation"
    _description = "No-Proof Evaluation"
    _inherit = ["noproof.workflow.mixin", "mail.thread"]
    _order = "date_from desc, company_id"
    _workflow_fields = ("state", "computed_at", "ledger_anchor_id")

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
        readonly=True,
        tracking=True,
        copy=False,
    )
    target_score = fields.Float(default=lambda self: self.env.company.noproof_evaluation_target)
    line_ids = fields.One2many("noproof.evaluation.line", "evaluation_id", string="Organizations")
    interview_ids = fields.One2many("noproof.interview", "evaluation_id", string="Interviews")
    interview_count = fields.Integer(compute="_compute_interview_count")
    under_target_count = fields.Integer(compute="_compute_summary")
    average_score = fields.Float(compute="_compute_summary")
    computed_at = fields.Datetime(readonly=True, copy=False)
    ledger_anchor_id = fields.Many2one(
        "noproof.ledger.anchor",
        string="Ledger Chain Head",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The level's ledger chain head published last before the evaluation was reported; the report prints it "
        "so that a later rewrite of the ledger shows against what was published.",
    )

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

    def write(self, vals):
        """The period of a computed evaluation, and everything of a reported one, stay as computed."""
        if set(vals) & set(PERIOD_FIELDS) and not self._workflow_is_open():
            for evaluation in self.filtered(lambda evaluation: evaluation.state != "draft"):
                locked = set(vals) & set(PERIOD_FIELDS)
                if evaluation.state == "computed":
                    locked.discard("target_score")
                if any(not evaluation._workflow_same(name, vals[name], evaluation[name]) for name in locked):
                    raise UserError(
                        _(
                            "%(evaluation)s has been computed: its period and scope (and, once reported, its "
                            "target) stay as they were. Put it back to draft to change them.",
                            evaluation=evaluation.name,
                        )
                    )
        return super().write(vals)

    def unlink(self):
        reported = self.filtered(lambda evaluation: evaluation.state == "reported")
        if reported:
            raise UserError(
                _(
                    "%(evaluation)s has been reported to the government and cannot be deleted.",
                    evaluation=reported[0].name,
                )
            )
        return super().unlink()

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
            evaluation.line_ids._workflow().unlink()
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
            Line._rank(vals_list)
            Line._workflow_create(vals_list)
            evaluation._workflow().write({"state": "computed", "computed_at": fields.Datetime.now()})
        return True

    def action_report(self):
        for evaluation in self:
            if evaluation.state != "computed":
                raise UserError(_("Compute %s before reporting it.", evaluation.name))
        for evaluation in self:
            evaluation._workflow().write(
                {"state": "reported", "ledger_anchor_id": evaluation._latest_ledger_anchor().id}
            )
        return self.env.ref("noproof_supervision.action_report_noproof_evaluation").report_action(self)

    def action_print(self):
        """The evaluation's PDF, for whoever may read it (the office, the supervision window, the organizations)."""
        self.check_access("read")
        return self.env.ref("noproof_supervision.action_report_noproof_evaluation").report_action(self)

    def _latest_ledger_anchor(self):
        """The level's latest published ledger chain head (superuser record, possibly empty)."""
        self.ensure_one()
        return self.env["noproof.ledger.anchor"]._latest_for(self.company_id)

    def _report_ledger_anchor(self):
        """The chain head the report prints: the one of the report to the government, else the latest."""
        self.ensure_one()
        return self.sudo().ledger_anchor_id or self._latest_ledger_anchor()

    def action_reset(self):
        for evaluation in self:
            if evaluation.state == "reported":
                raise UserError(_("%s has been reported to the government and is frozen.", evaluation.name))
        self._workflow().write({"state": "draft"})

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
