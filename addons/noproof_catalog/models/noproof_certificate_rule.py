from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

DISPOSITIONS = [
    ("cancelled", "Cancelled"),
    ("license", "Statutory Licence"),
    ("commitment", "Notification and Commitment"),
    ("data_sharing", "Data Sharing"),
    ("assistance", "Inter-Department Verification"),
    ("self_investigation", "Own Investigation"),
    ("online_check", "Online Check"),
    ("other_material", "Other Material"),
    ("retained", "Retained"),
]
# The applicant no longer brings the certificate, but the fact is still checked another way.
REPLACING_DISPOSITIONS = (
    "license",
    "commitment",
    "data_sharing",
    "assistance",
    "self_investigation",
    "online_check",
    "other_material",
)
RULE_STATES = [
    ("draft", "Draft"),
    ("pending", "Pending Approval"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("retired", "Retired"),
]
LIVE_STATES = ("active", "suspended")


class NoproofCertificateRule(models.Model):
    """What replaces one certificate for one service item."""

    _name = "noproof.certificate.rule"
    _description = "Certificate Rule"
    _inherit = ["mail.thread"]
    _order = "item_id, sequence, id"

    sequence = fields.Integer(default=10)
    item_id = fields.Many2one(
        "noproof.service.item", string="Service Item", required=True, index=True, ondelete="cascade", tracking=True
    )
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True, string="Level")
    organization_id = fields.Many2one(
        related="item_id.organization_id", store=True, index=True, string="Handling Organization"
    )
    certificate_id = fields.Many2one(
        "noproof.certificate", required=True, index=True, ondelete="restrict", tracking=True
    )
    disposition = fields.Selection(DISPOSITIONS, required=True, default="cancelled", tracking=True)
    legal_basis_id = fields.Many2one(
        "noproof.legal.basis",
        string="Legal Basis",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The law or regulation that sets this certificate. Required unless the certificate is cancelled "
        "(Taizhou art. 7).",
    )
    alternative_method = fields.Text(
        string="Alternative Method",
        tracking=True,
        help="How the office establishes the fact now, e.g. 通过公安人口库核验户籍信息.",
    )
    assisting_organization_id = fields.Many2one(
        "noproof.organization",
        string="Assisting Organization",
        index=True,
        tracking=True,
        help="The organization that answers verification tickets for this certificate.",
    )
    state = fields.Selection(RULE_STATES, required=True, default="draft", index=True, tracking=True, copy=False)
    date_start = fields.Date(string="Valid From", tracking=True)
    date_end = fields.Date(string="Valid Until", tracking=True)
    note = fields.Text()
    applicant_brings = fields.Boolean(
        compute="_compute_applicant_brings",
        store=True,
        help="The applicant still has to bring this certificate.",
    )

    @api.depends("disposition")
    def _compute_applicant_brings(self):
        for rule in self:
            rule.applicant_brings = rule.disposition == "retained"

    @api.depends("item_id", "certificate_id")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = f"{rule.item_id.name or ''} / {rule.certificate_id.name or ''}"

    # ------------------------------------------------------------------ checks
    @api.constrains("disposition", "legal_basis_id", "date_start")
    def _check_legal_basis(self):
        """Taizhou art. 7: no certificate without a law or regulation in force."""
        today = fields.Date.context_today(self)
        for rule in self:
            if rule.disposition == "cancelled":
                continue
            basis = rule.legal_basis_id
            if not basis:
                raise ValidationError(
                    _(
                        "%(certificate)s for %(item)s needs a legal basis: only a law or regulation may set a "
                        "certificate. Choose its legal basis, or cancel the certificate.",
                        certificate=rule.certificate_id.name,
                        item=rule.item_id.name,
                    )
                )
            if not basis.may_set_certificate:
                raise ValidationError(
                    _(
                        "%(basis)s is a %(level)s: only laws and regulations may set a certificate "
                        "(Taizhou art. 7). Choose a law or regulation, or cancel the certificate.",
                        basis=basis.display_name,
                        level=dict(basis._fields["level"]._description_selection(self.env))[basis.level],
                    )
                )
            if not basis.is_in_force_on(rule.date_start or today):
                raise ValidationError(
                    _(
                        "%(basis)s is not in force on %(day)s. Choose a basis in force, or its replacement.",
                        basis=basis.display_name,
                        day=rule.date_start or today,
                    )
                )

    @api.constrains("disposition", "alternative_method", "assisting_organization_id")
    def _check_counterpart(self):
        for rule in self:
            problem = rule._noproof_missing_counterpart()
            if problem:
                raise ValidationError(problem)

    def _noproof_missing_counterpart(self):
        """Return what the disposition still needs, or ``False``. Extended by
        modules that add counterparts (the data source of ``data_sharing``)."""
        self.ensure_one()
        names = {"certificate": self.certificate_id.name, "item": self.item_id.name}
        if self.disposition in REPLACING_DISPOSITIONS and not (self.alternative_method or "").strip():
            return _("Describe the alternative method that replaces %(certificate)s for %(item)s.", **names)
        if self.disposition == "assistance":
            if not self.assisting_organization_id:
                return _(
                    "%(certificate)s for %(item)s is verified by another department: choose the assisting "
                    "organization.",
                    **names,
                )
            if self.assisting_organization_id == self.item_id.organization_id:
                return _(
                    "%(certificate)s for %(item)s: the handling organization cannot assist itself; use "
                    "'Own Investigation' instead.",
                    **names,
                )
        return False

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for rule in self:
            if rule.date_start and rule.date_end and rule.date_end < rule.date_start:
                raise ValidationError(_("A rule cannot end before it starts."))

    @api.constrains("item_id", "certificate_id", "state")
    def _check_one_rule_per_certificate(self):
        for rule in self.filtered(lambda r: r.state != "retired"):
            duplicates = self.search_count(
                [
                    ("id", "!=", rule.id),
                    ("item_id", "=", rule.item_id.id),
                    ("certificate_id", "=", rule.certificate_id.id),
                    ("state", "!=", "retired"),
                ],
                limit=1,
            )
            if duplicates:
                raise ValidationError(
                    _(
                        "%(item)s already has a rule for %(certificate)s. Change that rule, or retire it first.",
                        item=rule.item_id.name,
                        certificate=rule.certificate_id.name,
                    )
                )

    # ----------------------------------------------------------------- actions
    def _noproof_move(self, allowed_from, target):
        wrong = self.filtered(lambda rule: rule.state not in allowed_from)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(rule)s is %(state)s and cannot become %(target)s.",
                    rule=wrong[0].display_name,
                    state=states[wrong[0].state],
                    target=states[target],
                )
            )
        self.write({"state": target})

    def action_submit(self):
        self._noproof_move(("draft",), "pending")

    def action_activate(self):
        self._noproof_move(("draft", "pending", "suspended"), "active")
        for rule in self.filtered(lambda r: not r.date_start):
            rule.date_start = fields.Date.context_today(rule)

    def action_suspend(self):
        self._noproof_move(("active",), "suspended")

    def action_retire(self):
        self._noproof_move(("draft", "pending", "active", "suspended"), "retired")
        self.filtered(lambda r: not r.date_end).write({"date_end": fields.Date.context_today(self)})

    def action_reset_draft(self):
        self._noproof_move(("pending", "retired"), "draft")
