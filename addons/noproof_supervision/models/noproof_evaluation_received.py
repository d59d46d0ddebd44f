from odoo import _, api, fields, models
from odoo.addons.noproof_verification.models.noproof_ticket_figures import PERIOD_FIGURES
from odoo.exceptions import ValidationError

MAX_ORGANIZATIONS = 500
MAX_FIGURE = 10**9


class NoproofEvaluationReceived(models.Model):
    """The figures of a month that an organization working on another instance (an enterprise under the
    guidance of its supervising authority: Taizhou art. 21, Luzhou arts. 4 and 24) sent to this instance.
    Written only by the signed message that carries them; the evaluation of the period adds them to the
    organization's line."""

    _name = "noproof.evaluation.received"
    _description = "Evaluation Figures from Another Instance"
    _inherit = ["noproof.workflow.mixin"]
    _order = "month desc, organization_id"
    _rec_name = "organization_id"
    _workflow_fields = (
        "peer_id",
        "organization_id",
        "month",
        "sender_level",
        "computed_at",
        "message_id",
        *PERIOD_FIGURES,
    )

    peer_id = fields.Many2one("noproof.exchange.peer", string="From Instance", required=True, readonly=True)
    organization_id = fields.Many2one("noproof.organization", required=True, readonly=True, index=True)
    company_id = fields.Many2one(related="organization_id.company_id", store=True, index=True, string="Level")
    month = fields.Date(required=True, readonly=True, index=True, help="First day of the month the figures cover.")
    sender_level = fields.Char(string="Sent by Level", readonly=True)
    computed_at = fields.Datetime(string="Measured On", readonly=True)
    message_id = fields.Many2one("noproof.exchange.message", string="Message", readonly=True)
    cancelled_count = fields.Integer(string="Cancelled", readonly=True)
    replaced_count = fields.Integer(string="Replaced", readonly=True)
    retained_count = fields.Integer(string="Retained", readonly=True)
    case_count = fields.Integer(string="Cases Decided", readonly=True)
    overdue_case_count = fields.Integer(string="Cases Past Deadline", readonly=True)
    commitment_count = fields.Integer(string="Commitments", readonly=True)
    check_count = fields.Integer(string="Checks", readonly=True)
    ticket_count = fields.Integer(string="Tickets Due", readonly=True)
    on_time_count = fields.Integer(string="Answered on Time", readonly=True)
    overdue_count = fields.Integer(string="Overdue Tickets", readonly=True)
    answered_count = fields.Integer(string="Tickets Answered", readonly=True)
    median_answer_hours = fields.Float(string="Median Answer (h)", readonly=True)
    supplement_count = fields.Integer(string="Supplement Requests", readonly=True)
    false_commitment_count = fields.Integer(string="False Commitments", readonly=True)

    _sql_constraints = [
        (
            "month_uniq",
            "unique(peer_id, organization_id, month)",
            "These figures were already received; a later message replaces them.",
        )
    ]

    @api.model
    def _noproof_clean_figures(self, figures):
        """The figures of a payload, checked: every figure, a number, none negative."""
        if not isinstance(figures, dict) or set(figures) != set(PERIOD_FIGURES):
            raise ValidationError(
                _("The figures must be exactly these: %(figures)s.", figures=", ".join(PERIOD_FIGURES))
            )
        clean = {}
        for key in PERIOD_FIGURES:
            value = figures[key]
            if key == "median_answer_hours":
                ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < MAX_FIGURE
            else:
                ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_FIGURE
            if not ok:
                raise ValidationError(_("“%(figure)s” must be a number, not negative.", figure=key))
            clean[key] = value
        return clean

    @api.model
    def _noproof_add_to(self, result, organizations, date_from, date_to):
        """Add the figures received for ``organizations`` in the months of the period to ``result``
        ({organization id: {figure: value}}), and mark those lines; one query."""
        groups = self.sudo()._read_group(
            [
                ("organization_id", "in", organizations.ids),
                ("month", ">=", date_from.replace(day=1)),
                ("month", "<=", date_to),
            ],
            ["organization_id"],
            [f"{key}:sum" for key in PERIOD_FIGURES if key != "median_answer_hours"] + ["id:recordset"],
        )
        summed = [key for key in PERIOD_FIGURES if key != "median_answer_hours"]
        for organization, *values in groups:
            records = values.pop()
            figures = result[organization.id]
            answered_here = figures.get("answered_count", 0)
            median_weight = answered_here * (figures.get("median_answer_hours") or 0.0)
            for record in records:
                median_weight += record.answered_count * record.median_answer_hours
            for key, value in zip(summed, values, strict=True):
                figures[key] = (figures.get(key) or 0) + (value or 0)
            if figures["answered_count"]:
                figures["median_answer_hours"] = round(median_weight / figures["answered_count"], 4)
            figures["received_figures"] = True
        return result
