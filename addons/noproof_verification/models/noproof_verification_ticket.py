import logging
import uuid
from collections import defaultdict

import pytz
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.addons.noproof_ledger.models.noproof_ledger_entry import (
    CLASSIFICATIONS,
    EXCHANGE_CHANNELS,
    OFFLINE_CHANNELS,
)
from odoo.exceptions import AccessError, UserError, ValidationError

from .noproof_sla_policy import DATA_KINDS

_logger = logging.getLogger(__name__)

TICKET_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# Tickets waiting for their answer: the ones that can be overdue.
OPEN_STATES = ("sent", "accepted")
# The channels and the classified matters of Luzhou art. 11, and its one rule
# (noproof.ledger.entry._noproof_check_channel), are the ledger's.
CHANNELS = EXCHANGE_CHANNELS
ANSWER_RESULTS = [
    ("confirmed", "Confirmed"),
    ("not_confirmed", "Does Not Match"),
    ("not_found", "No Such Information"),
]
# Fields that make up the request: frozen once the ticket is sent.
REQUEST_FIELDS = {
    "check_id",
    "assisting_organization_id",
    "question",
    "data_kind",
    "classification",
    "channel",
    "sla_policy_id",
    "authorization_attachment_ids",
}
# Overdue tickets named in one notice to a verifier; the others are in the inbox.
NOTICE_LIST_LENGTH = 20


class NoproofVerificationTicket(models.Model):
    """A verification ticket (协查单) from the handling organization to the
    organization that holds the fact, answered by one of its designated
    verifiers (指定专人) within the deadline of the matching policy."""

    _name = "noproof.verification.ticket"
    _description = "Verification Ticket"
    _inherit = ["noproof.workflow.mixin", "noproof.deadline.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    # The deadline engine (noproof.deadline.mixin): the clock runs from sending to the answer.
    _deadline_start_field = "sent_at"
    _deadline_end_field = "answered_at"
    _deadline_open_states = OPEN_STATES
    _deadline_policy_depends = ("company_id", "handling_type", "data_kind")
    # Set by the ticket's own steps (sending, accepting, answering, closing, cancelling,
    # escalating), never by a hand-made write.
    _workflow_fields = (
        "state",
        "requested_by_id",
        "sent_at",
        "accepted_at",
        "answered_at",
        "closed_at",
        "cancelled_at",
        "answer_result",
        "answer",
        "answer_attachment_ids",
        "request_letter",
        "request_letter_full",
        "letter_purged_at",
        "response_letter",
        "clarification_requested_at",
        "clarification_question",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    uuid = fields.Char(
        string="UUID",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: str(uuid.uuid4()),
        help="Identifies the ticket across instances.",
    )
    state = fields.Selection(
        TICKET_STATES,
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    check_id = fields.Many2one("noproof.case.check", string="Check", required=True, index=True, ondelete="cascade")
    case_id = fields.Many2one(related="check_id.case_id", store=True, index=True, string="Case")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, string="Requesting Level")
    item_id = fields.Many2one(related="case_id.item_id", store=True, index=True, string="Service Item")
    certificate_id = fields.Many2one(related="check_id.certificate_id", store=True, string="Certificate")
    handling_type = fields.Selection(related="case_id.handling_type", store=True)
    applicant_id = fields.Many2one(related="case_id.applicant_id", store=True, string="Applicant")
    applicant_id_number_masked = fields.Char(
        related="applicant_id.noproof_id_number_masked", string="Applicant's Identity Number (Masked)"
    )
    applicant_id_number = fields.Char(
        string="Applicant's Identity Number",
        compute="_compute_applicant_id_number",
        groups="noproof_catalog.group_identity_reader",
        help="The whole number for the verifiers of the assisting organization while the ticket is open, and for "
        "those who handle the case (written to the access log); masked for anyone else.",
    )
    requesting_organization_id = fields.Many2one(
        related="case_id.organization_id", store=True, index=True, string="Requesting Organization"
    )
    requested_by_id = fields.Many2one(
        "res.users", string="Requested By", default=lambda self: self.env.user, readonly=True, copy=False
    )
    assisting_organization_id = fields.Many2one(
        "noproof.organization", string="Assisting Organization", required=True, index=True, tracking=True
    )
    assisting_company_id = fields.Many2one(
        related="assisting_organization_id.company_id", store=True, index=True, string="Assisting Level"
    )
    assigned_user_id = fields.Many2one(
        "res.users",
        string="Verifier",
        index=True,
        tracking=True,
        domain="[('id', 'in', assignable_user_ids)]",
    )
    assignable_user_ids = fields.Many2many(
        "res.users", compute="_compute_assignable_user_ids", string="Designated Verifiers"
    )
    question = fields.Text(string="What to Verify", required=True)
    data_kind = fields.Selection(
        DATA_KINDS,
        string="Kind of Data",
        required=True,
        default="electronic",
        tracking=True,
        help="Where the answer is found: a database, paper archives, or incomplete historical archives that "
        "need searching (Luzhou art. 10).",
    )
    classification = fields.Selection(
        CLASSIFICATIONS,
        tracking=True,
        help="The state secret or work secret the matter involves, if any. Where the level applies Luzhou "
        "art. 11, such a ticket travels only through the verification system.",
    )
    classified = fields.Boolean(
        string="Classified Matter", compute="_compute_classified", store=True, help="The matter is classified."
    )
    channel = fields.Selection(CHANNELS, required=True, default="system", tracking=True)
    channel_reference = fields.Char(
        help="Document number, fax number or group through which an offline request travelled."
    )
    sla_policy_id = fields.Many2one(readonly=False)
    sent_at = fields.Datetime(readonly=True, copy=False, index=True)
    accepted_at = fields.Datetime(readonly=True, copy=False)
    answered_at = fields.Datetime(readonly=True, copy=False)
    closed_at = fields.Datetime(readonly=True, copy=False)
    cancelled_at = fields.Datetime(readonly=True, copy=False)
    overdue_at = fields.Datetime(string="Escalated On")
    escalation_ids = fields.One2many("noproof.ticket.escalation", "ticket_id", string="Escalations")
    on_time = fields.Boolean(string="Answered on Time")
    office_hours = fields.Float(string="Answer Time (Office Hours)")
    answer_result = fields.Selection(ANSWER_RESULTS, readonly=True, tracking=True, copy=False)
    answer = fields.Text(readonly=True, copy=False)
    answer_attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_ticket_answer_attachment_rel",
        "ticket_id",
        "attachment_id",
        string="Answer Files",
        readonly=True,
        copy=False,
    )
    needs_authorization = fields.Boolean(compute="_compute_needs_authorization")
    authorization_attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_ticket_authorization_rel",
        "ticket_id",
        "attachment_id",
        string="Query Authorization",
        help="The applicant's authorization to query an institution or enterprise (查询委托书, Taizhou art. 14).",
    )
    request_letter = fields.Html(
        string="Request Letter (协查函)",
        readonly=True,
        copy=False,
        help="The letter as sent, with the applicant's identity number masked. It prints with the whole number "
        "for those who handle the case or the ticket, and that print is written to the access log.",
    )
    request_letter_full = fields.Html(
        string="Request Letter with the Whole Identity Number",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Kept only for the retention period of the level, then blanked.",
    )
    letter_purged_at = fields.Datetime(
        string="Whole Number Removed On",
        readonly=True,
        copy=False,
        help="When the whole identity number copied into the request letter was removed at the end of the "
        "retention period; the letter keeps the masked number.",
    )
    response_letter = fields.Html(string="Response Letter (反馈函)", readonly=True, copy=False)
    clarification_requested_at = fields.Datetime(
        string="Clarification Asked On",
        readonly=True,
        copy=False,
        help="The verifier asked the sender to clarify the request and is waiting for the answer. The deadline "
        "keeps running: no statute pauses it.",
    )
    clarification_question = fields.Text(string="Clarification Asked", readonly=True, copy=False)

    _sql_constraints = [("uuid_uniq", "unique(uuid)", "Another ticket already has this UUID.")]

    def init(self):
        super().init()
        # The retention purge reads only the letters that still hold a whole number.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS noproof_verification_ticket_letter_retention_idx
               ON noproof_verification_ticket (company_id, sent_at)
               WHERE request_letter_full IS NOT NULL"""
        )

    def _group_expand_states(self, states, domain):
        """The inbox shows every step of a ticket's life, in order, even when empty."""
        return [key for key, _label in TICKET_STATES if key in ("sent", "accepted", "answered", "closed")]

    # ------------------------------------------------------------ computes
    @api.depends_context("uid")
    def _compute_applicant_id_number(self):
        for ticket in self:
            ticket.applicant_id_number = ticket.applicant_id._noproof_id_number_shown(ticket) if ticket.id else False

    @api.depends("assisting_organization_id")
    def _compute_assignable_user_ids(self):
        for ticket in self:
            ticket.assignable_user_ids = ticket.assisting_organization_id.sudo().verifier_ids

    def _noproof_deadline_criteria(self):
        self.ensure_one()
        return {"company": self.company_id, "handling_type": self.handling_type, "data_kind": self.data_kind}

    @api.depends("classification")
    def _compute_classified(self):
        for ticket in self:
            ticket.classified = bool(ticket.classification)

    @api.depends("assisting_organization_id.kind")
    def _compute_needs_authorization(self):
        for ticket in self:
            ticket.needs_authorization = ticket.assisting_organization_id.kind not in (False, "government")

    # ---------------------------------------------------------- constraints
    @api.constrains("assisting_organization_id", "check_id")
    def _check_not_own_organization(self):
        for ticket in self:
            if (
                ticket.assisting_organization_id
                and ticket.assisting_organization_id == ticket.requesting_organization_id
            ):
                raise ValidationError(
                    _(
                        "%(organization)s cannot send a verification ticket to itself: check the fact in its own "
                        "records (own investigation), or address the organization that holds it.",
                        organization=ticket.assisting_organization_id.sudo().name,
                    )
                )

    @api.constrains("channel", "classification", "check_id")
    def _check_channel(self):
        """Luzhou art. 11, by the ledger's one rule and the requesting level's setting."""
        Ledger = self.env["noproof.ledger.entry"]
        for ticket in self:
            Ledger._noproof_check_channel(ticket.channel, ticket.classification, ticket.company_id)

    @api.constrains("assigned_user_id", "assisting_organization_id")
    def _check_assigned_user(self):
        for ticket in self:
            verifiers = ticket.assisting_organization_id.sudo().verifier_ids
            if ticket.assigned_user_id and ticket.assigned_user_id not in verifiers:
                raise ValidationError(
                    _(
                        "%(user)s is not a designated verifier of %(organization)s. Choose one of its designated "
                        "verifiers.",
                        user=ticket.assigned_user_id.name,
                        organization=ticket.assisting_organization_id.sudo().name,
                    )
                )

    # --------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("noproof.verification.ticket") or "/"
        tickets = super().create(vals_list)
        tickets._noproof_check_serves_case()
        return tickets

    def _noproof_check_serves_case(self):
        """A ticket verifies, for a case in progress, a check that another department
        verifies. Extended by add-ons whose tickets serve another purpose."""
        for ticket in self:
            if ticket.check_id.disposition != "assistance":
                raise ValidationError(
                    _(
                        "%(certificate)s is not verified by another department: no ticket can be sent for it.",
                        certificate=ticket.certificate_id.name,
                    )
                )
            if ticket.case_id.state != "open":
                raise UserError(_("%(case)s is no longer in progress.", case=ticket.case_id.name))

    def write(self, vals):
        frozen = REQUEST_FIELDS & set(vals)
        # Once sent, only the ticket's own actions (reclassifying, forwarding) change the request.
        if frozen and not self._workflow_is_open() and any(ticket.state != "draft" for ticket in self):
            raise UserError(
                _(
                    "A ticket that has been sent cannot be changed. Cancel it and send a new one if the request "
                    "was wrong."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------- sending
    def _noproof_answer_summary(self):
        """One line telling who answered this ticket and what, for the documents it serves."""
        self.ensure_one()
        return _(
            "%(ticket)s answered by %(organization)s: %(answer)s",
            ticket=self.name,
            organization=self.assisting_organization_id.sudo().name,
            answer=self.answer,
        )

    def _noproof_check_sendable(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("%(ticket)s has already been sent.", ticket=self.name))
        self._noproof_check_serves_case()
        if not self._noproof_has_answerer():
            raise UserError(
                _(
                    "%(organization)s has no designated verifier to answer the ticket. Ask its head or the "
                    "administrator to designate one (%(article)s).",
                    article=self.company_id._noproof_cite(taizhou="Taizhou art. 11"),
                    organization=self.assisting_organization_id.sudo().name,
                )
            )
        if not self.sla_policy_id:
            raise UserError(
                _(
                    "No deadline policy of %(level)s matches this ticket. Ask the administrator to configure the "
                    "verification deadlines.",
                    level=self.company_id.name,
                )
            )
        if self.needs_authorization and not self.authorization_attachment_ids:
            raise UserError(
                _(
                    "%(organization)s is not a government department: attach the applicant's query authorization "
                    "(查询委托书) before sending (%(article)s).",
                    article=self.company_id._noproof_cite(taizhou="Taizhou art. 14"),
                    organization=self.assisting_organization_id.sudo().name,
                )
            )

    def _noproof_has_answerer(self):
        """Someone will answer: a designated verifier of the assisting organization here.
        Extended where the organization answers on another instance."""
        self.ensure_one()
        return bool(self.assisting_organization_id.sudo().verifier_ids)

    def _noproof_pick_verifier(self, organization=None):
        """The designated verifier (of ``organization``, by default the assisting one) with the fewest open tickets."""
        self.ensure_one()
        verifiers = (organization or self.assisting_organization_id).sudo().verifier_ids
        load = dict(
            self.sudo()._read_group(
                [("assigned_user_id", "in", verifiers.ids), ("state", "in", OPEN_STATES)],
                ["assigned_user_id"],
                ["__count"],
            )
        )
        return min(verifiers, key=lambda user: (load.get(user, 0), user.id))

    def action_send(self):
        self.check_access("write")
        for ticket in self:
            ticket._noproof_check_sendable()
        now = fields.Datetime.now()
        for ticket in self:
            # The applicant's authorization is a file the clerk chose: bound only if they may read it.
            self.env["ir.attachment"]._noproof_bind(ticket.authorization_attachment_ids, ticket)
            # An offline request may be registered after it left (by fax, by document): keep its real date.
            vals = {"state": "sent", "sent_at": min(ticket.sent_at or now, now)}
            if not ticket.assigned_user_id:
                vals["assigned_user_id"] = ticket._noproof_pick_verifier().id
            ticket._workflow().write(vals)
            # The whole number is kept in a field only system administrators read.
            ticket._workflow().sudo().write(ticket._noproof_request_letter_values())
            ticket._noproof_schedule_answer()
            ticket.check_id._noproof_waiting()
            ticket._noproof_record_sending()
            ticket.message_post(
                body=_(
                    "Sent to %(organization)s, assigned to %(verifier)s; answer due by %(deadline)s.",
                    organization=ticket.assisting_organization_id.sudo().name,
                    verifier=ticket.assigned_user_id.name,
                    deadline=ticket._noproof_local_deadline(),
                )
            )
        return True

    def _noproof_record_sending(self):
        self.ensure_one()
        check = self.check_id
        labels = dict(self._fields["channel"]._description_selection(self.env))
        if self.channel in OFFLINE_CHANNELS:
            check._noproof_ledger(
                "offline_exchange",
                _(
                    "Verification request %(ticket)s sent to %(organization)s by %(channel)s %(reference)s",
                    ticket=self.name,
                    organization=self.assisting_organization_id.sudo().name,
                    channel=labels[self.channel],
                    reference=self.channel_reference or "",
                ),
                document=self,
                channel=self.channel,
                counterparty=self.assisting_organization_id.sudo().name,
                is_classified=self.classified,
                classification=self.classification or False,
            )
        if self.authorization_attachment_ids:
            check._noproof_ledger(
                "query_authorization",
                _(
                    "Applicant's query authorization submitted to %(organization)s with %(ticket)s",
                    organization=self.assisting_organization_id.sudo().name,
                    ticket=self.name,
                ),
                attachments=self.authorization_attachment_ids,
                document=self,
            )

    def _noproof_tz(self, user=None):
        """The time zone a deadline is told in: the reader's, or else the office
        calendar's (never that of whoever happened to send the ticket)."""
        self.ensure_one()
        return pytz.timezone(
            (user and user.tz)
            or self.sla_policy_id.sudo().calendar_id.tz
            or self.company_id.sudo().resource_calendar_id.tz
            or "Asia/Shanghai"
        )

    def _noproof_local_deadline(self, user=None):
        self.ensure_one()
        if not self.deadline:
            return ""
        return pytz.utc.localize(self.deadline).astimezone(self._noproof_tz(user)).strftime("%Y-%m-%d %H:%M")

    def _noproof_schedule_answer(self):
        self.ensure_one()
        user = self.assigned_user_id
        due = pytz.utc.localize(self.deadline or fields.Datetime.now()).astimezone(self._noproof_tz(user)).date()
        self.activity_schedule(
            "noproof_verification.mail_activity_type_ticket_answer",
            date_deadline=due,
            summary=_("Answer by %(deadline)s", deadline=self._noproof_local_deadline(user)),
            note=self.question,
            user_id=user.id,
        )

    def _noproof_request_letter_values(self):
        """The request letter as stored: the whole identity number it copies is kept
        apart (readable by system administrators only, printed for those with a
        purpose, blanked after the retention period); the letter itself shows the
        masked number."""
        self.ensure_one()
        letter = self._noproof_render_letter("request")
        applicant = self.applicant_id.sudo()
        number = applicant.noproof_id_number
        if not number or not letter or number not in letter:
            return {"request_letter": letter, "request_letter_full": False}
        masked = applicant.noproof_id_number_masked or ""
        return {"request_letter": Markup(str(letter).replace(number, masked)), "request_letter_full": letter}

    def _noproof_printed_request_letters(self):
        """``{ticket id: letter}`` as printed by the current user: with the whole
        identity number for a ticket whose applicant the user has a purpose for
        (written to the access log as a print), masked otherwise."""
        letters = {ticket.id: ticket.request_letter for ticket in self}
        full = {ticket.id: ticket.request_letter_full for ticket in self.sudo() if ticket.request_letter_full}
        if not full:
            return letters
        tickets = self.filtered(lambda t: t.id in full)
        applicants = tickets.applicant_id
        purposes = applicants._noproof_id_number_purposes()
        revealed = [ticket for ticket in tickets if ticket.applicant_id.id in purposes]
        # One access-log call per round of distinct applicants (usually one round).
        while revealed:
            batch, later, seen = {}, [], set()
            for ticket in revealed:
                if ticket.applicant_id.id in seen:
                    later.append(ticket)
                    continue
                seen.add(ticket.applicant_id.id)
                batch[ticket.applicant_id.id] = ticket
                letters[ticket.id] = full[ticket.id]
            applicants.browse(list(batch))._noproof_id_number_revealed(batch, "print")
            revealed = later
        return letters

    def _noproof_render_letter(self, kind):
        """Render the request or response letter of this ticket: the item's own template, else its level's (or its
        city's), else the standard one."""
        self.ensure_one()
        item = self.item_id.sudo()
        template = item.ticket_request_template_id if kind == "request" else item.ticket_response_template_id
        template = template or item.company_id._noproof_setting(f"noproof_ticket_{kind}_template_id")
        template = (template or self.env.ref(f"noproof_verification.mail_template_ticket_{kind}")).sudo()
        return template._render_field("body_html", self.ids)[self.id]

    # ------------------------------------------------------------- answering
    def _noproof_is_designated(self, user=None):
        self.ensure_one()
        user = user or self.env.user
        return user in self.assisting_organization_id.sudo().verifier_ids

    def action_accept(self):
        self.check_access("write")
        for ticket in self:
            if ticket.state != "sent":
                raise UserError(_("%(ticket)s is not waiting to be accepted.", ticket=ticket.name))
            if not self.env.su and not ticket._noproof_is_designated():
                raise AccessError(
                    _(
                        "Only designated verifiers of %(organization)s can accept %(ticket)s.",
                        organization=ticket.assisting_organization_id.sudo().name,
                        ticket=ticket.name,
                    )
                )
            if ticket.assigned_user_id != self.env.user and not self.env.su:
                ticket._noproof_reassign(self.env.user)
            ticket._workflow().write({"state": "accepted", "accepted_at": fields.Datetime.now()})
        return True

    def action_take(self):
        """Another designated verifier takes the ticket over."""
        self.check_access("write")
        for ticket in self:
            if ticket.state not in OPEN_STATES:
                raise UserError(_("%(ticket)s is not waiting for an answer.", ticket=ticket.name))
            if not ticket._noproof_is_designated():
                raise AccessError(
                    _(
                        "Only designated verifiers of %(organization)s can take %(ticket)s.",
                        organization=ticket.assisting_organization_id.sudo().name,
                        ticket=ticket.name,
                    )
                )
            ticket._noproof_reassign(self.env.user)
        return True

    def _noproof_reassign(self, user):
        self.ensure_one()
        self.activity_unlink(["noproof_verification.mail_activity_type_ticket_answer"])
        self.assigned_user_id = user
        self._noproof_schedule_answer()

    def _noproof_check_answerable(self):
        self.ensure_one()
        if self.state not in OPEN_STATES:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _("%(ticket)s is %(state)s: it can no longer be answered.", ticket=self.name, state=states[self.state])
            )
        if not self.env.su and self.assigned_user_id != self.env.user:
            raise AccessError(
                _(
                    "%(ticket)s is assigned to %(verifier)s: only they can answer it. Take it over first if you "
                    "are a designated verifier of %(organization)s.",
                    ticket=self.name,
                    verifier=self.assigned_user_id.name,
                    organization=self.assisting_organization_id.sudo().name,
                )
            )

    @api.private
    def action_answer(self, result, answer, attachments=None):
        """Answer the ticket: ``result`` in confirmed / not_confirmed / not_found,
        ``answer`` the findings, ``attachments`` ir.attachment records or
        (name, bytes) pairs."""
        self.ensure_one()
        self.check_access("write")
        self._noproof_check_answerable()
        if result not in dict(ANSWER_RESULTS):
            raise UserError(_("Choose the result of the verification."))
        if not (answer or "").strip():
            raise UserError(_("Write the findings of the verification in the answer."))
        files = self.env["ir.attachment"]._noproof_bind(attachments, self)
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "answered",
                "answered_at": now,
                "accepted_at": self.accepted_at or now,
                "answer_result": result,
                "answer": answer,
                "answer_attachment_ids": [fields.Command.link(a.id) for a in files],
            }
        )
        self._workflow().response_letter = self._noproof_render_letter("response")
        self.activity_feedback(["noproof_verification.mail_activity_type_ticket_answer"], feedback=answer)
        self.check_id.sudo()._noproof_apply_answer(self)
        if self.channel in OFFLINE_CHANNELS:
            labels = dict(self._fields["channel"]._description_selection(self.env))
            self.check_id.sudo()._noproof_ledger(
                "offline_exchange",
                _(
                    "Answer to %(ticket)s received from %(organization)s by %(channel)s",
                    ticket=self.name,
                    organization=self.assisting_organization_id.sudo().name,
                    channel=labels[self.channel],
                ),
                attachments=files,
                document=self,
                channel=self.channel,
                counterparty=self.assisting_organization_id.sudo().name,
                is_classified=self.classified,
                classification=self.classification or False,
                result=answer,
            )
        results = dict(self._fields["answer_result"]._description_selection(self.env))
        self.message_post(
            body=_("Answered: %(result)s. %(answer)s", result=results[result], answer=answer),
            partner_ids=self.requested_by_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        return True

    # ------------------------------------------- a wrong ticket: reclassify, clarify, forward
    def _noproof_check_redirectable(self):
        """A designated verifier of the assisting organization acts on a ticket waiting for its answer."""
        self.ensure_one()
        self.check_access("write")
        if self.state not in OPEN_STATES:
            raise UserError(
                _("%(ticket)s is not waiting for an answer: it can no longer be changed.", ticket=self.name)
            )
        if not self.env.su and not self._noproof_is_designated():
            raise AccessError(
                _(
                    "Only designated verifiers of %(organization)s can reclassify, forward or question %(ticket)s.",
                    organization=self.assisting_organization_id.sudo().name,
                    ticket=self.name,
                )
            )

    @staticmethod
    def _noproof_reason(reason, what):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Write why you %(what)s the ticket.", what=what))
        return reason

    def _noproof_record_change(self, reason):
        """The ledger keeps each change of a ticket made by its addressee, with the reason."""
        self.check_id.sudo()._noproof_ledger("ticket_change", reason, document=self)

    def _noproof_tell_sender(self, body):
        self.message_post(body=body, partner_ids=self.requested_by_id.partner_id.ids, subtype_xmlid="mail.mt_comment")

    @api.private
    def action_reclassify(self, data_kind, reason):
        """The verifier finds the answer in another kind of archive than the sender said
        (Luzhou art. 10: electronic data, paper archives, historical archives): the deadline
        is that of the matching policy, still counted from the sending."""
        self.ensure_one()
        self._noproof_check_redirectable()
        labels = dict(self._fields["data_kind"]._description_selection(self.env))
        if data_kind not in labels:
            raise UserError(_("Choose the kind of data the answer is found in."))
        if data_kind == self.data_kind:
            raise UserError(
                _("%(ticket)s is already classified as %(kind)s.", ticket=self.name, kind=labels[data_kind])
            )
        reason = self._noproof_reason(reason, _("reclassify"))
        policy = self.env["noproof.sla.policy"]._noproof_match(self.company_id, self.handling_type, data_kind)
        if not policy:
            raise UserError(
                _(
                    "No deadline policy of %(level)s matches %(kind)s. Ask the administrator to configure the "
                    "verification deadlines.",
                    level=self.company_id.name,
                    kind=labels[data_kind],
                )
            )
        before = labels[self.data_kind]
        self._workflow().write({"data_kind": data_kind, "sla_policy_id": policy.id})
        self.activity_unlink(["noproof_verification.mail_activity_type_ticket_answer"])
        self._noproof_schedule_answer()
        summary = _(
            "Reclassified from %(before)s to %(after)s by %(user)s: %(reason)s. The answer is now due by %(deadline)s.",
            before=before,
            after=labels[data_kind],
            user=self.env.user.name,
            reason=reason,
            deadline=self._noproof_local_deadline(),
        )
        self._noproof_record_change(summary)
        self._noproof_tell_sender(summary)
        return True

    @api.private
    def action_ask_clarification(self, question):
        """Ask the sender what the request means. Nothing is paused: the deadline keeps running."""
        self.ensure_one()
        self._noproof_check_redirectable()
        question = self._noproof_reason(question, _("question"))
        self._workflow().write(
            {"clarification_requested_at": fields.Datetime.now(), "clarification_question": question}
        )
        self.activity_schedule(
            "noproof_verification.mail_activity_type_ticket_clarification",
            summary=_("Clarify %(ticket)s", ticket=self.name),
            note=question,
            user_id=self.requested_by_id.id or self.env.user.id,
        )
        self._noproof_tell_sender(
            _(
                "%(user)s asks for a clarification: %(question)s. The answer is still due by %(deadline)s.",
                user=self.env.user.name,
                question=question,
                deadline=self._noproof_local_deadline(),
            )
        )
        return True

    @api.private
    def action_clarify(self, answer):
        """The sender answers the verifier's question."""
        self.ensure_one()
        self.check_access("write")
        if not self.clarification_requested_at or self.state not in OPEN_STATES:
            raise UserError(_("Nobody is waiting for a clarification of %(ticket)s.", ticket=self.name))
        if not self.env.su and self.requesting_organization_id not in self.env.user.sudo().noproof_organization_ids:
            raise AccessError(
                _(
                    "Only staff of %(organization)s, which sent %(ticket)s, can clarify it.",
                    organization=self.requesting_organization_id.sudo().name,
                    ticket=self.name,
                )
            )
        answer = self._noproof_reason(answer, _("clarify"))
        self._workflow().write({"clarification_requested_at": False, "clarification_question": False})
        self.sudo().activity_feedback(["noproof_verification.mail_activity_type_ticket_clarification"], feedback=answer)
        self.message_post(
            body=_("Clarification by %(user)s: %(answer)s", user=self.env.user.name, answer=answer),
            partner_ids=self.assigned_user_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        return True

    @api.private
    def action_forward(self, organization, reason):
        """Send the ticket on to the organization that holds the fact: its designated
        verifier gets it, the sender is told, the ledger keeps it."""
        self.ensure_one()
        self._noproof_check_redirectable()
        organization = organization.exists() if organization else organization
        if not organization:
            raise UserError(_("Choose the organization that holds the information."))
        organization.check_access("read")
        if organization == self.assisting_organization_id:
            raise UserError(
                _(
                    "%(ticket)s is already addressed to %(organization)s.",
                    ticket=self.name,
                    organization=organization.name,
                )
            )
        reason = self._noproof_reason(reason, _("forward"))
        target = organization.sudo()
        if not target.verifier_ids:
            raise UserError(
                _(
                    "%(organization)s has no designated verifier to answer the ticket. Ask its head or the "
                    "administrator to designate one (%(article)s).",
                    article=self.company_id._noproof_cite(taizhou="Taizhou art. 11"),
                    organization=target.name,
                )
            )
        if target.kind not in (False, "government") and not self.authorization_attachment_ids:
            raise UserError(
                _(
                    "%(organization)s is not a government department: it may answer only with the applicant's query "
                    "authorization (查询委托书, %(article)s), which this ticket lacks. Ask the sender for "
                    "clarification instead, so that they send a new ticket with it.",
                    article=self.company_id._noproof_cite(taizhou="Taizhou art. 14"),
                    organization=target.name,
                )
            )
        summary = _(
            "Forwarded from %(before)s to %(after)s by %(user)s: %(reason)s. The answer is still due by %(deadline)s.",
            before=self.assisting_organization_id.sudo().name,
            after=target.name,
            user=self.env.user.name,
            reason=reason,
            deadline=self._noproof_local_deadline(),
        )
        verifier = self._noproof_pick_verifier(target)
        self.activity_unlink(["noproof_verification.mail_activity_type_ticket_answer"])
        # From here on the ticket belongs to the new organization: the forwarding verifier no longer reads it.
        ticket = self.sudo()
        ticket._workflow().write(
            {
                "assisting_organization_id": target.id,
                "assigned_user_id": verifier.id,
                "state": "sent",
                "accepted_at": False,
            }
        )
        # The letter names its addressee: issued again (the whole number kept apart as at sending).
        ticket._workflow().write(ticket._noproof_request_letter_values())
        ticket._noproof_record_change(summary)
        ticket._noproof_schedule_answer()
        ticket._noproof_tell_sender(summary)
        return True

    def action_open_redirect(self):
        """The dialog of a verifier acting on a wrong ticket; ``noproof_redirect`` in the
        context says which action (reclassify, clarify or forward)."""
        self.ensure_one()
        mode = self.env.context.get("noproof_redirect", "reclassify")
        if mode == "answer_clarification":
            if not self.clarification_requested_at:
                raise UserError(_("Nobody is waiting for a clarification of %(ticket)s.", ticket=self.name))
        else:
            self._noproof_check_redirectable()
        titles = {
            "reclassify": _("Reclassify %(ticket)s", ticket=self.name),
            "clarify": _("Ask the Sender About %(ticket)s", ticket=self.name),
            "forward": _("Forward %(ticket)s", ticket=self.name),
            "answer_clarification": _("Clarify %(ticket)s", ticket=self.name),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles.get(mode, titles["reclassify"]),
            "res_model": "noproof.ticket.redirect.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id, "default_mode": mode if mode in titles else "reclassify"},
        }

    def action_open_answer(self):
        self.ensure_one()
        self._noproof_check_answerable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Answer %(ticket)s", ticket=self.name),
            "res_model": "noproof.ticket.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # ------------------------------------------------------ closing, cancelling
    def action_close(self):
        self.check_access("write")
        for ticket in self:
            if ticket.state != "answered":
                raise UserError(_("Only an answered ticket can be closed; %(ticket)s is not.", ticket=ticket.name))
        self._noproof_close()
        return True

    def _noproof_close(self):
        self._workflow().write({"state": "closed", "closed_at": fields.Datetime.now()})

    def action_cancel(self):
        self.check_access("write")
        for ticket in self:
            if ticket.state not in ("draft",) + OPEN_STATES:
                raise UserError(_("%(ticket)s can no longer be cancelled.", ticket=ticket.name))
        self._noproof_cancel()
        return True

    def _noproof_end_with_check(self):
        """Cancel those of these tickets still waiting, now that their check or case was
        settled otherwise. Extended by add-ons whose tickets outlive the decision."""
        self.filtered(lambda ticket: ticket.state in ("draft",) + OPEN_STATES)._noproof_cancel()

    def _noproof_cancel(self):
        if not self:
            return
        self.activity_unlink(["noproof_verification.mail_activity_type_ticket_answer"])
        self._workflow().write({"state": "cancelled", "cancelled_at": fields.Datetime.now()})
        self.check_id._noproof_ticket_settled()

    def action_print(self):
        return self.env.ref("noproof_verification.action_report_verification_ticket").report_action(self)

    # ----------------------------------------------------------- escalation
    def _noproof_on_overdue(self, now):
        """Report overdue tickets to the office the requesting level's setting names:
        its own (Taizhou art. 11 ¶3) or its city's (Luzhou art. 12), and tell their
        verifiers; once per ticket (the deadline engine runs this once)."""
        if not self:
            return
        Escalation = self.env["noproof.ticket.escalation"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        offices = {company: company._noproof_overdue_office_company() for company in self.company_id}
        escalations = Escalation._workflow_create(
            [
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "office_company_id": offices[ticket.company_id].id,
                    "office_organization_id": offices[ticket.company_id].noproof_office_id.id,
                    "escalated_at": now,
                    "deadline": ticket.deadline,
                }
                for ticket in self
            ]
        )
        escalations._noproof_schedule_investigation()
        by_verifier = defaultdict(lambda: self.browse())
        for ticket in self.filtered("assigned_user_id"):
            by_verifier[ticket.assigned_user_id] |= ticket
        for verifier, tickets in by_verifier.items():
            tickets._noproof_notify_overdue(verifier)

    def _noproof_notify_overdue(self, verifier):
        """One notice per verifier and run, naming their overdue tickets."""
        shown = self[:NOTICE_LIST_LENGTH]
        items = Markup("").join(
            Markup('<li><a href="/odoo/noproof.verification.ticket/%s">%s</a></li>') % (ticket.id, ticket.name)
            for ticket in shown
        )
        more = len(self) - len(shown)
        self.env["mail.thread"].sudo().with_context(mail_notify_force_send=False).message_notify(
            partner_ids=verifier.partner_id.ids,
            subject=_("Overdue verification tickets"),
            body=Markup("<p>%s</p><ul>%s</ul>%s")
            % (
                _(
                    "%(count)s verification tickets assigned to you are past their deadline and were reported to the "
                    "joint-conference office. Answer them now:",
                    count=len(self),
                ),
                items,
                Markup("<p>%s</p>") % _("… and %(count)s more in your inbox.", count=more) if more else "",
            ),
            model=self._name,
            res_id=self[0].id,
            subtype_xmlid="mail.mt_note",
        )
