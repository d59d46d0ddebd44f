from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .noproof_certificate_rule import acts_for_office, office_users


class NoproofFiling(models.Model):
    """备案: a county office approved a certificate after publication and files the
    decision with its city's office, which acknowledges it or objects (Taizhou art. 6 ¶2)."""

    _name = "noproof.filing"
    _description = "County Filing"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    # A filing is made by its county's approval and moved by the city office's two buttons.
    _workflow_fields = (
        "name",
        "change_request_id",
        "county_company_id",
        "company_id",
        "office_organization_id",
        "state",
        "date_filed",
        "reviewed_by_id",
        "date_reviewed",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    change_request_id = fields.Many2one(
        "noproof.change.request", string="Change Request", required=True, readonly=True, index=True, ondelete="restrict"
    )
    county_company_id = fields.Many2one(
        "res.company",
        string="Filed By",
        required=True,
        readonly=True,
        index=True,
        help="The county whose office approved the request.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Filed With",
        required=True,
        readonly=True,
        index=True,
        help="The city whose office receives the filing.",
    )
    office_organization_id = fields.Many2one("noproof.organization", string="City Office", readonly=True)
    state = fields.Selection(
        [("filed", "Filed"), ("acknowledged", "Acknowledged"), ("objected", "Objected")],
        default="filed",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    date_filed = fields.Datetime(readonly=True, default=fields.Datetime.now)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_reviewed = fields.Datetime(readonly=True, copy=False)
    objection_reason = fields.Text(tracking=True, help="What the county office must reconsider.")
    item_id = fields.Many2one(related="change_request_id.item_id", string="Service Item")
    request_type = fields.Selection(related="change_request_id.request_type")
    certificate_id = fields.Many2one(related="change_request_id.certificate_id", string="Certificate")
    disposition = fields.Selection(related="change_request_id.disposition")
    legal_basis_id = fields.Many2one(related="change_request_id.legal_basis_id", string="Legal Basis")
    alternative_method = fields.Text(related="change_request_id.alternative_method")
    reason = fields.Text(related="change_request_id.reason")
    attachment_ids = fields.Many2many(related="change_request_id.attachment_ids", string="Supporting Documents")
    approved_by_id = fields.Many2one(related="change_request_id.approved_by_id", string="Approved By")
    date_approved = fields.Datetime(related="change_request_id.date_approved", string="Approved On")
    list_id = fields.Many2one(related="change_request_id.list_id", string="County List Version")

    @api.model_create_multi
    def create(self, vals_list):
        self._workflow_check_create(vals_list)
        Request = self.env["noproof.change.request"]
        for vals in vals_list:
            request = Request.browse(vals["change_request_id"])
            city = request.company_id.parent_id
            vals.setdefault("county_company_id", request.company_id.id)
            vals.setdefault("company_id", city.id)
            vals.setdefault("office_organization_id", city.noproof_office_id.id)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("noproof.filing") or "/"
        return super(NoproofFiling, self._workflow()).create(vals_list).with_env(self.env)

    def write(self, vals):
        if "objection_reason" in vals and self.filtered(lambda filing: filing.state != "filed"):
            raise UserError(_("The filing has been reviewed; its objection can no longer change."))
        return super().write(vals)

    def _notify_city_office(self):
        for filing in self:
            users = office_users(filing.company_id)
            filing.message_subscribe(partner_ids=users.partner_id.ids)
            filing.message_post(
                body=_(
                    "%(county)s approved %(request)s and files it with %(city)s (%(article)s).",
                    article=filing.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶2"),
                    county=filing.county_company_id.name,
                    request=filing.change_request_id.name,
                    city=filing.company_id.name,
                ),
                partner_ids=users.partner_id.ids,
            )
            if users:
                filing.activity_schedule(
                    "noproof_catalog.mail_activity_type_filing_review",
                    user_id=users[0].id,
                    summary=_("Review the filing of %(county)s", county=filing.county_company_id.name),
                )

    def _check_city_office(self):
        for filing in self:
            if filing.state != "filed":
                raise UserError(_("%(filing)s has already been reviewed.", filing=filing.name))
            if not acts_for_office(self.env.user, filing.company_id):
                raise AccessError(
                    _("Only the joint-conference office of %(city)s reviews this filing.", city=filing.company_id.name)
                )

    def _close_review_activities(self, feedback):
        self.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == self.env.ref("noproof_catalog.mail_activity_type_filing_review")
            )
        ).action_feedback(feedback=feedback)

    def action_acknowledge(self):
        self._check_city_office()
        self._workflow().write(
            {"state": "acknowledged", "reviewed_by_id": self.env.user.id, "date_reviewed": fields.Datetime.now()}
        )
        for filing in self:
            filing._close_review_activities(_("Acknowledged"))
            filing.change_request_id.sudo().message_post(
                body=_("%(city)s acknowledged the filing %(filing)s.", city=filing.company_id.name, filing=filing.name)
            )
        return True

    def action_object(self):
        """Object with a reason: the county's request is reopened and its office told."""
        self._check_city_office()
        for filing in self:
            if not (filing.objection_reason or "").strip():
                raise UserError(_("Write the reason for the objection first: the county office needs it to re-decide."))
        self._workflow().write(
            {"state": "objected", "reviewed_by_id": self.env.user.id, "date_reviewed": fields.Datetime.now()}
        )
        for filing in self:
            filing._close_review_activities(_("Objected: %(reason)s", reason=filing.objection_reason))
            filing.change_request_id._reopen_after_objection(filing)
        return True
