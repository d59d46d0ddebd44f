import hashlib
import secrets

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

CHANNELS = [
    ("window", "Supervision Window"),
    ("hotline", "12345 Hotline"),
    ("online", "Online Form"),
    ("letter", "Letter"),
]
COMPLAINT_TYPES = [
    ("cancelled_certificate", "Asked for a Cancelled Certificate"),
    ("unapproved_certificate", "Added a Certificate Without Approval"),
    ("no_verification_answer", "No or Late Verification Answer"),
    ("information_misuse", "Misuse of Information"),
    # Luzhou art. 16 ¶1: 不得以证明事项已取消为由不予办理 (a certificate needed outside the city).
    ("refused_cancelled", "Refused a Certificate Because Certificates Were Cancelled"),
    ("other", "Other"),
]
STATES = [
    ("new", "Registered"),
    ("investigating", "Under Investigation"),
    ("concluded", "Concluded"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
MEASURES = [
    ("none", "None"),
    ("rectification", "Order to Rectify"),
    ("criticism", "Criticism and Education"),
    ("interview", "Interview (约谈)"),
    ("disciplinary", "Disciplinary Action"),
    ("other", "Other"),
]
SUBSTANTIATED = [("yes", "Substantiated"), ("no", "Not Substantiated")]
# What the conclusion records (through the conclusion wizard, never by a plain write).
CONCLUSION_FIELDS = ("substantiated", "conclusion", "measure", "responsible_persons", "accountability")
# Who may read the complainant's identity: the window that registered it and the office.
COMPLAINANT_GROUPS = "noproof_supervision.group_supervisor,noproof_catalog.group_office"
# The 查询码 a complainant follows the complaint with, beside its tracking number: 8 characters that are
# read and typed without mistakes (no 0/O, 1/I/L), about 10^12 codes per tracking number.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


class NoproofComplaint(models.Model):
    """A complaint to the No-Proof City supervision window (Taizhou art. 17,
    Luzhou art. 17): registered, investigated, concluded, with accountability."""

    _name = "noproof.complaint"
    _description = "No-Proof Complaint"
    _inherit = ["noproof.workflow.mixin", "noproof.deadline.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    # The deadline engine (noproof.deadline.mixin): the level's complaint policy counts from
    # registration to conclusion.
    _deadline_start_field = "date_received"
    _deadline_end_field = "date_concluded"
    _deadline_open_states = ("new", "investigating")
    # Set only by the actions (and the hotline import): the registering date and the deadline policy it gives,
    # the status, the conclusion and the accountability decided with it.
    _workflow_fields = (
        "date_received",
        "sla_policy_id",
        "state",
        "substantiated",
        "conclusion",
        "measure",
        "responsible_persons",
        "accountability",
        "date_concluded",
    )

    name = fields.Char(string="Tracking Number", required=True, readonly=True, copy=False, default="/", index=True)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    channel = fields.Selection(CHANNELS, required=True, default="window", tracking=True)
    complaint_type = fields.Selection(COMPLAINT_TYPES, string="Type", required=True, default="other", tracking=True)
    external_ref = fields.Char(string="Hotline Ticket No.", copy=False, index="btree_not_null")
    date_received = fields.Datetime(
        string="Received", required=True, readonly=True, copy=False, default=fields.Datetime.now, index=True
    )
    deadline = fields.Datetime(string="Handling Deadline")
    date_deadline = fields.Date(
        string="Handling Deadline (Day)", compute="_compute_date_deadline", help="The day of the handling deadline."
    )
    target_organization_id = fields.Many2one(
        "noproof.organization", string="Organization Complained About", index=True, tracking=True
    )
    supervising_authority_id = fields.Many2one(
        related="target_organization_id.supervising_authority_id", store=True, index=True
    )
    item_id = fields.Many2one("noproof.service.item", string="Service Item", index=True)
    certificate_id = fields.Many2one("noproof.certificate", string="Certificate Asked For")
    ticket_id = fields.Many2one("noproof.verification.ticket", string="Verification Ticket")
    description = fields.Text(string="Complaint", required=True)
    anonymous = fields.Boolean()
    complainant_name = fields.Char(groups=COMPLAINANT_GROUPS)
    complainant_phone = fields.Char(groups=COMPLAINANT_GROUPS)
    complainant_email = fields.Char(groups=COMPLAINANT_GROUPS)
    state = fields.Selection(STATES, required=True, default="new", index=True, tracking=True, copy=False)
    investigator_id = fields.Many2one("res.users", string="Investigator", tracking=True, copy=False)
    investigation = fields.Html()
    substantiated = fields.Selection(SUBSTANTIATED, string="Conclusion", readonly=True, tracking=True, copy=False)
    conclusion = fields.Text(string="Conclusion Summary", readonly=True, copy=False)
    measure = fields.Selection(MEASURES, string="Accountability Measure", readonly=True, tracking=True, copy=False)
    responsible_persons = fields.Char(
        string="Persons Held Responsible", readonly=True, copy=False, help="Taizhou art. 20, Luzhou art. 19."
    )
    accountability = fields.Text(string="Accountability Details", readonly=True, copy=False)
    date_concluded = fields.Datetime(readonly=True, copy=False)
    access_token = fields.Char(copy=False, readonly=True, groups="base.group_system")
    query_code = fields.Char(
        string="Query Code",
        compute="_compute_query_code",
        groups=COMPLAINANT_GROUPS,
        help="With the tracking number, the complainant follows the complaint on the public status page. "
        "It is printed on the receipt; nobody else is told.",
    )
    submitter_hash = fields.Char(copy=False, readonly=True, index=True, groups="base.group_system")

    _sql_constraints = [
        ("external_ref_uniq", "unique(company_id, external_ref)", "This hotline ticket has already been imported."),
    ]

    @api.depends("deadline")
    def _compute_date_deadline(self):
        for complaint in self:
            tz = pytz.timezone(complaint.sla_policy_id.sudo().calendar_id.tz or self.env.user.tz or "Asia/Shanghai")
            deadline = complaint.deadline
            complaint.date_deadline = pytz.utc.localize(deadline).astimezone(tz).date() if deadline else False

    def _compute_query_code(self):
        # A computed field is computed whoever reads it (a report, a template): only the complainant's window
        # and the office read the code, as the field's groups say for the web client.
        allowed = self.env.su or any(self.env.user.has_group(group) for group in COMPLAINANT_GROUPS.split(","))
        for complaint in self:
            complaint.query_code = self._format_query_code(complaint.sudo().access_token) if allowed else False

    @api.model
    def _new_query_code(self):
        return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))

    @api.model
    def _format_query_code(self, code):
        """ABCD-EFGH: a code of ours in two groups of four; any other value (an older key) as it is."""
        if code and len(code) == QUERY_CODE_LENGTH and set(code) <= set(QUERY_CODE_ALPHABET):
            return f"{code[:4]}-{code[4:]}"
        return code or False

    @api.model
    def _find_by_query_code(self, number, code):
        """The complaint with this tracking number and 查询码, or an empty recordset. The code is read as people
        type it: any case, with or without the dash or spaces."""
        number, code = (number or "").strip(), (code or "").strip()
        if not number or not code:
            return self.browse()
        normalized = "".join(char for char in code.upper() if char.isalnum())
        return self.sudo().search([("name", "=", number), ("access_token", "in", list({normalized, code}))], limit=1)

    @api.constrains("description", "target_organization_id", "item_id")
    def _check_content_and_target(self):
        for complaint in self:
            if not (complaint.description or "").strip():
                raise ValidationError(_("Write what the complaint is about."))
            if not complaint.target_organization_id and not complaint.item_id:
                raise ValidationError(_("Say which organization or which service item the complaint is about."))

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            # the tracking number comes from the sequence, whoever creates the complaint
            vals["name"] = sequence.next_by_code("noproof.complaint") or "/"
            vals["access_token"] = self._new_query_code()
            if vals.get("item_id") and not vals.get("target_organization_id"):
                vals["target_organization_id"] = (
                    self.env["noproof.service.item"].browse(vals["item_id"]).organization_id.id
                )
            if vals.get("anonymous"):
                vals.update(complainant_name=False, complainant_phone=False, complainant_email=False)
        complaints = super().create(vals_list)
        complaints._subscribe_target_staff()
        return complaints

    def unlink(self):
        kept = self.filtered(lambda complaint: complaint.state != "cancelled")
        if kept:
            raise UserError(
                _(
                    "%(complaint)s stays on record: a registered complaint is concluded or cancelled, not deleted.",
                    complaint=kept[0].name,
                )
            )
        return super().unlink()

    def _subscribe_target_staff(self):
        for complaint in self:
            heads = complaint.target_organization_id.head_id.partner_id
            if heads:
                complaint.message_subscribe(partner_ids=heads.ids)

    @api.model
    def _submitter_hash(self, address):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{secret}:{address}".encode()).hexdigest()

    # ----------------------------------------------------------------- actions
    def _check_state(self, allowed, target):
        wrong = self.filtered(lambda complaint: complaint.state not in allowed)
        if wrong:
            states = dict(STATES)
            raise UserError(
                _(
                    "%(complaint)s is %(state)s and cannot become %(target)s.",
                    complaint=wrong[0].name,
                    state=states[wrong[0].state],
                    target=states[target],
                )
            )

    def _move(self, allowed, target, **values):
        self._check_state(allowed, target)
        self._workflow().write({"state": target, **values})

    def action_investigate(self):
        self._move(("new",), "investigating")
        for complaint in self.filtered(lambda c: not c.investigator_id):
            complaint.investigator_id = self.env.user

    def action_conclude(self):
        """Open the conclusion wizard: the conclusion and the accountability are recorded there, at once."""
        self._check_state(("new", "investigating"), "concluded")
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_supervision.action_noproof_complaint_conclude")
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def _conclude(self, values):
        """Record the conclusion (Taizhou art. 17, 20; Luzhou art. 17, 19) and tell the parties.

        ``values`` holds the fields of ``CONCLUSION_FIELDS`` as the supervision window filled them in."""
        values = {name: values.get(name) or False for name in CONCLUSION_FIELDS}
        if isinstance(values["conclusion"], str):
            values["conclusion"] = values["conclusion"].strip() or False
        for complaint in self:
            if not values["substantiated"] or not values["conclusion"]:
                raise UserError(
                    _(
                        "%(complaint)s: record whether the complaint is substantiated and summarize the conclusion "
                        "first.",
                        complaint=complaint.name,
                    )
                )
            if values["substantiated"] == "yes" and not values["measure"]:
                raise UserError(
                    _(
                        "%(complaint)s is substantiated: record the accountability measure (%(article)s).",
                        article=complaint.company_id._noproof_cite(taizhou="Taizhou art. 20", luzhou="Luzhou art. 19"),
                        complaint=complaint.name,
                    )
                )
        self._move(("new", "investigating"), "concluded", date_concluded=fields.Datetime.now(), **values)
        self._inform_parties()

    def action_print_receipt(self):
        """The receipt (受理回执) for the complainant: tracking number and 查询码 (Taizhou art. 17, Luzhou art. 17)."""
        return self.env.ref("noproof_supervision.action_report_complaint_receipt").report_action(self)

    def action_close(self):
        self._move(("concluded",), "closed")

    def action_cancel(self):
        self._move(("new", "investigating"), "cancelled")

    def action_reopen(self):
        self._move(("concluded", "cancelled"), "investigating", substantiated=False, date_concluded=False)

    def _inform_parties(self):
        """Tell the target organization and, unless anonymous, the complainant."""
        template = self.env.ref("noproof_supervision.mail_template_complaint_concluded")
        for complaint in self:
            staff = complaint.target_organization_id.head_id | complaint.target_organization_id.user_ids
            if staff:
                complaint.message_post(
                    body=_(
                        "Conclusion sent to %(organization)s: %(conclusion)s",
                        organization=complaint.target_organization_id.name,
                        conclusion=complaint.conclusion,
                    ),
                    partner_ids=staff.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            # Only to an address the window took down from the complainant; an address typed into the public
            # form is nobody's word and gets no mail (the complainant follows the complaint on the status page).
            if complaint.channel != "online" and not complaint.anonymous and complaint.sudo().complainant_email:
                template.sudo().send_mail(complaint.id, force_send=False)

    def _public_status(self):
        """What the public status page may show: nothing personal."""
        self.ensure_one()

        def label(field):
            return dict(self._fields[field]._description_selection(self.env)).get(self[field], "")

        return {
            "number": self.name,
            "state": label("state"),
            "received": self.date_received,
            "deadline": self.date_deadline,
            "type": label("complaint_type"),
            "organization": self.target_organization_id.name,
            "conclusion": self.conclusion if self.state in ("concluded", "closed") else False,
            "substantiated": label("substantiated"),
        }

    def _noproof_on_overdue(self, now):
        """Give the investigator (or the office head) a to-do for each overdue complaint; the deadline engine
        runs this once per complaint."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for complaint in self:
            user = complaint.investigator_id or complaint.company_id.noproof_office_id.head_id
            user = user or complaint.create_uid.filtered(lambda creator: not creator.share)
            if user:
                complaint.activity_schedule(
                    activity_type_id=todo.id,
                    user_id=user.id,
                    summary=_("Complaint %s is past its handling deadline", complaint.name),
                )

    @api.model
    @api.readonly
    def noproof_overview(self):
        """Counts for the office's overview screen (its client action calls this), within the user's record
        rules. A card whose model belongs to an add-on that is not installed (noproof_commitment is not a
        dependency) is left out."""
        return [
            {
                "key": key,
                "title": title,
                "help": help_text,
                "model": model,
                "domain": domain,
                "alert": alert,
                "count": self.env[model].search_count(domain) if self.env[model].has_access("read") else 0,
            }
            for key, title, help_text, model, domain, alert in self._overview_cards()
            if model in self.env
        ]

    @api.model
    def _overview_cards(self):
        """(key, title, help, model, domain, alert) of each card the overview may show."""
        cite = self.env.company._noproof_cite
        return [
            (
                "complaints_open",
                _("Open complaints"),
                _("Registered or under investigation"),
                "noproof.complaint",
                [("state", "in", ("new", "investigating"))],
                False,
            ),
            (
                "complaints_overdue",
                _("Overdue complaints"),
                _("Past their handling deadline"),
                "noproof.complaint",
                [("is_overdue", "=", True)],
                True,
            ),
            (
                "complaints_substantiated",
                _("Substantiated this year"),
                _("Complaints found true"),
                "noproof.complaint",
                [
                    ("substantiated", "=", "yes"),
                    ("date_received", ">=", fields.Date.context_today(self).replace(month=1, day=1)),
                ],
                False,
            ),
            (
                "cases_overdue",
                _("Cases past their deadline"),
                self.env.company._noproof_cite(
                    taizhou=_("Verification time left out (Taizhou art. 11 ¶4)"),
                    luzhou=_("Verification time left out for immediate items (Luzhou art. 10)"),
                ),
                "noproof.case",
                [("is_overdue", "=", True)],
                True,
            ),
            (
                "escalations_open",
                _("Overdue tickets to investigate"),
                cite(taizhou="Taizhou art. 11 ¶3", luzhou="Luzhou art. 12"),
                "noproof.ticket.escalation",
                [("state", "=", "open")],
                True,
            ),
            (
                "commitments_overdue",
                _("Commitments not verified in time"),
                _("Follow-up past its deadline (%(article)s)", article=cite(luzhou="Luzhou art. 8")),
                "noproof.commitment",
                [("is_overdue", "=", True)],
                True,
            ),
            (
                "change_requests",
                _("Change requests under review"),
                _(
                    "New or changed certificates after publication (%(article)s)",
                    article=cite(taizhou="Taizhou art. 6 ¶2"),
                ),
                "noproof.change.request",
                [("state", "=", "submitted")],
                False,
            ),
            (
                "filings",
                _("County filings to acknowledge"),
                _("Approved by a county office (%(article)s)", article=cite(taizhou="Taizhou art. 6 ¶2")),
                "noproof.filing",
                [("state", "=", "filed")],
                False,
            ),
            (
                "enterprise_lists",
                _("Enterprise lists to review"),
                _(
                    "Filed from the enterprises' own instances (%(article)s)",
                    article=cite(taizhou="Taizhou art. 21", luzhou="Luzhou art. 24"),
                ),
                "noproof.enterprise.list",
                [("state", "=", "filed")],
                False,
            ),
            (
                "ledgers_rewritten",
                _("Rewritten ledgers of supervised levels"),
                _("Their daily chain head no longer matches the heads held here"),
                "noproof.ledger.peer.anchor",
                [("state", "=", "mismatch")],
                True,
            ),
            (
                "legal_bases_lapsing",
                _("Legal bases lapsing"),
                _(
                    "Validity period ending soon or ended while still in use (%(article)s)",
                    article=cite(luzhou="Luzhou art. 25"),
                ),
                "noproof.legal.basis",
                self.env["noproof.legal.basis"]._noproof_lapsing_domain(self.env.company),
                True,
            ),
            (
                "interviews_planned",
                _("Interviews planned"),
                _("Not held yet"),
                "noproof.interview",
                [("state", "=", "planned")],
                False,
            ),
            (
                "under_target",
                _("Under target"),
                _("Organizations below the target in evaluations not yet reported"),
                "noproof.evaluation.line",
                [("under_target", "=", True), ("evaluation_id.state", "=", "computed")],
                True,
            ),
            *self._overview_exchange_cards(),
        ]

    @api.model
    def _overview_exchange_cards(self):
        """One card per peer instance of the user's levels with messages waiting for delivery or refused
        (forwarded complaints, tickets, figures): they stop the exchange until the peer takes them."""
        cards = []
        for peer, waiting, refused in self.env["noproof.exchange.message"]._noproof_undelivered_by_peer():
            if peer.company_id not in self.env.companies:
                continue
            cards.append(
                (
                    f"undelivered_{peer.id}",
                    _("Undelivered to %(peer)s", peer=peer.name),
                    _("%(waiting)s waiting, %(refused)s refused by the peer", waiting=waiting, refused=refused),
                    "noproof.exchange.message",
                    [("peer_id", "=", peer.id), ("direction", "=", "out"), ("state", "in", ("pending", "refused"))],
                    bool(refused),
                )
            )
        return cards
