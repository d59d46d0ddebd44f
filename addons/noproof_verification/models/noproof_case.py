import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .noproof_verification_ticket import OPEN_STATES as TICKET_OPEN_STATES

CASE_STATES = [
    ("open", "In Progress"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
DECIDED_STATES = ("approved", "rejected")
HOUR = 3600.0
# The 查询码 on the receipt: letters and digits nobody misreads (no 0/O, 1/I/L).
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 8
# A case's deadline counts down; it is "due soon" within this many hours.
DUE_SOON_HOURS = 24


class NoproofCase(models.Model):
    """A case (办件): one applicant applying for one service item. Every
    certificate the item used to require becomes a check that the office
    resolves without the applicant fetching the certificate."""

    _name = "noproof.case"
    _description = "Case"
    _inherit = ["noproof.workflow.mixin", "noproof.deadline.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_opened desc, id desc"
    _workflow_fields = ("state", "date_opened", "date_decided", "sla_policy_id")
    # The deadline engine (noproof.deadline.mixin): the handling deadline is the item's promised
    # working days of office time from opening to decision, the clock stopping while the case's
    # verification tickets wait (Taizhou art. 11 ¶4; Luzhou art. 10 for immediate items).
    _deadline_start_field = "date_opened"
    _deadline_end_field = "date_decided"
    _deadline_open_states = ("open",)
    _deadline_policy_depends = ("company_id", "handling_type")
    _deadline_depends = (
        "item_id.promised_days",
        "handling_type",
        "company_id.noproof_waiting_excluded",
        "ticket_ids.state",
        "ticket_ids.sent_at",
        "ticket_ids.answered_at",
        "ticket_ids.cancelled_at",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    item_id = fields.Many2one(
        "noproof.service.item",
        string="Service Item",
        required=True,
        index=True,
        tracking=True,
        domain="[('noproof_case_open', '=', True)]",
    )
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True, string="Level")
    organization_id = fields.Many2one(
        related="item_id.organization_id", store=True, index=True, string="Handling Organization"
    )
    handling_type = fields.Selection(related="item_id.handling_type", store=True)
    risk_category = fields.Selection(related="item_id.risk_category", store=True)
    applicant_id = fields.Many2one(
        "res.partner",
        string="Applicant",
        required=True,
        index=True,
        tracking=True,
        domain="[('noproof_is_applicant', '=', True)]",
    )
    applicant_id_number_masked = fields.Char(
        related="applicant_id.noproof_id_number_masked", string="Identity Number (Masked)"
    )
    applicant_id_number = fields.Char(
        string="Identity Number",
        compute="_compute_applicant_id_number",
        groups="noproof_catalog.group_identity_reader",
        help="The whole number for the clerk and the handling organization of the case (written to the access "
        "log), masked for anyone else.",
    )
    applicant_phone = fields.Char(string="Contact Phone")
    clerk_id = fields.Many2one(
        "res.users", string="Clerk", required=True, index=True, default=lambda self: self.env.user, tracking=True
    )
    properties = fields.Properties("Application Form", definition="item_id.case_properties_definition", copy=True)
    state = fields.Selection(CASE_STATES, required=True, default="open", index=True, tracking=True, copy=False)
    date_opened = fields.Datetime(
        string="Opened", required=True, readonly=True, default=fields.Datetime.now, copy=False, index=True
    )
    date_decided = fields.Datetime(string="Decided", readonly=True, copy=False, index=True)
    decision_note = fields.Text(string="Decision Note", tracking=True)
    tracking_code = fields.Char(
        string="Tracking Code",
        readonly=True,
        copy=False,
        help="The 查询码 printed on the receipt: with the case number, the applicant follows the case on the public "
        "status page, which shows no personal data.",
    )
    check_ids = fields.One2many("noproof.case.check", "case_id", string="Checks", copy=False)
    ticket_ids = fields.One2many("noproof.verification.ticket", "case_id", string="Verification Tickets", copy=False)
    query_ids = fields.One2many("noproof.data.query", "case_id", string="Data Queries", copy=False)
    check_count = fields.Integer(compute="_compute_check_stats")
    check_done_count = fields.Integer(compute="_compute_check_stats", string="Resolved Checks")
    check_progress = fields.Float(compute="_compute_check_stats", string="Checks Resolved (%)")
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    # Figures of record, fixed when the case is decided (reporting).
    processing_hours = fields.Float(
        string="Processing Time (Office Hours)",
        compute="_compute_times_of_record",
        store=True,
        aggregator="avg",
        help="Office time from opening to decision.",
    )
    waiting_hours = fields.Float(
        string="Waiting on Verification (Office Hours)",
        compute="_compute_times_of_record",
        store=True,
        aggregator="avg",
        help="Office time during which at least one verification ticket of the case was waiting for its answer.",
    )
    # The engine's office_hours: the processing time without the time the statute leaves out.
    office_hours = fields.Float(
        string="Assessed Time (Office Hours)",
        help="Processing time on which the handling organization is assessed: verification time is left out "
        "(Taizhou art. 11 ¶4, Luzhou art. 10 for immediate items).",
    )
    on_time = fields.Boolean(string="Decided on Time")
    deadline = fields.Datetime(
        string="Handling Deadline",
        help="The item's promised working days of office time from opening; the clock stops while the case's "
        "verification tickets wait where the level's statute leaves verification time out (Taizhou art. 11 ¶4, "
        "Luzhou art. 10).",
    )
    overdue_at = fields.Datetime(string="Reported Overdue On")
    deadline_paused = fields.Boolean(
        string="Clock Stopped",
        compute="_compute_deadline_paused",
        help="A verification ticket of the case is waiting for its answer: the handling clock stands still "
        "(Taizhou art. 11 ¶4, Luzhou art. 10).",
    )
    is_due_soon = fields.Boolean(
        string="Due Soon", compute="_compute_is_due_soon", search="_search_is_due_soon", help="Due within a day."
    )
    # The same figures up to now while the case is open (form view).
    current_processing_hours = fields.Float(string="Processing Time", compute="_compute_current_times")
    current_waiting_hours = fields.Float(string="Waiting on Verification", compute="_compute_current_times")
    current_assessed_hours = fields.Float(string="Assessed Time", compute="_compute_current_times")

    _sql_constraints = [
        ("tracking_code_uniq", "unique(name, tracking_code)", "Another case already has this number and tracking code.")
    ]

    def init(self):
        super().init()
        # Cases opened before tracking codes existed get theirs (no receipt quoted one yet).
        self.env.cr.execute("SELECT id FROM noproof_case WHERE tracking_code IS NULL")
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE noproof_case c SET tracking_code = v.code "
                    "FROM (VALUES %s) AS v(id, code) WHERE c.id = v.id",
                    SQL(", ").join(SQL("(%s, %s)", case_id, self._noproof_new_tracking_code()) for case_id in ids),
                )
            )

    # ------------------------------------------------------------ computes
    @api.depends_context("uid")
    def _compute_applicant_id_number(self):
        # No @api.depends: computed when a saved document is read, never while a form is edited.
        for record in self:
            record.applicant_id_number = record.applicant_id._noproof_id_number_shown(record) if record.id else False

    @api.depends("check_ids.state")
    def _compute_check_stats(self):
        for case in self:
            case.check_count = len(case.check_ids)
            case.check_done_count = len(case.check_ids.filtered(lambda check: check.state == "done"))
            case.check_progress = 100.0 * case.check_done_count / case.check_count if case.check_count else 100.0

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for case in self:
            case.ticket_count = len(case.ticket_ids)

    @api.depends(
        "date_opened",
        "date_decided",
        "handling_type",
        "company_id.noproof_waiting_excluded",
        "ticket_ids.sent_at",
        "ticket_ids.answered_at",
        "ticket_ids.cancelled_at",
    )
    def _compute_times_of_record(self):
        for case in self:
            times = case._noproof_measure_times(case.date_decided) if case.date_decided else (0.0, 0.0, 0.0)
            case.processing_hours, case.waiting_hours = times[:2]

    @api.depends("state", "handling_type", "company_id.noproof_waiting_excluded", "ticket_ids.state")
    def _compute_deadline_paused(self):
        for case in self:
            case.deadline_paused = case.state == "open" and case._noproof_deadline_paused()

    @api.depends("state", "deadline")
    def _compute_is_due_soon(self):
        now = fields.Datetime.now()
        soon = now + timedelta(hours=DUE_SOON_HOURS)
        for case in self:
            case.is_due_soon = bool(case.state == "open" and case.deadline and now <= case.deadline <= soon)

    def _search_is_due_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search cases due soon with 'is set' or 'is not set'."))
        now = fields.Datetime.now()
        soon = [
            ("state", "=", "open"),
            ("deadline", ">=", now),
            ("deadline", "<=", now + timedelta(hours=DUE_SOON_HOURS)),
        ]
        return soon if (operator == "=") == value else ["!", "&", "&", *soon]

    def _compute_current_times(self):
        now = fields.Datetime.now()
        for case in self:
            times = case._noproof_measure_times(case.date_decided or now) if case.date_opened else (0.0, 0.0, 0.0)
            case.current_processing_hours, case.current_waiting_hours, case.current_assessed_hours = times

    def _noproof_clock(self):
        return self.sla_policy_id._noproof_clock(self.company_id or self.env.company)

    def _noproof_waiting_intervals(self, end):
        """When the case waited for verification: from each ticket's sending to its
        answer (or cancellation, or ``end`` while it is still outstanding)."""
        self.ensure_one()
        intervals = []
        for ticket in self.sudo().ticket_ids:
            if not ticket.sent_at:
                continue
            stop = ticket.answered_at or ticket.cancelled_at or end
            start, stop = max(ticket.sent_at, self.date_opened), min(stop, end)
            if stop > start:
                intervals.append((start, stop))
        return intervals

    def _noproof_waiting_excluded(self):
        self.ensure_one()
        rule = self.company_id.noproof_waiting_excluded or "all"
        return rule == "all" or (rule == "immediate" and self.handling_type == "immediate")

    # ------------------------------------------------------ deadline engine
    def _noproof_deadline_criteria(self):
        self.ensure_one()
        return {"company": self.company_id, "handling_type": self.handling_type}

    def _noproof_deadline_days(self):
        """The item's promised working days, where the policy counts them."""
        self.ensure_one()
        promised = self.item_id.sudo().promised_days
        return promised if promised > 0 and self.sla_policy_id.sudo().use_item_days else None

    def _noproof_deadline_pauses(self, end):
        """Taizhou art. 11 ¶4, Luzhou art. 10: the time a case waits for its
        verification tickets is not counted against the handling organization."""
        self.ensure_one()
        return self._noproof_waiting_intervals(end) if self._noproof_waiting_excluded() else []

    def _noproof_deadline_paused(self):
        self.ensure_one()
        return self._noproof_waiting_excluded() and any(
            ticket.state in TICKET_OPEN_STATES and ticket.sent_at for ticket in self.sudo().ticket_ids
        )

    def _noproof_on_overdue(self, now):
        """Tell each clerk, once, about their cases past the handling deadline (the
        office sees them on its overview and in the evaluation)."""
        activity_type = self.env.ref("noproof_verification.mail_activity_type_case_overdue")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "activity_type_id": activity_type.id,
                    "user_id": case.clerk_id.id,
                    "date_deadline": today,
                    "res_name": case.name,
                    "automated": True,
                    "summary": _("Case %(case)s is past its handling deadline", case=case.name),
                }
                for case in self
                if case.clerk_id
            ]
        )

    def _noproof_measure_times(self, end):
        """(processing, waiting, assessed) office hours from opening to ``end``."""
        self.ensure_one()
        clock = self._noproof_clock()
        if clock is None or end <= self.date_opened:
            return (0.0, 0.0, 0.0)
        processing = clock.office_seconds_between(self.date_opened, end) / HOUR
        waiting = clock.office_seconds_in(self._noproof_waiting_intervals(end)) / HOUR
        assessed = processing - waiting if self._noproof_waiting_excluded() else processing
        return (round(processing, 4), round(waiting, 4), round(max(assessed, 0.0), 4))

    # --------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("noproof.case") or "/"
            vals["tracking_code"] = self._noproof_new_tracking_code()
        # A case is a purpose to read the applicant's whole identity number: it may be
        # opened only for an applicant the clerk may see (the applicants of their levels).
        applicant_ids = {vals["applicant_id"] for vals in vals_list if vals.get("applicant_id")}
        applicants = self.env["res.partner"].browse(applicant_ids)
        applicants.check_access("read")
        unregistered = applicants.sudo().filtered(lambda partner: not partner.noproof_is_applicant)
        if unregistered:
            raise ValidationError(
                _(
                    "%(name)s is not registered as an applicant: register the person with an identity document "
                    "(the applicant field's “Create and edit…”), then open the case.",
                    name=unregistered[0].name,
                )
            )
        cases = super().create(vals_list)
        cases._noproof_check_live_item()
        cases._noproof_check_legal_bases()
        cases._noproof_create_checks()
        return cases

    def _noproof_check_live_item(self):
        """A case is opened only on an item with certificate rules in force: on any
        other item it would have no check and could be approved at once."""
        for case in self:
            if not case.sudo()._noproof_live_rules():
                raise UserError(
                    _(
                        "%(item)s cannot take cases: none of its certificate rules is in force (they are drafted, "
                        "awaiting approval, suspended, retired or outside their validity dates). Ask the catalog "
                        "manager to activate the item's rules, or choose another item.",
                        item=case.item_id.sudo().display_name,
                    )
                )

    def _noproof_check_legal_bases(self):
        """Taizhou art. 6 ¶3: a rule stops from the day its legal basis is repealed or
        amended (Luzhou art. 25: or its validity period ends), whether or not the
        nightly job has suspended it yet. A case is not opened on such a rule."""
        today = fields.Date.context_today(self)
        for case in self:
            for rule in case.sudo()._noproof_live_rules():
                basis = rule.legal_basis_id
                lapse = basis and basis._noproof_lapse_date()
                if not lapse or lapse > today:
                    continue
                company = case.company_id
                if basis.date_repealed and basis.date_repealed <= today:
                    article = company._noproof_cite(taizhou="Taizhou art. 6 ¶3")
                    raise UserError(
                        _(
                            "%(item)s cannot be opened: the legal basis of %(certificate)s, %(basis)s, was repealed "
                            "or amended on %(date)s, and the rule stops from that day (%(article)s). Ask the "
                            "joint-conference office to re-decide the certificate through a change request.",
                            item=case.item_id.name,
                            certificate=rule.certificate_id.name,
                            basis=basis.display_name,
                            date=basis.date_repealed,
                            article=article,
                        )
                    )
                article = company._noproof_cite(taizhou="Taizhou art. 6 ¶3", luzhou="Luzhou art. 25")
                raise UserError(
                    _(
                        "%(item)s cannot be opened: the validity period of %(basis)s, the legal basis of "
                        "%(certificate)s, ended on %(date)s, and the rule stops from then (%(article)s). Ask the "
                        "joint-conference office to re-decide the certificate through a change request.",
                        item=case.item_id.name,
                        certificate=rule.certificate_id.name,
                        basis=basis.display_name,
                        date=basis.date_expiry,
                        article=article,
                    )
                )

    @api.model
    def _noproof_new_tracking_code(self):
        return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))

    def write(self, vals):
        if "tracking_code" in vals and any(case.tracking_code != vals["tracking_code"] for case in self):
            raise UserError(_("The tracking code of a case is issued once, on its receipt, and never changes."))
        if "applicant_id" in vals and any(case.applicant_id.id != vals["applicant_id"] for case in self):
            raise UserError(
                _("A case cannot change its applicant. Cancel it and open a new case for the right applicant.")
            )
        if "item_id" in vals and any(case.item_id.id != vals["item_id"] for case in self):
            raise UserError(
                _("A case cannot move to another service item. Cancel it and open a new case for that item.")
            )
        return super().write(vals)

    def _noproof_live_rules(self):
        """The item's certificate rules in force today."""
        self.ensure_one()
        return self.item_id._noproof_live_rules()

    def _noproof_create_checks(self):
        Check = self.env["noproof.case.check"]
        vals_list = []
        for case in self:
            for rule in case._noproof_live_rules():
                vals_list.append(Check._noproof_values_from_rule(case, rule))
        return Check._workflow_create(vals_list)

    # ------------------------------------------------------------- actions
    def _noproof_check_open(self):
        self.check_access("write")
        for case in self:
            if case.state != "open":
                raise UserError(_("%(case)s is no longer in progress; nothing can change on it.", case=case.name))

    def action_approve(self):
        self._noproof_check_open()
        for case in self:
            blocking = case.check_ids.filtered(lambda check: check._noproof_check_blocks_approval())
            if blocking:
                raise UserError(
                    _(
                        "%(case)s cannot be approved yet: resolve %(checks)s first.",
                        case=case.name,
                        checks=", ".join(blocking.mapped("certificate_id.name")),
                    )
                )
        self._noproof_decide("approved")
        return True

    def action_reject(self):
        self._noproof_check_open()
        for case in self:
            if not (case.decision_note or "").strip():
                raise UserError(
                    _("Write in the decision note why %(case)s is rejected, then reject it.", case=case.name)
                )
        self._noproof_decide("rejected")
        return True

    def action_cancel(self):
        self._noproof_check_open()
        self.sudo().ticket_ids._noproof_end_with_check()
        self._workflow().write({"state": "cancelled", "date_decided": fields.Datetime.now()})
        return True

    def _noproof_decide(self, state):
        tickets = self.sudo().ticket_ids
        tickets._noproof_end_with_check()
        tickets.filtered(lambda t: t.state == "answered")._noproof_close()
        self._workflow().write({"state": state, "date_decided": fields.Datetime.now()})

    # ---------------------------------------------------------------- papers
    def action_print_receipt(self):
        """The receipt (受理回执) handed to the applicant: number, tracking code, item, date."""
        return self.env.ref("noproof_verification.action_report_case_receipt").report_action(self)

    def action_print_decision(self):
        """The decision notice (办结通知) of an approved or rejected case."""
        for case in self:
            if case.state not in DECIDED_STATES:
                raise UserError(
                    _(
                        "%(case)s is not decided yet: the decision notice is printed once it is approved or rejected.",
                        case=case.name,
                    )
                )
        return self.env.ref("noproof_verification.action_report_case_decision").report_action(self)

    def _noproof_paper_texts(self):
        """The sentences of the case papers, quoting the articles of the level's own statute."""
        self.ensure_one()
        company = self.company_id
        return {
            "accepted": _(
                "Your application has been accepted. The office checks each fact the item needs itself, through "
                "shared data, verification with other departments or your written commitment: you are asked for no "
                "certificate that is not on the published cancellation list (%(article)s). Time spent waiting for "
                "other departments is not counted in the handling time (%(waiting)s).",
                article=company._noproof_cite(taizhou="Taizhou art. 6 ¶1", luzhou="Luzhou art. 7 ¶2"),
                waiting=company._noproof_cite(taizhou="Taizhou art. 11 ¶4", luzhou="Luzhou art. 10"),
            ),
            "follow": _(
                "Follow your case at %(url)s with the case number and the tracking code above. Keep this receipt: "
                "the tracking code is printed only here.",
                url=self._noproof_status_url(),
            ),
            "complaint": _(
                "If you were asked for a certificate that is not on the published cancellation list, or disagree "
                "with how the case was handled, you may complain to the No-Proof City supervision window or the "
                "12345 hotline (%(article)s).",
                article=company._noproof_cite(taizhou="Taizhou art. 17", luzhou="Luzhou art. 17"),
            ),
        }

    def _noproof_public_status(self):
        """What the public status page shows of a case: nothing personal."""
        self.ensure_one()
        case = self.sudo()
        states = dict(self._fields["state"]._description_selection(self.env))
        return {
            "number": case.name,
            "item": case.item_id.name,
            "organization": case.organization_id.name,
            "level": case.company_id.name,
            "state": states[case.state],
            "opened": case.date_opened,
            "decided": case.date_decided,
            "checks_done": case.check_done_count,
            "checks": case.check_count,
        }

    def _noproof_status_url(self):
        """The public status page at the level's public address (never the host of the last request)."""
        self.ensure_one()
        return f"{self.company_id.sudo()._noproof_public_url()}/noproof/case/status"

    @api.model
    def _noproof_find_by_tracking(self, number, code):
        """The case of this number and tracking code (both whole, letters in any case), or nothing."""
        number, code = (number or "").strip().upper(), (code or "").strip().upper()
        if not number or len(code) != TRACKING_LENGTH:
            return self.browse()
        return self.sudo().search([("name", "=", number), ("tracking_code", "=", code)], limit=1)

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_verification.action_noproof_ticket_sent")
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {}
        return action
