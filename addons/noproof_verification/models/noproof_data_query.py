import time
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.addons.noproof_catalog.models.res_partner import mask_identity
from odoo.exceptions import UserError
from odoo.osv import expression

from .noproof_data_source import DataSourceError

# Records blanked per run of the retention purge; the scheduler runs again while some remain.
PURGE_BATCH = 1000

QUERY_STATES = [
    ("match", "Confirmed"),
    ("mismatch", "Does Not Match"),
    ("not_found", "Not Found"),
    ("error", "Failed"),
]


def _normalize(value):
    """Compare declared and shared values the way a clerk would."""
    if value is None or value is False:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"{float(value):g}"
    text = "".join(str(value).split()).upper()
    try:
        return f"{float(text):g}"
    except ValueError:
        return text


class NoproofDataQuery(models.Model):
    """One look-up in a shared dataset, kept with its purpose (the case) and its
    result. Information obtained serves no unrelated purpose (Taizhou art. 16):
    there is no look-up without a case."""

    _name = "noproof.data.query"
    _description = "Shared Data Query"
    _inherit = ["noproof.workflow.mixin"]
    _order = "date desc, id desc"
    # A query is a log written by the look-up itself: nothing of it is set by hand.
    _workflow_fields = (
        "source_id",
        "case_id",
        "check_id",
        "applicant_id",
        "user_id",
        "date",
        "state",
        "record_count",
        "result",
        "comparison",
        "error_message",
        "duration_ms",
        "purged_at",
    )

    name = fields.Char(compute="_compute_name")
    source_id = fields.Many2one(
        "noproof.data.source", string="Data Source", required=True, index=True, ondelete="restrict", readonly=True
    )
    case_id = fields.Many2one(
        "noproof.case", string="Purpose (Case)", required=True, index=True, ondelete="cascade", readonly=True
    )
    check_id = fields.Many2one("noproof.case.check", string="Check", index=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, string="Level")
    organization_id = fields.Many2one(related="case_id.organization_id", store=True, index=True)
    applicant_id = fields.Many2one("res.partner", string="Subject", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Queried By", readonly=True, default=lambda self: self.env.user)
    date = fields.Datetime(readonly=True, default=fields.Datetime.now, index=True)
    state = fields.Selection(QUERY_STATES, string="Result", required=True, readonly=True, index=True)
    record_count = fields.Integer(string="Records Found", readonly=True)
    result = fields.Json(string="Data Found", readonly=True, help="The mapped fields of the records found.")
    comparison = fields.Html(readonly=True, sanitize=True)
    error_message = fields.Text(readonly=True)
    duration_ms = fields.Integer(string="Duration (ms)", readonly=True)
    purged_at = fields.Datetime(
        string="Data Removed On",
        readonly=True,
        help="When the data found was removed at the end of the retention period of the level.",
    )

    def init(self):
        # The retention purge reads only the queries whose data is still kept, by level and date.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS noproof_data_query_retention_idx
               ON noproof_data_query (company_id, date)
               WHERE purged_at IS NULL"""
        )

    @api.depends("source_id", "date")
    def _compute_name(self):
        for query in self:
            query.name = f"{query.source_id.name or ''} {fields.Datetime.to_string(query.date) or ''}".strip()

    def write(self, vals):
        if not self._workflow_is_open():
            raise UserError(_("Data queries are a log: they cannot be changed."))
        return super().write(vals)

    # ------------------------------------------------------------ retention
    @api.model
    def _cron_purge_retention(self, batch_size=PURGE_BATCH):
        """Blank one batch of data found and of whole identity numbers copied into
        request letters that are older than their level's retention period, and
        report the progress; the scheduler calls again while some remain."""
        done, remaining = self._noproof_purge_retention(batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _noproof_retention_domains(self, date_field, now):
        """One domain on ``date_field`` per level with a retention period: the records
        of that level older than the period."""
        domains = []
        for company in self.env["res.company"].sudo().search([]):
            days = company._noproof_retention()
            if days:
                domains.append([("company_id", "=", company.id), (date_field, "<", now - timedelta(days=days))])
        return domains

    @api.model
    def _noproof_purge_retention(self, limit=PURGE_BATCH):
        """Blank up to ``limit`` expired results and letters. Idempotent: what is blank
        is not searched again. The masked number stays in the letter; the ledger and
        its hashes are not touched. Returns (blanked, still to blank)."""
        now = fields.Datetime.now()
        query_domains = self._noproof_retention_domains("date", now)
        if not query_domains:
            return 0, 0
        Query = self.sudo().with_context(active_test=False)
        domain = expression.AND([[("purged_at", "=", False)], expression.OR(query_domains)])
        queries = Query.search(domain, order="id", limit=limit)
        queries_left = Query.search_count(domain) - len(queries)
        queries._workflow().write({"result": False, "comparison": False, "purged_at": now})

        Ticket = self.env["noproof.verification.ticket"].sudo().with_context(tracking_disable=True)
        domain = expression.AND(
            [[("request_letter_full", "!=", False)], expression.OR(self._noproof_retention_domains("sent_at", now))]
        )
        room = limit - len(queries)
        tickets = Ticket.search(domain, order="id", limit=room) if room > 0 else Ticket
        tickets_left = Ticket.search_count(domain) - len(tickets)
        tickets._workflow().write({"request_letter_full": False, "letter_purged_at": now})
        return len(queries) + len(tickets), queries_left + tickets_left

    @api.model
    def _noproof_run(self, check):
        """Look the check's fact up in its rule's data source, log the query and
        apply the outcome to the check. A failure of the remote side is logged and
        reported but changes nothing else."""
        case, source = check.case_id, check.data_source_id
        if not source:
            raise UserError(
                _(
                    "No data source is configured for %(certificate)s: ask the administrator to set it on the rule.",
                    certificate=check.certificate_id.name,
                )
            )
        applicant = case.applicant_id.sudo()
        if not applicant.noproof_id_number:
            raise UserError(
                _(
                    "%(applicant)s has no identity number: enter it on the applicant before looking data up.",
                    applicant=applicant.name,
                )
            )
        vals = {
            "source_id": source.id,
            "case_id": case.id,
            "check_id": check.id,
            "applicant_id": applicant.id,
        }
        started = time.monotonic()
        try:
            records = source._noproof_fetch(applicant.noproof_id_number, applicant.name, case.name)
        except DataSourceError as error:
            vals.update(state="error", error_message=str(error))
            vals["duration_ms"] = int((time.monotonic() - started) * 1000)
            return self._workflow_create([vals])
        vals["duration_ms"] = int((time.monotonic() - started) * 1000)
        vals.update(self._noproof_compare(check, records))
        query = self._workflow_create([vals])
        query._noproof_apply()
        labels = dict(self._fields["state"]._description_selection(self.env))
        check._noproof_ledger(
            "data_query",
            _("Looked up in %(data_source)s", data_source=source.name),
            document=query,
            purpose=case.name,
            result=labels[query.state],
        )
        return query

    @api.model
    def _noproof_compare(self, check, records):
        mapping = check.data_source_id.sudo().field_ids
        # Identity numbers are compared whole but kept masked in the log (issue 11).
        id_type = check.case_id.applicant_id.sudo().noproof_id_type
        masked = {line.label for line in mapping if line.compare_with == "applicant_id_number"}

        def shown(label, value):
            return mask_identity(str(value), id_type) if label in masked and value not in (None, False, "") else value

        mapped = [
            {line.label: shown(line.label, record.get(line.remote_key)) for line in mapping} if mapping else record
            for record in records
        ]
        values = {"record_count": len(records), "result": mapped}
        if not records:
            values["state"] = "not_found"
            return values
        rows, mismatched = [], False
        first = records[0]
        for line in mapping:
            found = first.get(line.remote_key)
            declared = line._declared_value(check.case_id)
            if line.compare_with == "none":
                agree = None
            else:
                agree = _normalize(declared) == _normalize(found)
                mismatched |= not agree
            rows.append((line.label, shown(line.label, declared), shown(line.label, found), agree))
        values["state"] = "mismatch" if mismatched else "match"
        values["comparison"] = self._noproof_comparison_table(rows)
        return values

    @api.model
    def _noproof_comparison_table(self, rows):
        if not rows:
            return False
        head = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th></th></tr>") % (
            _("Field"),
            _("Declared"),
            _("Shared Data"),
        )
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                label,
                "" if declared in (None, False) else declared,
                "" if found in (None, False) else found,
                "" if agree is None else ("✓" if agree else "✗"),
            )
            for label, declared, found, agree in rows
        )
        return Markup('<table class="table table-sm o_noproof_comparison">%s%s</table>') % (head, body)

    def _noproof_apply(self):
        """Resolve the check when the data establishes the fact; flag a discrepancy
        otherwise, so that the clerk may ask for a supplement (Taizhou art. 12)."""
        self.ensure_one()
        check = self.check_id
        expectation = check.rule_id.data_expectation or "found"
        established = (self.state == "match") if expectation == "found" else (self.state == "not_found")
        labels = dict(self._fields["state"]._description_selection(self.env))
        summary = _("%(data_source)s: %(result)s", data_source=self.source_id.name, result=labels[self.state])
        if established:
            check._workflow().write(
                {
                    "state": "done",
                    "resolution": "data_sharing",
                    "resolved_by_id": self.env.uid,
                    "resolved_at": self.date,
                    "note": summary,
                }
            )
        else:
            # Nothing found where a record was expected: the data is missing; otherwise it disagrees.
            kind = "missing" if expectation == "found" and self.state == "not_found" else "mismatch"
            check._noproof_flag_discrepancy(summary, source="data_query", kind=kind)

    def _noproof_notification(self):
        self.ensure_one()
        labels = dict(self._fields["state"]._description_selection(self.env))
        if self.state == "error":
            kind, message = "danger", self.error_message
        elif self.check_id.state == "done":
            kind, message = (
                "success",
                _(
                    "%(data_source)s: %(result)s. The check is resolved.",
                    data_source=self.source_id.name,
                    result=labels[self.state],
                ),
            )
        else:
            kind, message = (
                "warning",
                _(
                    "%(data_source)s: %(result)s. Verify another way, or ask the applicant for a supplement.",
                    data_source=self.source_id.name,
                    result=labels[self.state],
                ),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "title": self.check_id.certificate_id.name,
                "message": message,
                "sticky": kind == "danger",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
