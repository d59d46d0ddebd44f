import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

_logger = logging.getLogger(__name__)

BAR_STATES = [("active", "In Force"), ("expired", "Expired"), ("lifted", "Lifted")]
EXPIRY_BATCH = 1000
# Only the lifting and expiry below change a bar's status, and only a false commitment
# links a bar to it: through ``_workflow()`` (noproof.workflow.mixin).
WORKFLOW_FIELDS = (
    "state",
    "commitment_id",
    "decided_by_id",
    "decided_at",
    "organization_id",
    "lifted_by_id",
    "lifted_at",
    "lifted_reason",
)
# The columns of the export for the credit platform (readme/USAGE.md documents them).
EXPORT_COLUMNS = (
    "bar_reference",
    "applicant_reference",
    "applicant_name",
    "id_type",
    "id_number_masked",
    "city",
    "deciding_organization",
    "commitment_reference",
    "service_item",
    "date_from",
    "date_to",
    "status",
    "status_label",
    "decided_at",
    "legal_basis",
)
# What a false commitment sets on its bar: never edited by hand afterwards. A bar the
# office records by hand keeps these editable.
SET_BY_FALSE_PROMISE = ("applicant_id", "company_id", "date_from", "date_to", "reason")


class NoproofCommitmentBar(models.Model):
    """An applicant who made a false promise may not use commitment instead of a
    certificate for a while (two years in Taizhou, art. 8 ¶4), anywhere in the city
    and its counties. The bar runs out by itself; the office may lift it earlier with
    a recorded reason (credit repair, 信用修复)."""

    _name = "noproof.commitment.bar"
    _description = "Bar on Commitment"
    _inherit = ["noproof.workflow.mixin", "mail.thread"]
    _order = "date_to desc, id desc"
    _rec_name = "applicant_name"
    _workflow_fields = WORKFLOW_FIELDS

    applicant_id = fields.Many2one(
        "res.partner", string="Applicant", required=True, index=True, ondelete="restrict", tracking=True
    )
    applicant_name = fields.Char(related="applicant_id.name", string="Applicant Name")
    applicant_id_number_masked = fields.Char(related="applicant_id.noproof_id_number_masked", string="Identity Number")
    company_id = fields.Many2one(
        "res.company",
        string="City",
        required=True,
        index=True,
        default=lambda self: self.env.company.root_id,
        help="The city the bar applies to, with all its counties.",
    )
    commitment_id = fields.Many2one(
        "noproof.commitment",
        string="False Commitment",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
    )
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(string="Until", required=True, index=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        BAR_STATES, required=True, default="active", readonly=True, index=True, tracking=True, copy=False
    )
    is_in_force = fields.Boolean(compute="_compute_is_in_force", search="_search_is_in_force", string="In Force Today")
    organization_id = fields.Many2one(
        "noproof.organization",
        string="Deciding Organ",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The administrative organ that decided the bar after the false promise (Taizhou art. 8 ¶4).",
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decided_at = fields.Datetime(string="Decided On", readonly=True, copy=False)
    lifted_by_id = fields.Many2one("res.users", string="Lifted By", readonly=True, copy=False)
    lifted_at = fields.Datetime(string="Lifted On", readonly=True, copy=False)
    lifted_reason = fields.Text(string="Why It Was Lifted", readonly=True, tracking=True, copy=False)

    def init(self):
        # The daily expiry reads only bars still marked in force, by end date.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS noproof_commitment_bar_expiry_idx
               ON noproof_commitment_bar (date_to) WHERE state = 'active'"""
        )

    @api.depends("state", "date_from", "date_to")
    def _compute_is_in_force(self):
        today = fields.Date.context_today(self)
        for bar in self:
            bar.is_in_force = bool(
                bar.state != "lifted" and bar.date_from and bar.date_to and bar.date_from <= today <= bar.date_to
            )

    def _search_is_in_force(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search bars in force with 'is set' or 'is not set'."))
        today = fields.Date.context_today(self)
        domain = [("state", "!=", "lifted"), ("date_from", "<=", today), ("date_to", ">=", today)]
        return domain if (operator == "=") == value else ["!", "&", "&", *domain]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for bar in self:
            if bar.date_to < bar.date_from:
                raise ValidationError(_("A bar cannot end before it starts: check its dates."))

    @api.constrains("date_from", "date_to", "company_id")
    def _check_length(self):
        """Taizhou art. 8 ¶4: at most two years, and no longer than the city allows."""
        for bar in self:
            city = bar.company_id.sudo()
            maximum = city._noproof_bar_max_months()
            if bar.date_to >= bar.date_from + relativedelta(months=maximum):
                raise ValidationError(
                    _(
                        "A bar on commitment lasts at most %(months)s months in %(city)s (%(article)s): "
                        "end it by %(date)s.",
                        article=city._noproof_cite(taizhou="Taizhou art. 8 ¶4"),
                        months=maximum,
                        city=city.name,
                        date=format_date(self.env, bar.date_from + relativedelta(months=maximum, days=-1)),
                    )
                )

    @api.constrains("company_id")
    def _check_city(self):
        for bar in self:
            if bar.company_id.sudo().parent_id:
                raise ValidationError(
                    _(
                        "A bar applies to a whole city with its counties: choose the city %(city)s rather than "
                        "%(level)s.",
                        city=bar.company_id.sudo().root_id.name,
                        level=bar.company_id.name,
                    )
                )

    def _workflow_refusal(self, names):
        return UserError(
            _(
                "A bar is lifted with 'Lift Bar', giving the reason; it expires by itself. A bar recorded by hand "
                "starts in force and follows no commitment: the bar after a false commitment is set by the "
                "commitment's 'False Promise'. Nothing was saved."
            )
        )

    def write(self, vals):
        if self.filtered(lambda bar: bar.state == "lifted") and {"date_from", "date_to", "reason"} & set(vals):
            raise UserError(_("A lifted bar is kept as it was."))
        frozen = self.filtered("commitment_id")
        touched = set(vals) & set(SET_BY_FALSE_PROMISE)
        if (
            frozen
            and touched
            and not self._workflow_is_open()
            and any(not bar._workflow_same(name, vals[name], bar[name]) for bar in frozen for name in touched)
        ):
            raise UserError(
                _(
                    "A bar that follows a false commitment keeps the applicant, city, dates and reason the false "
                    "promise set (%(article)s). If it must end early or is wrong, lift it with 'Lift Bar', "
                    "giving the reason.",
                    article=frozen[:1].company_id._noproof_cite(taizhou="Taizhou art. 8 ¶4"),
                )
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            city = self.env["res.company"].browse(vals.get("company_id") or self.env.company.root_id.id).sudo()
            if city and city._noproof_bar_policy() != "decision":
                raise UserError(
                    _(
                        "%(city)s does not bar applicants from commitment (see its setting 'Bar on Commitment').",
                        city=city.name,
                    )
                )
        return super().create(vals_list)

    def unlink(self):
        raise UserError(_("A bar is kept for inspection: lift it, giving the reason, instead of deleting it."))

    # ---------------------------------------------------------------- export
    def _noproof_export_rows(self):
        """The bars as rows for the credit platform (信用平台), one dict per bar with
        EXPORT_COLUMNS: the masked identity number and the applicant's reference, never
        the whole number."""
        states = dict(self._fields["state"]._description_selection(self.env))
        rows = []
        for bar in self:
            applicant = bar.sudo().applicant_id
            rows.append(
                {
                    "bar_reference": f"NPBAR-{bar.id}",
                    "applicant_reference": applicant.ref or f"res.partner-{applicant.id}",
                    "applicant_name": applicant.name or "",
                    "id_type": applicant.noproof_id_type or "",
                    "id_number_masked": applicant.noproof_id_number_masked or "",
                    "city": bar.company_id.sudo().name,
                    "deciding_organization": bar.sudo().organization_id.name or "",
                    "commitment_reference": bar.sudo().commitment_id.name or "",
                    "service_item": bar.sudo().commitment_id.item_id.name or "",
                    "date_from": fields.Date.to_string(bar.date_from),
                    "date_to": fields.Date.to_string(bar.date_to),
                    "status": bar.state,
                    "status_label": states[bar.state],
                    "decided_at": fields.Datetime.to_string(bar.decided_at) if bar.decided_at else "",
                    "legal_basis": "台政办发〔2019〕17号 第八条第四款 (Taizhou art. 8 ¶4)",
                }
            )
        return rows

    def action_export_credit_csv(self):
        return self._noproof_export_action("csv")

    def action_export_credit_json(self):
        return self._noproof_export_action("json")

    def _noproof_export_action(self, fmt):
        if not self.env.user.has_group("noproof_catalog.group_office"):
            raise AccessError(_("Only the office exports bars for the credit platform."))
        ids = ",".join(str(i) for i in (self.ids or self.search([]).ids))
        return {
            "type": "ir.actions.act_url",
            "url": f"/noproof/commitment/bars/credit.{fmt}?ids={ids}",
            "target": "self",
        }

    # ------------------------------------------------------------ business
    @api.model
    def _noproof_bar_for(self, applicant, company):
        """The bar in force today on ``applicant`` (or on any partner with the same
        identity number) in the city of ``company``, or an empty recordset."""
        if not applicant or not company:
            return self.browse()
        applicant = applicant.sudo()
        partner_domain = [("applicant_id", "=", applicant.id)]
        if applicant.noproof_id_number:
            partner_domain = [
                "|",
                ("applicant_id", "=", applicant.id),
                "&",
                ("applicant_id.noproof_id_type", "=", applicant.noproof_id_type),
                ("applicant_id.noproof_id_number", "=", applicant.noproof_id_number),
            ]
        return self.sudo().search(
            [("company_id", "=", company._noproof_city().id), ("is_in_force", "=", True), *partner_domain],
            order="date_to desc",
            limit=1,
        )

    @api.model
    def _noproof_bar_after(self, commitment, months, reason=None):
        """Record the bar the deciding organ decided on the applicant of a false
        ``commitment``, for ``months`` (Taizhou art. 8 ¶4). The caller checked who
        decides and when (noproof.commitment._noproof_decide_bar)."""
        commitment = commitment.sudo()
        city = commitment.company_id._noproof_city()
        today = fields.Date.context_today(self)
        finding = _(
            "False commitment %(commitment)s for %(item)s: %(finding)s",
            commitment=commitment.name,
            item=commitment.item_id.name,
            finding=commitment.false_finding,
        )
        bar = self.sudo()._workflow_create(
            [
                {
                    "applicant_id": commitment.applicant_id.id,
                    "company_id": city.id,
                    "commitment_id": commitment.id,
                    "organization_id": commitment.organization_id.id,
                    "decided_by_id": self.env.uid,
                    "decided_at": fields.Datetime.now(),
                    "date_from": today,
                    "date_to": today + relativedelta(months=months, days=-1),
                    "reason": f"{finding}\n{reason.strip()}" if (reason or "").strip() else finding,
                }
            ]
        )
        commitment.message_post(
            body=_(
                "%(applicant)s may not use commitment in %(city)s and its counties until %(date)s (%(article)s).",
                article=city._noproof_cite(taizhou="Taizhou art. 8 ¶4"),
                applicant=commitment.applicant_name,
                city=city.name,
                date=format_date(self.env, bar.date_to),
            )
        )
        return bar

    def _noproof_lift(self, reason):
        """End the bar early, e.g. after credit repair, keeping who lifted it and why."""
        if not self.env.su and not self.env.user.has_group("noproof_catalog.group_office"):
            raise AccessError(_("Only the office may lift a bar on commitment."))
        if not (reason or "").strip():
            raise UserError(_("Write why the bar is lifted (for example, the applicant's credit was repaired)."))
        for bar in self:
            if bar.state == "lifted":
                raise UserError(_("The bar on %(applicant)s is already lifted.", applicant=bar.applicant_name))
        self.check_access("write")
        self._workflow().write(
            {
                "state": "lifted",
                "lifted_by_id": self.env.uid,
                "lifted_at": fields.Datetime.now(),
                "lifted_reason": reason,
            }
        )
        for bar in self:
            bar.message_post(body=_("Lifted: %(reason)s", reason=reason))
        return True

    def action_open_lift(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Lift Bar"),
            "res_model": "noproof.commitment.bar.lift.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_bar_id": self.id},
        }

    # -------------------------------------------------------------- expiry
    @api.model
    def _cron_expire(self, batch_size=EXPIRY_BATCH):
        """Mark one batch of bars past their end date as expired; the scheduler calls
        again while some remain. Idempotent: an expired bar is not picked up again."""
        done, remaining = self._noproof_expire(batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _noproof_expire(self, limit=EXPIRY_BATCH):
        self.flush_model(["state", "date_to"])
        today = fields.Date.context_today(self)
        where = SQL("state = 'active' AND date_to < %s", today)
        self.env.cr.execute(SQL("SELECT id FROM noproof_commitment_bar WHERE %s ORDER BY id LIMIT %s", where, limit))
        bars = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        bars._workflow().with_context(tracking_disable=True).write({"state": "expired"})
        bars.flush_recordset(["state"])
        self.env.cr.execute(SQL("SELECT count(*) FROM noproof_commitment_bar WHERE %s", where))
        remaining = self.env.cr.fetchone()[0]
        if bars:
            _logger.info("Marked %s bars on commitment as expired", len(bars))
        return len(bars), remaining
