from datetime import datetime, timedelta

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..tools.office_clock import NoOfficeTime, cached_call

HANDLING_TYPES = [("immediate", "Immediate (即办件)"), ("non_immediate", "Non-Immediate (承诺件)")]
DATA_KINDS = [
    ("electronic", "Electronic Data"),
    ("paper", "Paper Archives"),
    ("historical", "Incomplete Historical Archives"),
]
DURATION_UNITS = [("minutes", "Minutes"), ("hours", "Hours"), ("working_days", "Working Days")]
TIME_BASES = [("office", "Office Time"), ("calendar", "Calendar Time")]
TICKET_MODEL = "noproof.verification.ticket"
CASE_MODEL = "noproof.case"
# The documents whose deadlines the policies set; add-ons add theirs with selection_add.
DOCUMENT_MODELS = [(TICKET_MODEL, "Verification Ticket"), (CASE_MODEL, "Case")]
UNIT_SECONDS = {"minutes": 60, "hours": 3600}
OVERDUE_BATCH = 1000


class NoproofSlaPolicy(models.Model):
    """How long a document may wait: the answer to a verification ticket, the
    handling of a case, the follow-up of a commitment, the handling of a
    complaint (``res_model``).

    A policy matches documents of its type by the item's handling type and the
    kind of data to look up (each empty for "any"); the most specific policy of
    the document's level wins, a county falling back on its city's policies.
    """

    _name = "noproof.sla.policy"
    _inherit = ["noproof.office.clock.mixin"]
    _description = "Deadline Policy"
    _order = "company_id, res_model, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    res_model = fields.Selection(
        DOCUMENT_MODELS,
        string="Document Type",
        required=True,
        default=TICKET_MODEL,
        index=True,
        help="The documents whose deadline this policy sets.",
    )
    use_item_days = fields.Boolean(
        string="Item's Promised Working Days",
        help="For cases: the deadline is the service item's promised working days of office time; the duration "
        "set here applies only to items without promised working days.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    handling_type = fields.Selection(HANDLING_TYPES, help="Leave empty to match every handling type.")
    data_kind = fields.Selection(DATA_KINDS, string="Kind of Data", help="Leave empty to match every kind of data.")
    duration = fields.Float(required=True, default=30.0, digits=(16, 2))
    duration_unit = fields.Selection(DURATION_UNITS, string="Unit", required=True, default="minutes")
    time_basis = fields.Selection(
        TIME_BASES,
        required=True,
        default="office",
        help="Office time counts only the calendar's office hours, skips public holidays and includes make-up "
        "working days; calendar time counts every hour.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Office hours (in the calendar's time zone), with its holidays and make-up working days.",
    )
    legal_reference = fields.Char(help="The provision that sets this deadline, e.g. 泸州 第十条.")
    summary = fields.Char(compute="_compute_summary", string="Deadline")

    @api.depends("duration", "duration_unit", "time_basis")
    def _compute_summary(self):
        units = dict(self._fields["duration_unit"]._description_selection(self.env))
        bases = dict(self._fields["time_basis"]._description_selection(self.env))
        for policy in self:
            policy.summary = _(
                "%(duration)s %(unit)s of %(basis)s",
                duration=format(policy.duration, "g"),
                unit=units.get(policy.duration_unit, ""),
                basis=bases.get(policy.time_basis, ""),
            )

    @api.constrains("duration")
    def _check_duration(self):
        for policy in self:
            if policy.duration <= 0:
                raise ValidationError(
                    _(
                        "%(policy)s: the deadline must be longer than zero. Enter a positive duration.",
                        policy=policy.name,
                    )
                )

    @api.constrains("time_basis", "duration_unit", "calendar_id")
    def _check_calendar(self):
        for policy in self:
            if policy.time_basis != "office":
                continue
            if not policy.calendar_id:
                raise ValidationError(
                    _(
                        "%(policy)s counts office time: choose the working calendar whose office hours count.",
                        policy=policy.name,
                    )
                )
            clock = policy.calendar_id._noproof_office_clock(policy.calendar_id.id)
            if not clock.attendances or (policy.duration_unit == "working_days" and not clock.day_seconds):
                raise ValidationError(
                    _(
                        "%(policy)s: the working calendar %(calendar)s has no office hours on Mondays, so a "
                        "working day cannot be measured on it. Complete its office hours first.",
                        policy=policy.name,
                        calendar=policy.calendar_id.name,
                    )
                )

    # ---------------------------------------------------------------- public API
    @api.private
    def compute_deadline(self, start):
        """The deadline of a ticket sent at ``start`` under this policy.

        :param datetime start: naive UTC, as Odoo stores datetimes
        :return: naive UTC datetime, to the second

        The hot path reads no field and runs no query: the policy's terms and its
        calendar's office clock come from registry caches that any change to a
        policy, a calendar's hours or its holidays invalidates.
        """
        self.ensure_one()
        if isinstance(start, str):
            start = fields.Datetime.to_datetime(start)
        elif not isinstance(start, datetime):
            raise ValueError(f"compute_deadline() needs a datetime, not {start!r}")
        if start.tzinfo is not None:
            start = start.astimezone(pytz.utc).replace(tzinfo=None)
        if start.microsecond:
            start = start.replace(microsecond=0)
        time_basis, unit, duration, calendar_id = cached_call(self._noproof_terms, self.id)
        if time_basis == "calendar":
            if unit == "working_days":
                return start + timedelta(days=duration)
            return start + timedelta(seconds=duration * UNIT_SECONDS[unit])
        clock = cached_call(self.env["resource.calendar"]._noproof_office_clock, calendar_id)
        seconds = duration * (clock.day_seconds if unit == "working_days" else UNIT_SECONDS[unit])
        try:
            if not seconds:
                raise NoOfficeTime("no office time")
            return clock.add(start, seconds)
        except NoOfficeTime as error:
            calendar = self.env["resource.calendar"].browse(calendar_id)
            raise UserError(
                _(
                    "The working calendar %(calendar)s has no office time after %(start)s. Complete its office "
                    "hours, including Mondays (a working day is a Monday's office hours).",
                    calendar=calendar.name,
                    start=start,
                )
            ) from error

    def _noproof_deadline(self, start, days=None, pauses=()):
        """The deadline of a document whose clock starts at ``start`` (naive UTC):
        ``compute_deadline``, or, for ``days`` (a number of working days replacing the
        policy's duration, such as an item's promised working days), that many days;
        the clock stops during ``pauses`` (closed ``(start, end)`` intervals of naive
        UTC datetimes), so the deadline moves on by the time they cover."""
        self.ensure_one()
        if not days and not pauses:
            return self.compute_deadline(start)
        start = start.replace(microsecond=0)
        time_basis, unit, duration, calendar_id = cached_call(self._noproof_terms, self.id)
        if days:
            unit, duration = "working_days", days
        if time_basis == "calendar":
            span = (
                timedelta(days=duration) if unit == "working_days" else timedelta(seconds=duration * UNIT_SECONDS[unit])
            )

            def until(seconds):
                return start + span + timedelta(seconds=seconds)

            def paused(end):
                return sum(
                    (min(stop, end) - max(begin, start)).total_seconds()
                    for begin, stop in pauses
                    if min(stop, end) > max(begin, start)
                )
        else:
            clock = cached_call(self.env["resource.calendar"]._noproof_office_clock, calendar_id)
            base = duration * (clock.day_seconds if unit == "working_days" else UNIT_SECONDS[unit])
            if not base or not clock.attendances:
                return self.compute_deadline(start)

            def until(seconds):
                return clock.add(start, base + seconds)

            def paused(end):
                return clock.office_seconds_in(
                    [
                        (max(begin, start), min(stop, end))
                        for begin, stop in pauses
                        if min(stop, end) > max(begin, start)
                    ]
                )

        # Each pause before the deadline pushes it on; the pauses are finite, so this settles.
        deadline, seconds = until(0.0), 0.0
        for _attempt in range(len(pauses) + 2):
            more = paused(deadline)
            if more == seconds:
                break
            seconds = more
            deadline = until(seconds)
        return deadline.replace(microsecond=0)

    def _noproof_clock(self, company=None):
        """The office clock that measures a document of this policy: its calendar's,
        else the level's (None when neither has office hours)."""
        calendar = self.sudo().calendar_id or (company or self.env.company).sudo().resource_calendar_id
        if not calendar:
            return None
        clock = cached_call(self.env["resource.calendar"]._noproof_office_clock, calendar.id)
        return clock if clock.attendances else None

    @api.model
    @tools.ormcache("policy_id")
    def _noproof_terms(self, policy_id):
        """(time basis, unit, duration, calendar id) of a policy, cached."""
        policy = self.sudo().browse(policy_id)
        return (policy.time_basis, policy.duration_unit, policy.duration, policy.calendar_id.id)

    # ------------------------------------------------------- the overdue scan
    @api.model
    def _cron_process_overdue(self, batch_size=OVERDUE_BATCH):
        """The one scheduled action of the deadline engine: report one batch of newly
        overdue documents of every type (tickets, cases, commitment follow-ups,
        complaints), each once, and let the scheduler call again while some remain,
        committing in between."""
        done, remaining = self._noproof_process_overdue(batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _noproof_process_overdue(self, limit=OVERDUE_BATCH):
        """Up to ``limit`` overdue documents, all types together, reported once each.
        Returns (reported, still to report)."""
        done = remaining = 0
        Mixin = self.env["noproof.deadline.mixin"]
        for name in Mixin._noproof_deadline_models():
            Model = self.env[name]
            if done < limit:
                count, left = Model._noproof_process_overdue(limit - done)
            else:
                count, left = 0, Model._noproof_overdue_batch(fields.Datetime.now(), 1)[1]
            done += count
            remaining += left
        return done, remaining

    @api.model
    def _noproof_migrate_level_setting(self, res_model, name, old_cron, column, query):
        """Migration of a level setting (``res_company.<column>``) to deadline policies:
        the old scheduled action ``old_cron`` gives way to the engine's; each row of
        ``query`` (company id, days, counted in office time) gives its level a policy of
        ``res_model`` with that figure, unless it has one; then the documents' policies
        are matched again (without reporting them overdue a second time)."""
        cron = self.env.ref(old_cron, raise_if_not_found=False)
        if cron:
            cron.unlink()
        cr = self.env.cr
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'res_company' AND column_name = %s", [column]
        )
        figures = []
        if cr.fetchone():
            cr.execute(query)
            figures = cr.fetchall()
        Policy = self.sudo().with_context(active_test=False)
        for company_id, days, office in figures:
            if (
                not days
                or days <= 0
                or Policy.search_count([("company_id", "=", company_id), ("res_model", "=", res_model)])
            ):
                continue
            calendar = self.env["res.company"].browse(company_id).sudo().resource_calendar_id
            Policy.create(
                {
                    "name": name,
                    "res_model": res_model,
                    "company_id": company_id,
                    "duration": days,
                    "duration_unit": "working_days",
                    "time_basis": "office" if office and calendar else "calendar",
                    "calendar_id": calendar.id,
                }
            )
        self.env[res_model].sudo().search([])._noproof_rematch_deadline(report_again=False)

    @api.model
    def _noproof_match(self, company, handling_type=False, data_kind=False, res_model=TICKET_MODEL):
        """The most specific active policy of ``company`` (or, failing that, of the
        nearest parent level) for a document of type ``res_model`` (a ticket by
        default) of this handling type and kind of data."""
        Policy = self.sudo()
        while company:
            if not company._origin.id:  # a level being created in its form: only its parent has policies yet
                company = company.parent_id
                continue
            candidates = Policy.search(
                [
                    ("company_id", "=", company._origin.id),
                    ("res_model", "=", res_model),
                    ("handling_type", "in", [handling_type, False]),
                    ("data_kind", "in", [data_kind, False]),
                ]
            )
            if candidates:
                return min(
                    candidates,
                    key=lambda p: (not p.handling_type, not p.data_kind, p.sequence, p.id),
                ).sudo(False)
            company = company.parent_id
        return self.browse()
