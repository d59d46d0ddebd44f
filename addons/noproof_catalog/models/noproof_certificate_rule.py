import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

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
# Certificates outside the regulation (Taizhou art. 3 ¶2, Luzhou art. 4 ¶2): recorded, shown apart.
EXCLUSIONS = [
    ("outside_city", "Issued Outside the City, Not Checkable Online"),
    ("higher_level", "Item Handled by a Higher Level"),
]
# The article each statute gives for each exclusion.
EXCLUSION_ARTICLES = {
    ("taizhou", "outside_city"): "台州规定第三条第二款 (Taizhou art. 3 ¶2)",
    ("taizhou", "higher_level"): "台州规定第三条第二款 (Taizhou art. 3 ¶2)",
    ("luzhou", "outside_city"): "泸州办法第四条第二款 (Luzhou art. 4 ¶2)",
}
# A rule drafted where no list is published yet is activated by the configuration administrator; where
# the level has published its list, a draft takes effect only through an approved change request
# (Taizhou art. 6 ¶2): no state of its own waits for an approval nobody could give.
RULE_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("retired", "Retired"),
]
LIVE_STATES = ("active", "suspended")
# What a published list promises about a rule. Once the rule is on the published
# list of its level, these change only through an approved change request or by
# the lapse of its legal basis (Taizhou art. 6 ¶2-3).
CHANGE_CONTROLLED_FIELDS = frozenset(
    {
        "item_id",
        "certificate_id",
        "disposition",
        "legal_basis_id",
        "alternative_method",
        "assisting_organization_id",
        "state",
        "date_start",
        "date_end",
        "date_suspended",
        # Outside the regulation (Taizhou art. 3 ¶2, Luzhou art. 4 ¶2): part of what the list promises.
        "exclusion",
        "exclusion_reason",
    }
)


def office_users(company):
    """The users who act for ``company``'s joint-conference office, its head first."""
    office = company.sudo().noproof_office_id
    users = (office.head_id | office.user_ids).filtered(
        lambda user: user.active and company in user.company_ids and user.has_group("noproof_catalog.group_office")
    )
    return users


def acts_for_office(user, company):
    """Whether ``user`` reviews for ``company``'s joint-conference office: one of its office users, or a
    configuration administrator of the level."""
    return user in office_users(company) or (
        user.has_group("noproof_catalog.group_manager") and company in user.company_ids
    )


class NoproofCertificateRule(models.Model):
    """What replaces one certificate for one service item."""

    _name = "noproof.certificate.rule"
    _description = "Certificate Rule"
    _inherit = ["noproof.workflow.mixin", "mail.thread"]
    # Its actions, an approved change request and the lapse of its legal basis set these.
    # The office's approval of a retained certificate under the zero-certificate target (Luzhou art. 7 ¶1)
    # is recorded only by its action.
    _workflow_fields = ("state", "date_suspended", "retention_approved_by_id", "retention_approved_on")
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
    date_suspended = fields.Date(
        string="Suspended From",
        tracking=True,
        copy=False,
        help="The day the rule stopped, e.g. the day its legal basis was repealed or amended (Taizhou art. 6 ¶3).",
    )
    note = fields.Text()
    exclusion = fields.Selection(
        EXCLUSIONS,
        string="Outside the Regulation",
        tracking=True,
        help="The regulation does not apply to this certificate: it is issued outside the city and cannot be "
        "checked online (Taizhou art. 3 ¶2, Luzhou art. 4 ¶2), or the item is only pre-examined here and "
        "handled by a higher level (Taizhou art. 3 ¶2). The applicant still brings it; the public list shows "
        "it apart.",
    )
    exclusion_reason = fields.Text(tracking=True, help="Why the certificate is outside the regulation.")
    exclusion_article = fields.Char(
        compute="_compute_exclusion_article",
        store=True,
        readonly=False,
        tracking=True,
        help="The article of the level's statute that excludes it; filled from the statute, editable for a level "
        "running its own regulation.",
    )
    needs_retention_approval = fields.Boolean(
        compute="_compute_needs_retention_approval",
        help="Under the zero-certificate target (Luzhou art. 7 ¶1) a certificate the applicant still brings "
        "takes effect only with the joint-conference office's explicit approval.",
    )
    retention_approved_by_id = fields.Many2one(
        "res.users", string="Retention Approved By", readonly=True, copy=False, tracking=True
    )
    retention_approved_on = fields.Date(string="Retention Approved On", readonly=True, copy=False)
    change_controlled = fields.Boolean(
        compute="_compute_change_controlled",
        help="The rule's level has published its list (or the rule is on it): the rule takes effect and changes "
        "only through a change request approved by the level's chain (Taizhou art. 6 ¶2).",
    )
    change_request_ids = fields.One2many("noproof.change.request", "rule_id", string="Change Requests")
    applicant_brings = fields.Boolean(
        compute="_compute_applicant_brings",
        store=True,
        help="The applicant still has to bring this certificate.",
    )

    @api.depends("company_id", "state")
    def _compute_change_controlled(self):
        published = set(
            self.env["noproof.cancellation.list"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids), ("state", "=", "published")])
            .company_id.ids
        )
        on_list = set(self.filtered("id")._noproof_published_lines().rule_id.ids)
        for rule in self:
            rule.change_controlled = rule.company_id.id in published or rule.id in on_list

    @api.depends("disposition")
    def _compute_applicant_brings(self):
        for rule in self:
            rule.applicant_brings = rule.disposition == "retained"

    @api.depends("exclusion", "company_id.noproof_statute", "company_id.parent_id.noproof_statute")
    def _compute_exclusion_article(self):
        for rule in self:
            statute = rule.company_id._noproof_setting("noproof_statute") if rule.company_id else False
            rule.exclusion_article = (
                EXCLUSION_ARTICLES.get((statute, rule.exclusion), False) if rule.exclusion else False
            )

    @api.depends("disposition", "exclusion", "company_id")
    def _compute_needs_retention_approval(self):
        for rule in self:
            rule.needs_retention_approval = rule._noproof_needs_retention_approval()

    def _noproof_needs_retention_approval(self):
        """Luzhou art. 7 ¶1: a retained certificate (not excluded) of a level with the zero-certificate target."""
        self.ensure_one()
        return bool(
            self.disposition == "retained"
            and not self.exclusion
            and self.company_id
            and self.company_id._noproof_setting("noproof_zero_certificate") == "yes"
        )

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
                        "(%(article)s). Choose a law or regulation, or cancel the certificate.",
                        article=basis.company_id or rule.company_id._noproof_cite(taizhou="Taizhou art. 7"),
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

    @api.constrains("exclusion", "exclusion_reason", "disposition")
    def _check_exclusion(self):
        """Taizhou art. 3 ¶2, Luzhou art. 4 ¶2: what the regulation excludes, and why."""
        for rule in self.filtered("exclusion"):
            names = {"certificate": rule.certificate_id.name, "item": rule.item_id.name}
            if rule.disposition != "retained":
                raise ValidationError(
                    _(
                        "%(certificate)s for %(item)s is outside the regulation: the applicant still brings it, so "
                        "its disposition is 'Retained'. Clear the exclusion to replace the certificate.",
                        **names,
                    )
                )
            if not (rule.exclusion_reason or "").strip():
                raise ValidationError(_("Say why %(certificate)s for %(item)s is outside the regulation.", **names))
            if (
                rule.exclusion == "higher_level"
                and rule.company_id._noproof_setting("noproof_exclude_higher_level") != "yes"
            ):
                raise ValidationError(
                    _(
                        "%(level)s does not exclude items handled by a higher level: its statute excludes only "
                        "certificates issued outside the city that cannot be checked online (%(article)s). "
                        "Change the level's 'Exclusions' setting if its statute says otherwise.",
                        article=rule.company_id._noproof_cite(taizhou="Taizhou art. 3 ¶2", luzhou="Luzhou art. 4 ¶2"),
                        level=rule.company_id.name,
                    )
                )

    @api.constrains("state", "disposition", "exclusion", "retention_approved_by_id")
    def _check_retention_approved(self):
        """Luzhou art. 7 ¶1: under the zero-certificate target, no retained certificate is in force without the
        office's explicit approval."""
        for rule in self:
            if (
                rule.state in LIVE_STATES
                and not rule.retention_approved_by_id
                and rule._noproof_needs_retention_approval()
            ):
                raise ValidationError(rule._noproof_retention_refusal())

    def _noproof_retention_refusal(self):
        office = office_users(self.company_id)
        return _(
            "%(level)s aims at zero certificates (%(article)s): %(certificate)s for %(item)s may remain a "
            "certificate the applicant brings only with the explicit approval of the joint-conference office "
            "(%(office)s). Ask them to approve the retention, or choose another disposition.",
            article=self.company_id._noproof_cite(luzhou="Luzhou art. 7 ¶1"),
            level=self.company_id.name,
            certificate=self.certificate_id.name,
            item=self.item_id.name,
            office=", ".join(office.mapped("name")) or _("no office user configured"),
        )

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

    # ---------------------------------------------------------- change control
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules._check_level_not_published()
        return rules

    def write(self, vals):
        if CHANGE_CONTROLLED_FIELDS.intersection(vals):
            self._check_change_control()
            if "state" in vals or "disposition" in vals:
                self._check_level_not_published(vals)
        result = super().write(vals)
        if "disposition" in vals and vals["disposition"] != "retained":
            # An approval of a retention lapses with the retention.
            approved = self.filtered("retention_approved_by_id")
            if approved:
                super(NoproofCertificateRule, approved._workflow()).write(
                    {"retention_approved_by_id": False, "retention_approved_on": False}
                )
        return result

    def unlink(self):
        self._check_change_control()
        return super().unlink()

    def _noproof_published_lines(self):
        return (
            self.env["noproof.cancellation.list.line"]
            .sudo()
            .search([("rule_id", "in", self.ids), ("list_id.state", "=", "published")])
        )

    def _check_change_control(self):
        """Taizhou art. 6 ¶2: after publication a rule of the published list changes
        only through a change request approved by the level's office."""
        if self._workflow_is_open() or not self.ids:
            return
        lines = self._noproof_published_lines()
        if lines:
            line = lines[0]
            raise UserError(
                _(
                    "%(certificate)s for %(item)s is on the published list %(list)s. After publication it "
                    "changes only through a change request approved by the joint-conference office: "
                    "file a change request instead.",
                    certificate=line.certificate_name,
                    item=line.item_name,
                    list=line.list_id.display_name,
                )
            )

    def _check_level_not_published(self, vals=None):
        """Taizhou art. 6 ¶1-2: once a level has published its list, no certificate outside it may be
        asked for; a rule that asks for one takes effect only through a change request approved by the
        office. Cancelling a certificate needs no approval."""
        vals = vals or {}
        asking = self.filtered(
            lambda rule: (
                vals.get("state", rule.state) in LIVE_STATES
                and vals.get("disposition", rule.disposition) != "cancelled"
            )
        )
        if self._workflow_is_open() or not asking:
            return
        published = (
            self.env["noproof.cancellation.list"]
            .sudo()
            .search([("company_id", "in", asking.company_id.ids), ("state", "=", "published")])
        )
        rule = asking.filtered(lambda rule: rule.company_id in published.company_id)[:1]
        if rule:
            raise UserError(
                _(
                    "%(level)s has published its cancellation list: %(certificate)s for %(item)s can take "
                    "effect only through a change request approved by the joint-conference office. "
                    "File a change request instead.",
                    level=rule.company_id.name,
                    certificate=rule.certificate_id.name,
                    item=rule.item_id.name,
                )
            )

    # ---------------------------------------------------- legal-basis lifecycle
    @api.model
    def _lapsed_basis_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "active"),
            "|",
            ("legal_basis_id.date_repealed", "<=", today),
            ("legal_basis_id.date_expiry", "<", today),
        ]

    @api.model
    def _cron_suspend_on_lapsed_basis(self, batch_size=200):
        """Taizhou art. 6 ¶3: from the day its legal basis is repealed or amended, a rule
        stops. Suspends the rules in batches; tells the rule, the published list and
        the office, which must re-decide each item. Idempotent: a suspended rule is
        not picked up again. In a scheduled run each call does one batch and lets the
        scheduler commit and call again."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        done = 0
        while True:
            rules = self.search(self._lapsed_basis_domain(), limit=batch_size, order="id")
            if not rules:
                break
            rules._suspend_on_lapsed_basis()
            done += len(rules)
            if in_cron:
                remaining = self.search_count(self._lapsed_basis_domain())
                self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
                return done
        if in_cron:
            self.env["ir.cron"]._notify_progress(done=done, remaining=0)
        if done:
            _logger.info("Suspended %s rules whose legal basis was repealed or amended", done)
        return done

    def _suspend_on_lapsed_basis(self):
        for basis, rules in self.grouped("legal_basis_id").items():
            rules._workflow().write({"state": "suspended", "date_suspended": basis._noproof_lapse_date()})
            for rule in rules:
                rule.message_post(body=rule._lapsed_basis_message())
        lines = self._noproof_published_lines()._workflow()
        for rule, rule_lines in lines.grouped("rule_id").items():
            rule_lines.write({"date_stopped": rule.date_suspended, "stop_basis": rule.legal_basis_id.display_name})
        for lst, list_lines in lines.grouped("list_id").items():
            lst.message_post(
                body=_(
                    "These lines stopped because their legal basis was repealed or amended (%(article)s): %(lines)s",
                    article=lst.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶3"),
                    lines=", ".join(f"{line.item_name} / {line.certificate_name}" for line in list_lines),
                )
            )
        self._schedule_redecision()

    def _lapsed_basis_message(self):
        basis = self.legal_basis_id
        if not basis.date_repealed or (basis.date_expiry and basis.date_expiry < basis.date_repealed):
            return _(
                "Suspended from %(date)s: the validity period of its legal basis %(basis)s ended on %(end)s "
                "(%(article)s). The office must re-decide this certificate through a change request.",
                article=self.company_id._noproof_cite(luzhou="Luzhou art. 25"),
                date=basis._noproof_lapse_date(),
                basis=basis.display_name,
                end=basis.date_expiry,
            )
        if basis.replaced_by_id:
            return _(
                "Suspended from %(date)s: its legal basis %(basis)s was amended and replaced by %(new)s "
                "(%(article)s). The office must re-decide this certificate through a change request.",
                article=self.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶3"),
                date=basis.date_repealed,
                basis=basis.display_name,
                new=basis.replaced_by_id.display_name,
            )
        return _(
            "Suspended from %(date)s: its legal basis %(basis)s was repealed (%(article)s). "
            "The office must re-decide this certificate through a change request.",
            article=self.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶3"),
            date=basis.date_repealed,
            basis=basis.display_name,
        )

    def _schedule_redecision(self):
        """One open activity per item for its level's office; never a second one."""
        activity_type = self.env.ref("noproof_catalog.mail_activity_type_redecide")
        items = self.item_id
        already = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "noproof.service.item"),
                    ("res_id", "in", items.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        for item in items.filtered(lambda item: item.id not in already):
            responsible = office_users(item.company_id)[:1]
            if not responsible:
                _logger.warning(
                    "%s has no joint-conference office user to re-decide %s", item.company_id.name, item.name
                )
                continue
            rules = self.filtered(lambda rule, item=item: rule.item_id == item)
            item.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                user_id=responsible.id,
                summary=_("Re-decide certificates on a lapsed legal basis"),
                note=_(
                    "The legal basis of %(certificates)s was repealed or amended; these certificates are suspended. "
                    "Decide what replaces them and file a change request (%(article)s).",
                    article=item.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶3"),
                    certificates=", ".join(rules.certificate_id.mapped("name")),
                ),
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
        # The action is a change like any other: change control applies before it runs.
        self._check_change_control()
        if target in LIVE_STATES:
            self._check_level_not_published({"state": target})
        self._workflow().write({"state": target})

    def action_approve_retention(self):
        """The joint-conference office approves that the applicant still brings this certificate
        (Luzhou art. 7 ¶1, zero-certificate target)."""
        for rule in self:
            if rule.disposition != "retained":
                raise UserError(_("%(rule)s is not a retained certificate.", rule=rule.display_name))
            if self.env.user not in office_users(rule.company_id):
                raise UserError(rule._noproof_retention_refusal())
            if rule.state in LIVE_STATES:
                rule._check_change_control()
            # The office decides, though only configuration administrators edit rules.
            rule.sudo()._workflow().write(
                {"retention_approved_by_id": self.env.uid, "retention_approved_on": fields.Date.context_today(rule)}
            )
            rule.sudo().message_post(
                body=_(
                    "Retention approved by the joint-conference office (%(user)s), %(article)s.",
                    article=rule.company_id._noproof_cite(luzhou="Luzhou art. 7 ¶1"),
                    user=self.env.user.name,
                ),
                author_id=self.env.user.partner_id.id,
            )
        return True

    def action_activate(self):
        pending = self.filtered(
            lambda rule: rule._noproof_needs_retention_approval() and not rule.retention_approved_by_id
        )
        # An office user activating a retained certificate approves it explicitly; anyone else is refused.
        if pending:
            pending.action_approve_retention()
        self._noproof_move(("draft", "suspended"), "active")
        self.filtered("date_suspended")._workflow().write({"date_suspended": False})
        for rule in self.filtered(lambda r: not r.date_start):
            rule.date_start = fields.Date.context_today(rule)

    def action_suspend(self):
        self._noproof_move(("active",), "suspended")
        self._workflow().write({"date_suspended": fields.Date.context_today(self)})

    def action_retire(self):
        self._noproof_move(("draft", "active", "suspended"), "retired")
        self.filtered(lambda r: not r.date_end).write({"date_end": fields.Date.context_today(self)})

    def action_reset_draft(self):
        self._noproof_move(("retired",), "draft")

    def action_request_change(self):
        """Taizhou art. 6 ¶2: where the level has published its list, a rule takes effect or changes only through
        a change request. Opens the requester's draft request for this rule, or creates one filled with the rule
        as it stands, for the requester to complete and submit."""
        self.ensure_one()
        if self.state == "retired":
            raise UserError(
                _(
                    "%(rule)s is retired. Ask for the certificate again with a new change request of the type "
                    "'Add a Certificate'.",
                    rule=self.display_name,
                )
            )
        Request = self.env["noproof.change.request"]
        request = Request.search(
            [("rule_id", "=", self.id), ("state", "=", "draft"), ("requested_by_id", "=", self.env.uid)],
            limit=1,
        )
        if not request:
            request = Request.create(Request._noproof_values_from_rule(self))
        return {
            "type": "ir.actions.act_window",
            "res_model": "noproof.change.request",
            "res_id": request.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
