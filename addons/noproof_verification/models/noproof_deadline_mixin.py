import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

HOUR = 3600.0
OVERDUE_BATCH = 1000


class NoproofDeadlineMixin(models.AbstractModel):
    """A document with a deadline set by the deadline policies (noproof.sla.policy).

    The one deadline engine of the project: verification tickets, cases,
    commitment follow-ups and complaints inherit it. A model says

    - ``_deadline_start_field``: the datetime its clock starts from;
    - ``_deadline_end_field``: the datetime its clock stops at (answer, decision …);
    - ``_deadline_open_states``: the values of ``state`` in which it waits, the only
      ones in which it can be overdue;

    and may extend ``_noproof_deadline_criteria`` (what matches its policy),
    ``_noproof_deadline_days`` (a number of working days replacing the policy's
    duration), ``_noproof_deadline_pauses`` (when its clock stops, as the statute
    says) and ``_noproof_on_overdue`` (what happens, once, when it becomes overdue).

    The engine stores the deadline, answers "overdue?" with a query on a partial
    index, runs the overdue hook once per document from one batched scheduled
    action over every document type, and measures, once the clock stops, the office
    time taken (``office_hours``, pauses left out) and whether it was on time
    (``on_time``): the figures the evaluation and the ticket figures reuse.
    """

    _name = "noproof.deadline.mixin"
    _description = "Document With a Deadline"

    _deadline_start_field = None
    _deadline_end_field = None
    _deadline_open_states = ()
    # Fields besides the start and end that change the policy, the deadline or the figures.
    _deadline_policy_depends = ("company_id",)
    _deadline_depends = ()
    # The engine's fields change only through the engine (noproof.workflow.mixin guards them).
    _workflow_fields = ("deadline", "overdue_at", "office_hours", "on_time")

    sla_policy_id = fields.Many2one(
        "noproof.sla.policy",
        string="Deadline Policy",
        compute="_compute_sla_policy_id",
        store=True,
        readonly=True,
        index=True,
        copy=False,
    )
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        readonly=True,
        copy=False,
        help="Set by the deadline policy of the level (a county follows its city's), in office time where the "
        "policy counts office time.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")
    overdue_at = fields.Datetime(
        string="Reported Overdue On",
        readonly=True,
        copy=False,
        help="When the scheduled action found it past its deadline and reported it (once).",
    )
    office_hours = fields.Float(
        string="Time Taken (Office Hours)",
        compute="_compute_deadline_figures",
        store=True,
        readonly=True,
        aggregator="avg",
        help="Office time from the start of the clock to its stop, without the pauses the statute leaves out; "
        "measured once, when the clock stops.",
    )
    on_time = fields.Boolean(
        string="On Time",
        compute="_compute_deadline_figures",
        store=True,
        readonly=True,
        help="The clock stopped before the deadline.",
    )

    def init(self):
        super().init()
        if self._abstract or not self._deadline_open_states:
            return
        # The overdue scan reads only waiting documents not yet reported, by deadline:
        # its cost follows the overdue documents, however many are open or closed.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (deadline) WHERE state IN %s AND overdue_at IS NULL",
                SQL.identifier(f"{self._table}_overdue_idx"),
                SQL.identifier(self._table),
                tuple(self._deadline_open_states),
            )
        )

    # ------------------------------------------------------------ computes
    @api.depends(lambda self: (*self._deadline_policy_depends, self._deadline_start_field))
    def _compute_sla_policy_id(self):
        """The policy is matched until the clock starts, then kept (see
        ``_noproof_rematch_deadline`` for a document whose terms change)."""
        Policy = self.env["noproof.sla.policy"]
        for record in self:
            if record.sla_policy_id and record[self._deadline_start_field]:
                continue
            record.sla_policy_id = Policy._noproof_match(res_model=self._name, **record._noproof_deadline_criteria())

    @api.depends(
        lambda self: ("sla_policy_id", self._deadline_start_field, self._deadline_end_field, *self._deadline_depends)
    )
    def _compute_deadline(self):
        for record in self:
            record.deadline = record._noproof_deadline_value()

    @api.depends(
        lambda self: ("deadline", self._deadline_start_field, self._deadline_end_field, *self._deadline_depends)
    )
    def _compute_deadline_figures(self):
        for record in self:
            start, end = record[self._deadline_start_field], record[self._deadline_end_field]
            record.on_time = bool(end and record.deadline and end <= record.deadline)
            record.office_hours = record._noproof_office_hours(end) if start and end else 0.0

    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for record in self:
            record.is_overdue = bool(
                record.state in self._deadline_open_states and record.deadline and record.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search overdue documents with 'is set' or 'is not set'."))
        overdue = [("state", "in", list(self._deadline_open_states)), ("deadline", "<", fields.Datetime.now())]
        return overdue if (operator == "=") == value else ["!", "&", *overdue]

    # ---------------------------------------------------------------- hooks
    def _noproof_deadline_criteria(self):
        """What matches this document's policy: its level, handling type and kind of data."""
        self.ensure_one()
        return {"company": self.company_id}

    def _noproof_deadline_days(self):
        """Working days that replace the policy's duration for this document (None: the policy's)."""
        return None

    def _noproof_deadline_pauses(self, end):
        """``(start, end)`` intervals of naive UTC datetimes during which this
        document's clock stood still, up to ``end``; an interval still running ends
        at ``end``."""
        return []

    def _noproof_deadline_paused(self):
        """Whether the clock stands still now (then the document has no deadline yet)."""
        return False

    def _noproof_on_overdue(self, now):
        """Run once, by the scheduled action, on the documents that became overdue."""

    # ------------------------------------------------------------- engine
    def _noproof_deadline_value(self):
        self.ensure_one()
        start = self[self._deadline_start_field]
        end = self[self._deadline_end_field]
        if not start or not self.sla_policy_id or (not end and self._noproof_deadline_paused()):
            return False
        pauses = self._noproof_deadline_pauses(end or fields.Datetime.now())
        return self.sla_policy_id._noproof_deadline(start, days=self._noproof_deadline_days(), pauses=pauses)

    def _noproof_office_hours(self, end):
        """Office hours from the start of the clock to ``end``, without the pauses."""
        self.ensure_one()
        start = self[self._deadline_start_field]
        clock = self.sla_policy_id._noproof_clock(self.company_id)
        if clock is None or not start or end <= start:
            return 0.0
        seconds = clock.office_seconds_between(start, end)
        seconds -= clock.office_seconds_in(self._noproof_deadline_pauses(end))
        return round(max(seconds, 0.0) / HOUR, 4)

    def _noproof_rematch_deadline(self, report_again=True):
        """Match the policy again and recompute the deadline, for a document whose
        terms changed while its clock runs (e.g. a ticket's kind of data corrected).
        With ``report_again``, the document may be reported overdue again under its
        new deadline."""
        Policy = self.env["noproof.sla.policy"]
        for record in self:
            policy = Policy._noproof_match(res_model=self._name, **record._noproof_deadline_criteria())
            vals = {"sla_policy_id": policy.id}
            if report_again:
                vals["overdue_at"] = False
            record._noproof_deadline_write(vals)

    def _noproof_deadline_write(self, vals):
        """Write the engine's own fields, whatever guards the model puts on them."""
        writer = self._workflow() if hasattr(self, "_workflow") else self
        writer.sudo().write(vals)

    # ---------------------------------------------------- the overdue scan
    @api.model
    def _noproof_overdue_batch(self, now, limit):
        """Ids of up to ``limit`` waiting documents of this model past their deadline
        at ``now`` and not reported yet (the most overdue first), and how many there
        are in all: one ordered scan of the partial index."""
        self.flush_model(["state", "deadline", "overdue_at"])
        self.env.cr.execute(
            SQL(
                """SELECT id, count(*) OVER ()
                     FROM %s
                    WHERE state IN %s AND overdue_at IS NULL AND deadline < %s
                 ORDER BY deadline, id
                    LIMIT %s""",
                SQL.identifier(self._table),
                tuple(self._deadline_open_states),
                now,
                limit,
            )
        )
        rows = self.env.cr.fetchall()
        return [row[0] for row in rows], (rows[0][1] if rows else 0)

    @api.model
    def _noproof_process_overdue(self, limit=OVERDUE_BATCH):
        """Report up to ``limit`` overdue documents of this model, once each.
        Returns (reported, still to report)."""
        now = fields.Datetime.now()
        ids, total = self._noproof_overdue_batch(now, limit)
        if not ids:
            return 0, 0
        records = self.sudo().browse(ids)
        # One statement for the batch; overdue_at is read by this scan only.
        self.env.cr.execute(
            SQL("UPDATE %s SET overdue_at = %s WHERE id = ANY(%s)", SQL.identifier(self._table), now, ids)
        )
        records.invalidate_recordset(["overdue_at"])
        records._noproof_on_overdue(now)
        return len(records), total - len(records)

    @api.model
    def _noproof_deadline_models(self):
        """Every document type the engine serves."""
        return [
            name
            for name in self.env.registry.descendants([self._name], "_inherit")
            if not self.env[name]._abstract and self.env[name]._deadline_open_states
        ]
