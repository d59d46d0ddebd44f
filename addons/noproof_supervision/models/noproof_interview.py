from odoo import _, api, fields, models
from odoo.exceptions import UserError


class NoproofInterview(models.Model):
    """An interview (约谈) of the leaders of an organization or county that
    implements the programme poorly (Taizhou art. 18 ¶2, Luzhou art. 22)."""

    _name = "noproof.interview"
    _description = "Interview (约谈)"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_planned desc, id desc"
    _workflow_fields = ("state", "date_held", "date_followed_up")

    name = fields.Char(compute="_compute_name", store=True)
    evaluation_id = fields.Many2one("noproof.evaluation", index=True, ondelete="set null")
    organization_id = fields.Many2one(
        "noproof.organization", string="Organization Interviewed", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(related="organization_id.company_id", store=True, string="Level")
    leaders = fields.Char(string="Leaders Interviewed", tracking=True)
    interviewers = fields.Char(help="Who conducts the interview on behalf of the government.")
    reason = fields.Text(required=True)
    date_planned = fields.Datetime(string="Date", tracking=True)
    minutes = fields.Html()
    follow_up = fields.Html(string="Follow-Up Commitments")
    follow_up_deadline = fields.Date(tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("followed_up", "Followed Up"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_held = fields.Datetime(string="Recorded as Held", readonly=True, copy=False)
    date_followed_up = fields.Datetime(string="Follow-Up Recorded", readonly=True, copy=False)

    @api.depends("organization_id", "date_planned")
    def _compute_name(self):
        for interview in self:
            interview.name = _("Interview of %(organization)s", organization=interview.organization_id.name or "")

    def action_hold(self):
        for interview in self:
            if interview.state != "planned":
                raise UserError(_("Only a planned interview can be held."))
            if not interview.leaders or not interview.date_planned or not interview.minutes:
                raise UserError(_("Record the leaders interviewed, the date and the minutes first."))
        self._workflow().write({"state": "held", "date_held": fields.Datetime.now()})

    def action_follow_up(self):
        for interview in self:
            if interview.state != "held" or not interview.follow_up:
                raise UserError(_("Record the follow-up of a held interview first."))
        self._workflow().write({"state": "followed_up", "date_followed_up": fields.Datetime.now()})

    def action_cancel(self):
        for interview in self:
            if interview.state not in ("planned", "held"):
                raise UserError(_("Only a planned or held interview can be cancelled."))
        self._workflow().write({"state": "cancelled"})
