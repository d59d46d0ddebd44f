from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.addons.noproof_verification.models.noproof_ticket_figures import PERIOD_FIGURES
from odoo.exceptions import UserError

# What the line measures: what the instance holds (noproof.ticket.figures) and the complaints.
FIGURES = (*PERIOD_FIGURES, "complaint_count", "substantiated_count")


class NoproofEvaluationLine(models.Model):
    """One organization's figures and score in an evaluation."""

    _name = "noproof.evaluation.line"
    _description = "Evaluation Line"
    _inherit = ["noproof.workflow.mixin"]
    _order = "evaluation_id, rank, id"
    # Lines are written by the evaluation's computation only: whose figures, the figures, the score.
    _workflow_fields = (
        "evaluation_id",
        "organization_id",
        *FIGURES,
        "received_figures",
        "score",
        "rank",
        "under_target",
    )

    evaluation_id = fields.Many2one("noproof.evaluation", required=True, index=True, ondelete="cascade")
    organization_id = fields.Many2one("noproof.organization", required=True, index=True)
    company_id = fields.Many2one(related="organization_id.company_id", store=True, string="Level")
    supervising_authority_id = fields.Many2one(
        related="organization_id.supervising_authority_id", store=True, index=True
    )
    date_from = fields.Date(related="evaluation_id.date_from", store=True)
    cancelled_count = fields.Integer(string="Cancelled", aggregator="sum")
    replaced_count = fields.Integer(string="Replaced", aggregator="sum")
    retained_count = fields.Integer(string="Retained", aggregator="sum")
    case_count = fields.Integer(string="Cases Decided", aggregator="sum")
    overdue_case_count = fields.Integer(
        string="Cases Past Deadline",
        aggregator="sum",
        help="Cases decided after their handling deadline in the period, and cases still open whose deadline "
        "passed in it (the deadline leaves out verification time: Taizhou art. 11 ¶4, Luzhou art. 10). Shown, "
        "not scored.",
    )
    check_count = fields.Integer(string="Checks", aggregator="sum")
    commitment_count = fields.Integer(string="Commitments", aggregator="sum")
    ticket_count = fields.Integer(string="Tickets Due", aggregator="sum")
    on_time_count = fields.Integer(string="Answered on Time", aggregator="sum")
    overdue_count = fields.Integer(string="Overdue Tickets", aggregator="sum")
    on_time_rate = fields.Float(string="On Time (%)", compute="_compute_rates", store=True, aggregator="avg")
    answered_count = fields.Integer(string="Tickets Answered", aggregator="sum")
    median_answer_hours = fields.Float(string="Median Answer (h)", aggregator="avg")
    median_answer_display = fields.Char(
        string="Median Answer Time",
        compute="_compute_median_answer_display",
        help="Half of the tickets answered in the period took at most this long; a dash when none was answered.",
    )
    complaint_count = fields.Integer(string="Complaints", aggregator="sum")
    substantiated_count = fields.Integer(string="Substantiated", aggregator="sum")
    supplement_count = fields.Integer(string="Supplement Requests", aggregator="sum")
    false_commitment_count = fields.Integer(
        string="False Commitments",
        aggregator="sum",
        help="Shown, never scored: a false promise is no fault of the office (Taizhou art. 8 ¶3, Luzhou art. 20).",
    )
    received_figures = fields.Boolean(
        string="Includes Figures from Its Instance",
        help="The organization works on an instance of its own (an enterprise: Taizhou art. 21, Luzhou art. 24): "
        "the figures it sent for the period are added to those held here. Where both sides answered tickets, the "
        "median answer time is the mean of their medians weighted by the tickets answered.",
    )
    score = fields.Float(aggregator="avg", digits=(5, 1))
    # Ranks are places, not quantities: a grouped list or a pivot never adds them up.
    rank = fields.Integer(aggregator=None, help="Dense ranking by score: equal scores share a place.")
    under_target = fields.Boolean(string="Under Target")

    def unlink(self):
        if not self._workflow_is_open():
            raise UserError(
                _(
                    "The lines of an evaluation are replaced only by computing the evaluation again. "
                    "Nothing was deleted."
                )
            )
        return super().unlink()

    @api.depends("ticket_count", "on_time_count")
    def _compute_rates(self):
        for line in self:
            line.on_time_rate = 100.0 * line.on_time_count / line.ticket_count if line.ticket_count else 100.0

    @api.depends("answered_count", "median_answer_hours")
    def _compute_median_answer_display(self):
        for line in self:
            line.median_answer_display = (
                self._format_duration(line.median_answer_hours * 60) if line.answered_count else "—"
            )

    @api.model
    def _format_duration(self, minutes):
        """Minutes as people read them: "2 h 05 min", "45 min", "3 h"."""
        minutes = round(minutes or 0)
        hours, minutes = divmod(minutes, 60)
        if not hours:
            return _("%(minutes)s min", minutes=minutes)
        if not minutes:
            return _("%(hours)s h", hours=hours)
        return _("%(hours)s h %(minutes)02d min", hours=hours, minutes=minutes)

    @api.model
    def _rank(self, vals_list):
        """Sort ``vals_list`` by score, best first, and give each its dense rank: equal scores share a
        place and the next score takes the next place (90, 90, 80 → 1, 1, 2)."""
        vals_list.sort(key=lambda vals: -vals["score"])
        rank, previous = 0, None
        for vals in vals_list:
            if vals["score"] != previous:
                rank, previous = rank + 1, vals["score"]
            vals["rank"] = rank
        return vals_list

    @api.model
    def _score(self, figures, weights):
        """Σ weight × component, each component in [0, 1] (1 = best)."""
        rules = figures.get("cancelled_count", 0) + figures.get("replaced_count", 0) + figures.get("retained_count", 0)
        components = {
            "cancellation": 1 - figures.get("retained_count", 0) / rules if rules else 1.0,
            "commitment": figures.get("commitment_count", 0) / figures["check_count"]
            if figures.get("check_count")
            else 0.0,
            "on_time": figures.get("on_time_count", 0) / figures["ticket_count"]
            if figures.get("ticket_count")
            else 1.0,
            "complaints": 1 / (1 + figures.get("substantiated_count", 0)),
            "supplements": max(0.0, 1 - figures.get("supplement_count", 0) / figures["case_count"])
            if figures.get("case_count")
            else 1.0,
        }
        return round(sum(weight * components[metric] for metric, weight in weights.items()), 1)

    @api.model
    def _period_bounds(self, date_from, date_to):
        """Local (Asia/Shanghai) midnights of the period as naive UTC datetimes."""
        tz = pytz.timezone(self.env.user.tz or "Asia/Shanghai")
        start = tz.localize(datetime.combine(date_from, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min)).astimezone(pytz.utc)
        return start, end.replace(tzinfo=None)

    @api.model
    def _figures(self, organizations, date_from, date_to):
        """{organization id: {figure: value}} for the period, by aggregate queries only: what this instance
        holds (noproof.ticket.figures), the complaints, and the figures the organizations' own instances sent
        (Taizhou art. 21, Luzhou arts. 4 and 24)."""
        start, end = self._period_bounds(date_from, date_to)
        org_ids = tuple(organizations.ids) or (0,)
        measured = self.env["noproof.ticket.figures"]._noproof_period_figures(organizations, start, end)
        result = {org_id: {**dict.fromkeys(FIGURES, 0), **measured[org_id]} for org_id in organizations.ids}
        cr = self.env.cr
        cr.execute(
            """SELECT target_organization_id, COUNT(*), COUNT(*) FILTER (WHERE substantiated = 'yes')
                 FROM noproof_complaint
                WHERE target_organization_id IN %s AND date_received >= %s AND date_received < %s
                  AND state != 'cancelled'
             GROUP BY target_organization_id""",
            [org_ids, start, end],
        )
        for org_id, count, substantiated in cr.fetchall():
            result[org_id].update(complaint_count=count or 0, substantiated_count=substantiated or 0)
        self.env["noproof.evaluation.received"]._noproof_add_to(result, organizations, date_from, date_to)
        return result
