from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .noproof_cancellation_list import FILING_STATES
from .noproof_certificate_rule import acts_for_office, office_users

LIST_REVIEW_TYPE = "noproof.list.filing.review"


class NoproofEnterpriseList(models.Model):
    """A public-service enterprise's published cancellation list, filed from the enterprise's own
    instance with this instance, which represents its supervising authority (行业主管部门). The office
    acknowledges it or objects with a reason; the review travels back to the enterprise's version
    (Taizhou art. 21, Luzhou arts. 4 and 24)."""

    _name = "noproof.enterprise.list"
    _description = "Enterprise List Filing"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    # Everything arrives with the filing; the office's two buttons set the review.
    _workflow_fields = (
        "name",
        "peer_id",
        "company_id",
        "organization_ids",
        "enterprise_level",
        "filing_uuid",
        "remote_list_id",
        "version",
        "date_published",
        "date_received",
        "is_current",
        "line_ids",
        "state",
        "reviewed_by_id",
        "date_reviewed",
    )

    name = fields.Char(string="List", required=True, readonly=True)
    peer_id = fields.Many2one(
        "noproof.exchange.peer", string="From Instance", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, readonly=True, index=True, help="The level it is filed with."
    )
    organization_ids = fields.Many2many(
        "noproof.organization",
        "noproof_enterprise_list_organization_rel",
        "list_id",
        "organization_id",
        string="Enterprises",
        readonly=True,
    )
    enterprise_level = fields.Char(string="Enterprise's Level", readonly=True)
    filing_uuid = fields.Char(string="Filing Message", required=True, readonly=True, index=True)
    remote_list_id = fields.Integer(string="Version's Id on Its Instance", readonly=True)
    version = fields.Integer(readonly=True)
    date_published = fields.Datetime(string="Published On", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    is_current = fields.Boolean(
        string="Current", readonly=True, index=True, help="The latest version received from this enterprise."
    )
    line_ids = fields.One2many("noproof.enterprise.list.line", "list_id", string="Lines", readonly=True)
    line_count = fields.Integer(compute="_compute_line_count")
    state = fields.Selection(
        FILING_STATES, default="filed", required=True, readonly=True, index=True, tracking=True, copy=False
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_reviewed = fields.Datetime(readonly=True, copy=False)
    objection_reason = fields.Text(tracking=True, help="What the enterprise must reconsider.")

    _sql_constraints = [
        ("filing_uniq", "unique(peer_id, filing_uuid)", "This filing was already received from that instance."),
    ]

    @api.depends("line_ids")
    def _compute_line_count(self):
        counts = dict(
            self.env["noproof.enterprise.list.line"]._read_group(
                [("list_id", "in", self.ids)], ["list_id"], ["__count"]
            )
        )
        for filing in self:
            filing.line_count = counts.get(filing, 0)

    @api.depends("name", "version", "enterprise_level")
    def _compute_display_name(self):
        for filing in self:
            filing.display_name = _(
                "%(name)s (v%(version)s)", name=filing.name or filing.enterprise_level or "", version=filing.version
            )

    def write(self, vals):
        if "objection_reason" in vals and self.filtered(lambda filing: filing.state != "filed"):
            raise UserError(_("The filing has been reviewed; its objection can no longer change."))
        return super().write(vals)

    # ------------------------------------------------------------ arrival
    def _noproof_mark_current(self):
        """The latest version from an enterprise is its current list; versions may arrive out of order."""
        for filing in self:
            others = self.sudo().search(
                [
                    ("id", "!=", filing.id),
                    ("peer_id", "=", filing.peer_id.id),
                    ("organization_ids", "in", filing.organization_ids.ids),
                    ("is_current", "=", True),
                ]
            )
            newer = others.filtered(lambda other, filing=filing: other.version > filing.version)
            (others - newer)._workflow().write({"is_current": False})
            filing._workflow().write({"is_current": not newer})

    def _noproof_notify_office(self):
        for filing in self:
            users = office_users(filing.company_id)
            filing.message_subscribe(partner_ids=users.partner_id.ids)
            filing.message_post(
                body=_(
                    "%(enterprise)s published version %(version)s of its cancellation list and files it with "
                    "%(level)s, its supervising authority's level (%(article)s).",
                    enterprise=", ".join(filing.organization_ids.mapped("name")),
                    version=filing.version,
                    level=filing.company_id.name,
                    article=filing.company_id._noproof_cite(taizhou="Taizhou art. 21", luzhou="Luzhou arts. 4 and 24"),
                ),
                partner_ids=users.partner_id.ids,
            )
            if users:
                filing.activity_schedule(
                    "noproof_catalog.mail_activity_type_enterprise_list_review",
                    user_id=users[0].id,
                    summary=_(
                        "Review the list of %(enterprise)s",
                        enterprise=", ".join(filing.organization_ids.mapped("name")),
                    ),
                )

    # ------------------------------------------------------------- review
    def _check_office(self):
        for filing in self:
            if filing.state != "filed":
                raise UserError(_("%(filing)s has already been reviewed.", filing=filing.display_name))
            if not acts_for_office(self.env.user, filing.company_id):
                raise AccessError(
                    _(
                        "Only the joint-conference office of %(level)s reviews this filing.",
                        level=filing.company_id.name,
                    )
                )

    def _noproof_review(self, state):
        now = fields.Datetime.now()
        self._workflow().write({"state": state, "reviewed_by_id": self.env.user.id, "date_reviewed": now})
        Message = self.env["noproof.exchange.message"]
        for filing in self:
            feedback = (
                _("Acknowledged")
                if state == "acknowledged"
                else _("Objected: %(reason)s", reason=filing.objection_reason)
            )
            filing.activity_feedback(["noproof_catalog.mail_activity_type_enterprise_list_review"], feedback=feedback)
            payload = {
                "filing": filing.filing_uuid,
                "list": {"id": filing.remote_list_id, "version": filing.version},
                "state": state,
                "reason": filing.objection_reason.strip() if state == "objected" else None,
                "reviewed_by": self.env.user.name,
                "reviewed_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            Message._noproof_send(filing.peer_id, LIST_REVIEW_TYPE, payload, document=filing)
        return True

    def action_acknowledge(self):
        self._check_office()
        return self._noproof_review("acknowledged")

    def action_object(self):
        """Object with a reason: it travels back to the enterprise's version and its office."""
        self._check_office()
        for filing in self:
            if not (filing.objection_reason or "").strip():
                raise UserError(
                    _("Write the reason for the objection first: the enterprise needs it to correct its list.")
                )
        return self._noproof_review("objected")
