import pytz
from markupsafe import escape

from odoo import _, api, fields, models
from odoo.addons.noproof_catalog.models.res_partner import mask_identity
from odoo.addons.noproof_ledger.models.noproof_ledger_entry import CLASSIFICATIONS
from odoo.exceptions import AccessError, UserError

from .noproof_sla_policy import DATA_KINDS
from .noproof_verification_ticket import ANSWER_RESULTS

INCOMING_STATES = [("received", "Waiting for the Answer"), ("answered", "Answered"), ("cancelled", "Cancelled")]


class NoproofExchangeTicket(models.Model):
    """A verification ticket (协查单) received from another noproof instance for an
    organization that works here. Its deadline is the one the requesting level
    set; its answer travels back as a signed message. Overdue tickets are
    escalated by the requesting level, not here."""

    _name = "noproof.exchange.ticket"
    _description = "Ticket from Another Instance"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "deadline, id desc"
    _workflow_fields = (
        "state",
        "peer_id",
        "remote_uuid",
        "remote_reference",
        "organization_id",
        "assigned_user_id",
        "requesting_level",
        "requesting_organization",
        "item_name",
        "certificate_name",
        "question",
        "data_kind",
        "classification",
        "applicant_name",
        "applicant_id_type",
        "applicant_id_number",
        "sent_at",
        "deadline",
        "received_at",
        "answered_at",
        "cancelled_at",
        "answer_result",
        "answer",
        "answer_attachment_ids",
        "authorization_attachment_ids",
    )

    name = fields.Char(compute="_compute_name", store=True, string="Reference")
    state = fields.Selection(INCOMING_STATES, required=True, default="received", readonly=True, tracking=True)
    peer_id = fields.Many2one("noproof.exchange.peer", string="From Instance", required=True, readonly=True)
    remote_uuid = fields.Char(required=True, readonly=True, index=True, string="Ticket UUID")
    remote_reference = fields.Char(readonly=True, string="Requester's Reference")
    organization_id = fields.Many2one(
        "noproof.organization", string="Assisting Organization", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(related="organization_id.company_id", store=True, index=True, string="Level")
    assigned_user_id = fields.Many2one("res.users", string="Verifier", readonly=True, index=True, tracking=True)
    requesting_level = fields.Char(readonly=True)
    requesting_organization = fields.Char(readonly=True)
    item_name = fields.Char(string="Service Item", readonly=True)
    certificate_name = fields.Char(string="Certificate", readonly=True)
    question = fields.Text(string="What to Verify", readonly=True)
    data_kind = fields.Selection(DATA_KINDS, string="Kind of Data", readonly=True)
    classification = fields.Selection(CLASSIFICATIONS, readonly=True)
    applicant_name = fields.Char(string="Applicant", readonly=True)
    applicant_id_type = fields.Char(string="Identity Document", readonly=True)
    applicant_id_number = fields.Char(string="Whole Identity Number", readonly=True, groups="base.group_system")
    applicant_id_number_masked = fields.Char(
        string="Applicant's Identity Number (Masked)", compute="_compute_masked", store=True, readonly=True
    )
    applicant_id_number_shown = fields.Char(
        string="Applicant's Identity Number",
        compute="_compute_applicant_id_number_shown",
        groups="noproof_catalog.group_identity_reader",
        help="The whole number for the designated verifiers of the assisting organization while the ticket waits "
        "for their answer (written to the access log); masked for anyone else.",
    )
    sent_at = fields.Datetime(readonly=True)
    deadline = fields.Datetime(readonly=True, help="The deadline the requesting level set.")
    received_at = fields.Datetime(readonly=True)
    answered_at = fields.Datetime(readonly=True)
    cancelled_at = fields.Datetime(readonly=True)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", string="Overdue")
    authorization_attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_exchange_ticket_authorization_rel",
        "ticket_id",
        "attachment_id",
        string="Query Authorization",
        readonly=True,
    )
    draft_result = fields.Selection(ANSWER_RESULTS, string="Result")
    draft_answer = fields.Text(string="Findings")
    draft_attachment_ids = fields.Many2many(
        "ir.attachment", "noproof_exchange_ticket_draft_rel", "ticket_id", "attachment_id", string="Files to Send"
    )
    answer_result = fields.Selection(ANSWER_RESULTS, readonly=True, tracking=True)
    answer = fields.Text(readonly=True)
    answer_attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_exchange_ticket_answer_rel",
        "ticket_id",
        "attachment_id",
        string="Answer Files",
        readonly=True,
    )

    _sql_constraints = [
        ("remote_uuid_uniq", "unique(peer_id, remote_uuid)", "This ticket was already received from that instance.")
    ]

    @api.depends("peer_id", "remote_reference")
    def _compute_name(self):
        for ticket in self:
            ticket.name = f"{ticket.peer_id.sudo().name or ''} {ticket.remote_reference or ''}".strip()

    @api.depends("applicant_id_number", "applicant_id_type")
    def _compute_masked(self):
        for ticket in self.sudo():
            ticket.applicant_id_number_masked = mask_identity(ticket.applicant_id_number, ticket.applicant_id_type)

    @api.depends_context("uid")
    def _compute_applicant_id_number_shown(self):
        shown = self._noproof_id_numbers_shown()
        for ticket in self:
            ticket.applicant_id_number_shown = shown.get(ticket.id, ticket.sudo().applicant_id_number_masked)

    def _noproof_id_numbers_shown(self, access_type="read"):
        """``{ticket id: whole identity number}`` of these tickets that the current user may read
        whole now: the designated verifiers of the assisting organization, while the ticket waits for
        their answer (the purpose the requesting level sent it for). Each reveal is written to the
        access log, filed under the ticket's level (Taizhou art. 16, Luzhou art. 18)."""
        tickets = self.sudo().filtered(lambda ticket: ticket.id and ticket.applicant_id_number)
        if self.env.su:
            return {ticket.id: ticket.applicant_id_number for ticket in tickets}
        user = self.env.user
        revealed = tickets.filtered(
            lambda ticket: ticket.state == "received" and user in ticket.organization_id.verifier_ids
        )
        if revealed:
            label = self._fields["applicant_id_number_shown"]._description_string(self.env)
            self.env["noproof.access.log"]._log_unregistered(revealed.with_env(self.env), access_type, label)
        return {ticket.id: ticket.applicant_id_number for ticket in revealed}

    def _noproof_access_person(self):
        """The applicant as the access log files a reveal of their number (no contact here)."""
        self.ensure_one()
        ticket = self.sudo()
        return {
            "name": ticket.applicant_name,
            "masked": ticket.applicant_id_number_masked,
            "company": ticket.company_id,
        }

    def _read_format(self, fnames, load="_classic_read"):
        """The stored whole number (administrators only) reads as the screen shows it: masked unless
        the reader is a designated verifier of the open ticket, and then logged."""
        result = super()._read_format(fnames, load=load)
        if "applicant_id_number" in fnames and not self.env.su:
            tickets = self.browse([vals["id"] for vals in result if vals.get("applicant_id_number")])
            shown = tickets._noproof_id_numbers_shown()
            for vals in result:
                if vals.get("applicant_id_number"):
                    vals["applicant_id_number"] = shown.get(
                        vals["id"], self.browse(vals["id"]).sudo().applicant_id_number_masked
                    )
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        if not self.env.su and any(path[0] == "applicant_id_number" for path in fields):
            raise AccessError(
                _("Whole identity numbers of tickets from other instances are not exported. Export the masked one.")
            )
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_overdue = bool(ticket.state == "received" and ticket.deadline and ticket.deadline < now)

    def write(self, vals):
        if {"draft_result", "draft_answer", "draft_attachment_ids"} & set(vals) and any(
            ticket.state != "received" for ticket in self
        ):
            raise UserError(_("This ticket was answered or cancelled: its answer can no longer change."))
        return super().write(vals)

    # ------------------------------------------------------------- answering
    def _noproof_check_verifier(self):
        self.ensure_one()
        if self.env.su:
            return
        if self.env.user not in self.organization_id.sudo().verifier_ids:
            raise AccessError(
                _(
                    "Only designated verifiers of %(organization)s answer %(ticket)s.",
                    organization=self.organization_id.sudo().name,
                    ticket=self.name,
                )
            )

    def action_take(self):
        """A designated verifier takes the ticket over."""
        for ticket in self:
            ticket._noproof_check_verifier()
            if ticket.state != "received":
                raise UserError(_("%(ticket)s is not waiting for an answer.", ticket=ticket.name))
            ticket.activity_unlink(["noproof_verification.mail_activity_type_exchange_ticket_answer"])
            ticket._workflow().assigned_user_id = self.env.user
            ticket._noproof_schedule_answer()
        return True

    def action_send_answer(self):
        """Send the findings back to the requesting instance."""
        self.check_access("write")
        Message = self.env["noproof.exchange.message"]
        Ticket = self.env["noproof.verification.ticket"]
        for ticket in self:
            ticket._noproof_check_verifier()
            if ticket.state != "received":
                raise UserError(_("%(ticket)s is not waiting for an answer.", ticket=ticket.name))
            if not ticket.draft_result:
                raise UserError(_("Choose the result of the verification."))
            if not (ticket.draft_answer or "").strip():
                raise UserError(_("Write the findings of the verification in the answer."))
            now = fields.Datetime.now()
            files = ticket.draft_attachment_ids
            payload = {
                "ticket": ticket.remote_uuid,
                "result": ticket.draft_result,
                "answer": ticket.draft_answer.strip(),
                "answered_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "answered_by": self.env.user.name,
                "attachments": Ticket._noproof_exchange_files(files, ticket.peer_id),
            }
            ticket._workflow().write(
                {
                    "state": "answered",
                    "answered_at": now,
                    "answer_result": ticket.draft_result,
                    "answer": payload["answer"],
                    "answer_attachment_ids": [fields.Command.set(files.ids)],
                }
            )
            Message._noproof_send(ticket.peer_id, "noproof.ticket.answer", payload, document=ticket)
            ticket.activity_feedback(
                ["noproof_verification.mail_activity_type_exchange_ticket_answer"], feedback=payload["answer"]
            )
        return True

    def _noproof_schedule_answer(self):
        self.ensure_one()
        self._noproof_schedule_answers()

    def _noproof_schedule_answers(self):
        """The "answer by the deadline" activity of each ticket for its verifier, created
        together (one subscription per verifier, no mail: the activity is the notice)."""
        activity_type = self.env.ref("noproof_verification.mail_activity_type_exchange_ticket_answer")
        model_id = self.env["ir.model"]._get(self._name).id
        vals_list = []
        for ticket in self.filtered("assigned_user_id"):
            user = ticket.assigned_user_id
            tz = pytz.timezone(user.tz or ticket.company_id.sudo().resource_calendar_id.tz or "Asia/Shanghai")
            local = pytz.utc.localize(ticket.deadline or fields.Datetime.now()).astimezone(tz)
            vals_list.append(
                {
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "date_deadline": local.date(),
                    "summary": _("Answer by %(deadline)s", deadline=local.strftime("%Y-%m-%d %H:%M")),
                    "note": ticket.question,
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "user_id": user.id,
                }
            )
        if vals_list:
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    def _noproof_received(self):
        """Tickets just received (all those of a batch): their verifiers' activities and the
        "received" notes, created together."""
        tickets = self.filtered(lambda ticket: ticket.state == "received")
        if not tickets:
            return
        tickets._noproof_schedule_answers()
        bodies = {}
        for ticket in tickets:
            bodies[ticket.id] = escape(
                _(
                    "Received from %(level)s (%(organization)s) through %(peer)s; answer due by the deadline it set.",
                    level=ticket.requesting_level,
                    organization=ticket.requesting_organization,
                    peer=ticket.peer_id.name,
                )
            )
        tickets._message_log_batch(bodies=bodies)
