from odoo import _, api, fields, models
from odoo.exceptions import UserError


class NoproofTicketEscalation(models.Model):
    """A verification ticket left unanswered past its deadline, reported to the
    joint-conference office that organizes an investigation: the requesting
    level's (Taizhou art. 11 ¶3) or its city's (Luzhou art. 12), as the level's
    setting ``noproof_overdue_office`` says. One per ticket."""

    _name = "noproof.ticket.escalation"
    _description = "Overdue Ticket Escalation"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "escalated_at desc, id desc"
    # Written by the overdue scan and the office's "investigated" button only.
    _workflow_fields = (
        "ticket_id",
        "company_id",
        "office_company_id",
        "office_organization_id",
        "deadline",
        "escalated_at",
        "state",
    )
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        "noproof.verification.ticket", string="Ticket", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", string="Level", required=True, index=True, readonly=True)
    office_company_id = fields.Many2one(
        "res.company",
        string="Reported To Level",
        index=True,
        readonly=True,
        help="The level whose joint-conference office receives the report: the requesting level (Taizhou art. "
        "11 ¶3) or its city (Luzhou art. 12), as the level's setting says.",
    )
    office_organization_id = fields.Many2one(
        "noproof.organization", string="Joint-Conference Office", index=True, readonly=True
    )
    article = fields.Char(
        string="Reported Under",
        compute="_compute_article",
        help="The article under which the office receives the report, as the requesting level's statute says.",
    )
    requesting_organization_id = fields.Many2one(related="ticket_id.requesting_organization_id", store=True)
    assisting_organization_id = fields.Many2one(related="ticket_id.assisting_organization_id", store=True, index=True)
    verifier_id = fields.Many2one(related="ticket_id.assigned_user_id", string="Verifier")
    ticket_state = fields.Selection(related="ticket_id.state", string="Ticket Status")
    deadline = fields.Datetime(readonly=True, copy=False)
    escalated_at = fields.Datetime(readonly=True, index=True, copy=False)
    state = fields.Selection(
        [("open", "To Investigate"), ("done", "Investigated")],
        default="open",
        required=True,
        tracking=True,
        index=True,
        readonly=True,
        copy=False,
    )
    conclusion = fields.Text(tracking=True)

    _sql_constraints = [("ticket_uniq", "unique(ticket_id)", "This ticket has already been escalated.")]

    @api.depends("company_id", "office_company_id")
    def _compute_article(self):
        for escalation in self:
            escalation.article = escalation.company_id._noproof_cite(
                taizhou="Taizhou art. 11 ¶3", luzhou="Luzhou art. 12"
            )

    def _noproof_office_user(self, company):
        """Who in the office receives the escalation: the head of the organization
        hosting the office, else its first member of the office group."""
        office = company.noproof_office_id.sudo()
        if office.head_id:
            return office.head_id
        group = self.env.ref("noproof_catalog.group_office")
        return office.user_ids.filtered(lambda user: group in user.groups_id)[:1]

    def _noproof_schedule_investigation(self):
        activity_type = self.env.ref("noproof_verification.mail_activity_type_escalation")
        model_id = self.env["ir.model"]._get_id(self._name)
        users = {}
        vals_list = []
        for escalation in self:
            company = escalation.office_company_id or escalation.company_id
            if company not in users:
                users[company] = self._noproof_office_user(company)
            user = users[company]
            if not user:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": escalation.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                    "res_name": escalation.ticket_id.name,
                    "automated": True,
                    "summary": _("Investigate overdue ticket %(ticket)s", ticket=escalation.ticket_id.name),
                }
            )
        # The office sees them in its activities and its overdue view; no e-mail per ticket.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)

    def action_done(self):
        self.check_access("write")
        for escalation in self:
            if escalation.state != "open":
                raise UserError(_("%(ticket)s has already been investigated.", ticket=escalation.ticket_id.sudo().name))
        for escalation in self:
            escalation._workflow().write({"state": "done"})
            escalation.activity_feedback(
                ["noproof_verification.mail_activity_type_escalation"], feedback=escalation.conclusion or ""
            )
        return True
