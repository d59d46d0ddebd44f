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
WORKFLOW_FIELDS = ("state", "commitment_id", "lifted_by_id", "lifted_at", "lifted_reason")
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
            bar.is_in_force = bar.state != "lifted" and bar.date_from <= today <= bar.date_to

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
                    "promise set (Taizhou art. 8 ¶4). If it must end early or is wrong, lift it with 'Lift Bar', "
                    "giving the reason."
                )
            )
        return super().write(vals)

    def unlink(self):
        raise UserError(_("A bar is kept for inspection: lift it, giving the reason, instead of deleting it."))

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
    def _noproof_bar_after(self, commitment):
        """Bar the applicant of a false ``commitment`` for the months the city sets (Taizhou art. 8 ¶4)."""
        city = commitment.company_id._noproof_city()
        months = city.sudo().noproof_commitment_bar_months
        if months <= 0:
            return self.browse()
        today = fields.Date.context_today(self)
        bar = self.sudo()._workflow_create(
            [
                {
                    "applicant_id": commitment.applicant_id.id,
                    "company_id": city.id,
                    "commitment_id": commitment.id,
                    "date_from": today,
                    "date_to": today + relativedelta(months=months, days=-1),
                    "reason": _(
                        "False commitment %(commitment)s for %(item)s: %(finding)s",
                        commitment=commitment.name,
                        item=commitment.item_id.name,
                        finding=commitment.false_finding,
                    ),
                }
            ]
        )
        commitment.message_post(
            body=_(
                "%(applicant)s may not use commitment in %(city)s and its counties until %(date)s (Taizhou art. 8 ¶4).",
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
