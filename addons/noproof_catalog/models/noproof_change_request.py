from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .noproof_certificate_rule import (
    DISPOSITIONS,
    LIVE_STATES,
    REPLACING_DISPOSITIONS,
    office_users,
)

REQUEST_TYPES = [
    ("add", "Add a Certificate"),
    ("change", "Change a Rule"),
    ("retire", "Retire a Rule"),
]
REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Under Review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
# What the requester proposes; frozen once the request leaves the draft.
CONTENT_FIELDS = frozenset(
    {
        "request_type",
        "item_id",
        "rule_id",
        "certificate_id",
        "disposition",
        "legal_basis_id",
        "alternative_method",
        "assisting_organization_id",
        "reason",
        "date_effective",
        "date_end",
        "attachment_ids",
    }
)
# Set only by the request's own workflow, never written directly.
WORKFLOW_FIELDS = (
    "name",
    "state",
    "requested_by_id",
    "date_submitted",
    "date_approved",
    "approved_by_id",
    "applied_rule_id",
    "list_id",
)


class NoproofChangeRequest(models.Model):
    """A request of an organization to add, change or retire a certificate rule after
    the list was published (Taizhou art. 6 ¶2): approved by the level's approval chain
    (OCA tier validation), it changes the rule and publishes the next list version.
    A county's approval is filed with its city's office."""

    _name = "noproof.change.request"
    _description = "Certificate Change Request"
    _inherit = ["noproof.workflow.mixin", "tier.validation", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _workflow_fields = WORKFLOW_FIELDS
    _check_company_auto = True

    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "cancelled"
    _tier_validation_manual_config = False

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(REQUEST_STATES, default="draft", required=True, index=True, tracking=True, copy=False)
    request_type = fields.Selection(REQUEST_TYPES, string="Request", required=True, default="add", tracking=True)
    item_id = fields.Many2one(
        "noproof.service.item", string="Service Item", required=True, index=True, check_company=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    organization_id = fields.Many2one(
        related="item_id.organization_id", store=True, index=True, string="Requesting Organization"
    )
    rule_id = fields.Many2one(
        "noproof.certificate.rule",
        string="Rule",
        index=True,
        tracking=True,
        domain="[('item_id', '=', item_id), ('state', 'in', ('draft', 'active', 'suspended'))]",
        help="The rule to change or retire. A draft rule takes effect with the values approved here.",
    )
    certificate_id = fields.Many2one(
        "noproof.certificate",
        compute="_compute_certificate_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    disposition = fields.Selection(
        [(key, label) for key, label in DISPOSITIONS if key != "retained"],
        string="Proposed Disposition",
        tracking=True,
        help="How the fact is established from now on. The applicant cannot be asked to bring a certificate "
        "added after publication.",
    )
    legal_basis_id = fields.Many2one(
        "noproof.legal.basis",
        string="Legal Basis",
        tracking=True,
        domain="[('may_set_certificate', '=', True), ('is_in_force', '=', True)]",
        help="The law or regulation in force that sets this certificate (Taizhou art. 6 ¶2, art. 7).",
    )
    alternative_method = fields.Text(
        tracking=True, help="How the office verifies the fact instead of asking the applicant (Taizhou art. 6 ¶2)."
    )
    assisting_organization_id = fields.Many2one("noproof.organization", string="Assisting Organization", tracking=True)
    # Required at submission (a request created from a rule starts without one).
    reason = fields.Text(tracking=True, help="Why the statutory duty needs this change.")
    date_effective = fields.Date(
        string="Effective From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Valid Until", tracking=True, help="The last day the changed rule applies, if any.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_change_request_attachment_rel",
        "request_id",
        "attachment_id",
        string="Supporting Documents",
    )
    requested_by_id = fields.Many2one(
        "res.users", string="Requested By", required=True, default=lambda self: self.env.user, tracking=True
    )
    head_user_id = fields.Many2one(
        related="item_id.organization_id.head_id", string="Department Head", help="First approver in most chains."
    )
    office_reviewer_ids = fields.Many2many(
        "res.users",
        string="Office Reviewers",
        compute="_compute_office_reviewer_ids",
        help="The users of this level's joint-conference office.",
    )
    supervisor_reviewer_ids = fields.Many2many(
        "res.users",
        string="Supervising Authority Reviewers",
        compute="_compute_supervisor_reviewer_ids",
        help="The staff of the industry authority that supervises the requesting organization (Taizhou art. 21, "
        "Luzhou arts. 4 and 24): reviewers of a tier for public-service organizations.",
    )
    adds_requirement = fields.Boolean(
        compute="_compute_adds_requirement",
        help="The request adds a certificate or turns a cancelled one into a requirement again (Taizhou art. 6 ¶2).",
    )
    date_submitted = fields.Datetime(readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    applied_rule_id = fields.Many2one(
        "noproof.certificate.rule", string="Resulting Rule", readonly=True, copy=False, index="btree_not_null"
    )
    list_id = fields.Many2one(
        "noproof.cancellation.list", string="Published Version", readonly=True, copy=False, index="btree_not_null"
    )
    filing_ids = fields.One2many("noproof.filing", "change_request_id", string="Filings", readonly=True)
    filing_count = fields.Integer(compute="_compute_filing_count")
    needs_filing = fields.Boolean(compute="_compute_needs_filing")
    current_disposition = fields.Selection(related="rule_id.disposition", string="Current Disposition")
    current_legal_basis_id = fields.Many2one(related="rule_id.legal_basis_id", string="Current Legal Basis")
    current_alternative_method = fields.Text(related="rule_id.alternative_method", string="Current Method")
    current_rule_state = fields.Selection(related="rule_id.state", string="Current Status")

    # ----------------------------------------------------------------- compute
    def _compute_next_review(self):
        """The tier waiting for a decision, in words (OCA shows an empty recordset's repr when there is none)."""
        for request in self:
            # The first undecided tier (OCA moves it from waiting to pending only when its stored fields flush).
            review = (
                request.sudo().review_ids.sorted("sequence").filtered(lambda x: x.status in ("waiting", "pending"))[:1]
            )
            request.next_review = (
                _("Next: %(tier)s (%(reviewers)s)", tier=review.name or "", reviewers=review.todo_by or "")
                if review
                else False
            )

    def _get_to_validate_message(self):
        message = _("This change request waits for its approval chain.")
        return f'<i class="fa fa-info-circle"></i> {message}'

    def _get_validated_message(self):
        if self.validation_status != "validated":
            return ""
        message = _("Every tier of the approval chain approved this request.")
        return f'<i class="fa fa-thumbs-up"></i> {message}'

    def _get_rejected_message(self):
        if self.validation_status != "rejected":
            return ""
        message = _("A tier of the approval chain rejected this request.")
        return f'<i class="fa fa-thumbs-down"></i> {message}'

    @api.depends("rule_id")
    def _compute_certificate_id(self):
        for request in self:
            if request.rule_id:
                request.certificate_id = request.rule_id.certificate_id

    @api.depends("company_id")
    def _compute_office_reviewer_ids(self):
        for request in self:
            request.office_reviewer_ids = office_users(request.company_id)

    @api.depends("item_id.organization_id.supervising_authority_id")
    def _compute_supervisor_reviewer_ids(self):
        for request in self:
            request.supervisor_reviewer_ids = request.item_id.organization_id.sudo()._noproof_supervisor_users()

    @api.depends("request_type", "disposition", "rule_id.disposition")
    def _compute_adds_requirement(self):
        for request in self:
            request.adds_requirement = request._noproof_adds_requirement()

    def _noproof_adds_requirement(self):
        self.ensure_one()
        if self.request_type == "add":
            return self.disposition != "cancelled"
        if self.request_type != "change" or not self.disposition or self.disposition == "cancelled":
            return False
        # A draft rule is not in force: making it ask for anything adds a certificate.
        return self.rule_id.disposition == "cancelled" or self.rule_id.state not in LIVE_STATES

    def _noproof_office_must_approve(self):
        """Taizhou art. 6 ¶2: the level's office approves an added certificate, where the level's statute says so."""
        self.ensure_one()
        return (
            self._noproof_adds_requirement()
            and self.company_id._noproof_setting("noproof_new_certificate_approval") == "office"
        )

    def _noproof_check_office_in_chain(self):
        """At submission: the chain just built must count the level's office among its reviewers."""
        for request in self.filtered(lambda request: request._noproof_office_must_approve()):
            office = office_users(request.company_id)
            if not office & request.sudo().review_ids.reviewer_ids:
                raise UserError(request._noproof_office_missing_message(office))

    def _noproof_check_office_approved(self):
        """At the final approval: one of the approvals must come from the level's office."""
        for request in self.filtered(lambda request: request._noproof_office_must_approve()):
            office = office_users(request.company_id)
            approvers = request.sudo().review_ids.filtered(lambda review: review.status == "approved").done_by
            if not office & (approvers | self.env.user):
                raise UserError(request._noproof_office_missing_message(office))

    def _noproof_office_missing_message(self, office):
        self.ensure_one()
        office_org = self.company_id.sudo().noproof_office_id
        return _(
            "%(request)s adds a certificate, which only the joint-conference office of %(level)s may approve "
            "(%(article)s), but its approval chain has no approver from the office. Missing: %(office)s "
            "(%(users)s). The configuration administrator adds a tier with the reviewer field 'Office Reviewers' "
            "under No-Proof City > Configuration > Approval Tiers.",
            article=self.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶2"),
            request=self.name,
            level=self.company_id.name,
            office=office_org.name or _("no office configured on the level"),
            users=", ".join(office.mapped("name")) or _("no office user"),
        )

    def _compute_filing_count(self):
        for request in self:
            request.filing_count = len(request.filing_ids)

    @api.depends("company_id")
    def _compute_needs_filing(self):
        for request in self:
            request.needs_filing = request.company_id.noproof_level == "county" and bool(request.company_id.parent_id)

    @api.onchange("item_id")
    def _onchange_item_id(self):
        if self.item_id:
            self.company_id = self.item_id.company_id
        if self.rule_id and self.rule_id.item_id != self.item_id:
            self.rule_id = False

    @api.onchange("rule_id")
    def _onchange_rule_id(self):
        rule = self.rule_id
        if rule and self.request_type == "change" and not self.disposition:
            values = self._noproof_rule_proposal(rule)
            for name, value in values.items():
                self[name] = value

    @api.model
    def _noproof_rule_proposal(self, rule):
        """What a change of ``rule`` proposes before the requester edits it: the rule as it stands. Add-ons that
        add what a rule needs (its data source, its commitment template) extend it."""
        return {
            "disposition": rule.disposition if rule.disposition != "retained" else False,
            "legal_basis_id": rule.legal_basis_id.id,
            "alternative_method": rule.alternative_method,
            "assisting_organization_id": rule.assisting_organization_id.id,
            "date_end": rule.date_end,
        }

    @api.model
    def _noproof_values_from_rule(self, rule):
        """A draft request to change ``rule``, filled with the rule as it stands (the rule form's button)."""
        return {
            "request_type": "change",
            "item_id": rule.item_id.id,
            "rule_id": rule.id,
            **self._noproof_rule_proposal(rule),
        }

    # ------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._workflow_check_create(vals_list)
        for vals in vals_list:
            self._normalize_values(vals)
            # Whoever creates the request answers for it (data files may name the requester).
            vals.setdefault("requested_by_id", self.env.uid)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("noproof.change.request") or "/"
        return super(NoproofChangeRequest, self._workflow()).create(vals_list).with_env(self.env)

    def write(self, vals):
        self._noproof_check_content_frozen(vals, CONTENT_FIELDS)
        return super().write(self._normalize_values(dict(vals)))

    def _noproof_check_content_frozen(self, vals, content_fields):
        """What the requester proposes (``content_fields``, each add-on its own) is frozen once submitted."""
        # The module data files, loaded before the registry is ready, are code (see the workflow mixin).
        if not set(content_fields).intersection(vals) or self._workflow_is_open():
            return
        frozen = self.filtered(lambda request: request.state != "draft")
        if frozen:
            raise UserError(
                _(
                    "%(request)s is no longer a draft: its content cannot change. Reset it to draft (when "
                    "rejected) or file a new request.",
                    request=frozen[0].name,
                )
            )

    @api.model
    def _normalize_values(self, vals):
        """The level is the item's; a changed or retired certificate is the rule's."""
        if vals.get("item_id"):
            vals["company_id"] = self.env["noproof.service.item"].browse(vals["item_id"]).company_id.id
        if vals.get("rule_id"):
            vals["certificate_id"] = self.env["noproof.certificate.rule"].browse(vals["rule_id"]).certificate_id.id
        return vals

    def unlink(self):
        if self.filtered(lambda request: request.state != "draft"):
            raise UserError(_("Only draft change requests can be deleted; cancel the others."))
        return super().unlink()

    # ------------------------------------------------------------------ checks
    @api.constrains("request_type", "rule_id", "item_id")
    def _check_rule_of_item(self):
        for request in self:
            if request.rule_id and request.rule_id.item_id != request.item_id:
                raise ValidationError(
                    _(
                        "The rule %(rule)s does not belong to %(item)s.",
                        rule=request.rule_id.display_name,
                        item=request.item_id.display_name,
                    )
                )

    def _completeness_problems(self):
        """What keeps this request from being submitted, in words the requester can act on."""
        self.ensure_one()
        problems = []
        names = {"item": self.item_id.display_name, "certificate": self.certificate_id.name or "?"}
        if not (self.reason or "").strip():
            problems.append(_("Give the reason for the request."))
        if self.request_type in ("change", "retire"):
            if not self.rule_id:
                problems.append(_("Choose the rule of %(item)s to change or retire.", **names))
            elif self.rule_id.state == "retired":
                problems.append(
                    _(
                        "The rule %(rule)s is retired: ask for the certificate again with a request of the type "
                        "'Add a Certificate'.",
                        rule=self.rule_id.display_name,
                    )
                )
            elif self.request_type == "retire" and self.rule_id.state == "draft":
                problems.append(
                    _(
                        "The rule %(rule)s is a draft that never took effect: delete it instead of retiring it.",
                        rule=self.rule_id.display_name,
                    )
                )
        if self.request_type == "add":
            if not self.certificate_id:
                problems.append(_("Choose the certificate to add."))
            elif self.env["noproof.certificate.rule"].search_count(
                [
                    ("item_id", "=", self.item_id.id),
                    ("certificate_id", "=", self.certificate_id.id),
                    ("state", "!=", "retired"),
                    ("id", "!=", self.applied_rule_id.id),
                ],
                limit=1,
            ):
                problems.append(
                    _(
                        "%(item)s already has a rule for %(certificate)s: request a change of that rule instead.",
                        **names,
                    )
                )
        if self.request_type == "retire":
            return problems
        if not self.disposition:
            problems.append(_("Choose how %(certificate)s is handled from now on.", **names))
        if self.request_type == "add" and self.disposition == "cancelled":
            problems.append(_("A cancelled certificate needs no request: only a certificate to verify is added."))
        if self.disposition in REPLACING_DISPOSITIONS:
            basis = self.legal_basis_id
            if not basis:
                problems.append(
                    _(
                        "Name the law or regulation that sets %(certificate)s (%(article)s).",
                        article=self.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶2, art. 7"),
                        **names,
                    )
                )
            elif not basis.may_set_certificate:
                problems.append(
                    _(
                        "%(basis)s is not a law or regulation and cannot set a certificate (%(article)s).",
                        basis=basis.display_name,
                        article=self.company_id._noproof_cite(taizhou="Taizhou art. 7"),
                    )
                )
            elif not basis.is_in_force_on(self.date_effective or fields.Date.context_today(self)):
                problems.append(
                    _(
                        "%(basis)s is not in force on %(day)s: choose a basis in force, or its replacement.",
                        basis=basis.display_name,
                        day=self.date_effective,
                    )
                )
            if not (self.alternative_method or "").strip():
                problems.append(
                    _(
                        "Describe the alternative method that replaces %(certificate)s (%(article)s).",
                        article=self.company_id._noproof_cite(taizhou="Taizhou art. 6 ¶2"),
                        **names,
                    )
                )
            if self.disposition == "assistance" and not self.assisting_organization_id:
                problems.append(_("Choose the organization that answers the verification tickets."))
        if self.date_end and self.date_end < (self.date_effective or fields.Date.context_today(self)):
            problems.append(_("The rule cannot end before it takes effect."))
        if not problems:
            # Whatever else the changed rule needs (e.g. the data source of data sharing): the rule's own check.
            Rule = self.env["noproof.certificate.rule"]
            proposed = Rule.new(
                {"item_id": self.item_id.id, "certificate_id": self.certificate_id.id, **self._rule_values()}
            )
            problem = proposed._noproof_missing_counterpart()
            if problem:
                problems.append(problem)
        return problems

    def _check_complete(self):
        for request in self:
            problems = request._completeness_problems()
            if problems:
                raise UserError(
                    _(
                        "%(request)s cannot be submitted yet:\n- %(problems)s",
                        request=request.name,
                        problems="\n- ".join(problems),
                    )
                )

    # ----------------------------------------------------------------- actions
    def action_submit(self):
        """Send the request up its level's approval chain."""
        for request in self:
            if request.state != "draft":
                raise UserError(_("%(request)s has already been submitted.", request=request.name))
            request._check_complete()
            request._workflow().write({"state": "submitted", "date_submitted": fields.Datetime.now()})
            if not request.request_validation():
                raise UserError(
                    _(
                        "No approval chain is configured for change requests of %(level)s. The configuration "
                        "administrator sets it up under No-Proof City > Configuration > Approval Tiers.",
                        level=request.company_id.name,
                    )
                )
            request._noproof_check_office_in_chain()
            request._noproof_check_supervisor_in_chain()
            request._noproof_check_every_tier_has_reviewers()
        return True

    def _noproof_check_every_tier_has_reviewers(self):
        """No request may wait for a tier that nobody can decide: name the tier and what to configure."""
        for request in self:
            empty = request.sudo().review_ids.filtered(lambda review: not review.reviewer_ids)[:1]
            if empty:
                raise UserError(
                    _(
                        "%(request)s cannot be submitted: nobody can decide its tier '%(tier)s'. %(remedy)s",
                        request=request.name,
                        tier=empty.name,
                        remedy=request._noproof_empty_tier_remedy(empty),
                    )
                )

    def _noproof_empty_tier_remedy(self, review):
        field = review.definition_id.reviewer_field_id.name
        if field == "head_user_id":
            return _(
                "Record the head of %(organization)s (Configuration > Organizations), or ask the configuration "
                "administrator to apply that tier only where the organization has a head.",
                organization=self.item_id.organization_id.name,
            )
        if field == "office_reviewer_ids":
            return _(
                "Give the joint-conference office of %(level)s its staff with the role 'Joint-Conference Office'.",
                level=self.company_id.name,
            )
        return _("The configuration administrator corrects the tier under Configuration > Approval Tiers.")

    def _noproof_check_supervisor_in_chain(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: a public-service organization's request is reviewed by its
        supervising authority when the level's chain has a tier for it; that tier needs someone to review."""
        for request in self:
            organization = request.item_id.organization_id.sudo()
            authority = organization.supervising_authority_id
            reviews = request.sudo().review_ids
            uses_tier = any(
                review.definition_id.reviewer_field_id.name == "supervisor_reviewer_ids" for review in reviews
            )
            if authority and uses_tier and not request.supervisor_reviewer_ids:
                raise UserError(
                    _(
                        "%(request)s must be reviewed by %(authority)s, which supervises %(organization)s, but "
                        "%(authority)s has no head or staff. Add its staff first.",
                        request=request.name,
                        authority=authority.name,
                        organization=organization.name,
                    )
                )

    def action_cancel(self):
        if self.filtered(lambda request: request.state == "approved"):
            raise UserError(_("An approved request cannot be cancelled: file a new request to undo its change."))
        self._workflow().with_context(skip_validation_check=True).write({"state": "cancelled"})
        return True

    def action_reset_draft(self):
        wrong = self.filtered(lambda request: request.state not in ("rejected", "cancelled"))
        if wrong:
            raise UserError(_("Only rejected or cancelled requests go back to draft."))
        self._restart_chain()
        self._workflow().write({"state": "draft"})
        return True

    def _restart_chain(self):
        self.sudo()._workflow().review_ids.unlink()

    # The approval chain's reviews change only inside these actions (see tier.review).
    def request_validation(self):
        return super(NoproofChangeRequest, self._workflow()).request_validation()

    def restart_validation(self):
        return super(NoproofChangeRequest, self._workflow()).restart_validation()

    def action_view_filings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "noproof.filing",
            "name": _("Filings"),
            "view_mode": "list,form",
            "domain": [("change_request_id", "=", self.id)],
        }

    # ------------------------------------------------------- tier validation
    def _check_not_own_request(self):
        for request in self:
            if self.env.user in (request.requested_by_id | request.create_uid):
                raise UserError(
                    _(
                        "You requested %(request)s yourself and cannot review it: another member of the approval "
                        "chain must decide.",
                        request=request.name,
                    )
                )

    def validate_tier(self):
        self._check_not_own_request()
        return super(NoproofChangeRequest, self._workflow()).validate_tier()

    def reject_tier(self):
        self._check_not_own_request()
        return super(NoproofChangeRequest, self._workflow()).reject_tier()

    def _validate_tier(self, tiers=False):
        self._check_not_own_request()
        request = self._workflow()
        res = super(NoproofChangeRequest, request)._validate_tier(tiers and tiers.with_env(request.env))
        if self.state == "submitted" and self.validation_status == "validated":
            self._approve()
        return res

    def _rejected_tier(self, tiers=False):
        self._check_not_own_request()
        request = self._workflow()
        res = super(NoproofChangeRequest, request)._rejected_tier(tiers and tiers.with_env(request.env))
        if self.state == "submitted" and self.validation_status == "rejected":
            self.sudo()._workflow().with_context(skip_validation_check=True).write({"state": "rejected"})
            comments = tiers and tiers.filtered("comment").mapped("comment")
            self.sudo().message_post(
                body=_("Rejected by %(user)s.", user=self.env.user.name)
                + (" " + "; ".join(comments) if comments else "")
            )
        return res

    def _get_to_validate_message_name(self):
        return _("Change Request")

    # The chatter notes of the approval chain, in the user's language (OCA's own catalogue lacks some).
    def _notify_requested_review_body(self):
        return _("%(user)s asks the approval chain to decide this change request.", user=self.env.user.name)

    def _notify_created_review_body(self):
        return _("%(user)s created a change request for the approval chain.", user=self.env.user.name)

    def _notify_accepted_reviews_body(self):
        comment = self._noproof_own_review_comment()
        if comment:
            return _("%(user)s approved a tier: %(comment)s", user=self.env.user.name, comment=comment)
        return _("%(user)s approved a tier.", user=self.env.user.name)

    def _notify_rejected_review_body(self):
        comment = self._noproof_own_review_comment()
        if comment:
            return _("%(user)s rejected a tier: %(comment)s", user=self.env.user.name, comment=comment)
        return _("%(user)s rejected a tier.", user=self.env.user.name)

    def _notify_restarted_review_body(self):
        return _("%(user)s restarted the approval chain.", user=self.env.user.name)

    def _add_comment(self, validate_reject, reviews):
        """The dialog where a tier with remarks decides, titled in the user's language."""
        action = super()._add_comment(validate_reject, reviews)
        action["name"] = _("Remarks on the Approval") if validate_reject == "validate" else _("Reasons for Rejection")
        return action

    def _noproof_own_review_comment(self):
        reviews = self.sudo().review_ids.filtered(
            lambda review: self.env.user in review.reviewer_ids and review.comment
        )
        return reviews[:1].comment

    # --------------------------------------------------------------- approval
    def _approve(self):
        """The last tier approved: change the rule and publish the list, in one go."""
        self.ensure_one()
        approver = self.env.user
        # The reviews were created and decided in this transaction: read them afresh.
        self.invalidate_recordset(["review_ids", "need_validation"])
        self._noproof_check_office_approved()
        request = self.sudo()._workflow()
        request._check_complete()
        request.write({"state": "approved", "date_approved": fields.Datetime.now(), "approved_by_id": approver.id})
        request._apply()
        if request.needs_filing:
            request._file_with_city()
        request.message_post(
            body=_(
                "Approved by %(user)s. %(outcome)s",
                user=approver.name,
                outcome=_("Published as %(list)s.", list=request.list_id.display_name)
                if request.list_id
                else _("This level has no published list yet; the rule appears in its first version."),
            )
        )

    def _rule_values(self):
        """What the approved request writes onto its rule. Add-ons that add what a rule needs (its data source,
        its commitment template) extend it with their fields."""
        self.ensure_one()
        cancelled = self.disposition == "cancelled"
        return {
            "disposition": self.disposition,
            "legal_basis_id": False if cancelled else self.legal_basis_id.id,
            "alternative_method": False if cancelled else self.alternative_method,
            "assisting_organization_id": self.assisting_organization_id.id
            if self.disposition == "assistance"
            else False,
            "date_start": self.date_effective,
            "date_end": self.date_end,
            "date_suspended": False,
            "state": "active",
        }

    def _apply(self):
        """Make the approved change to the rule, then publish the next list version."""
        self.ensure_one()
        Rule = self.env["noproof.certificate.rule"].sudo()._workflow()
        if self.request_type == "add":
            rule = self.applied_rule_id._workflow()
            if rule and rule.state != "retired":
                rule.write(self._rule_values())
            else:
                rule = Rule.create(
                    {"item_id": self.item_id.id, "certificate_id": self.certificate_id.id, **self._rule_values()}
                )
        elif self.request_type == "change":
            rule = self.rule_id._workflow()
            rule.write(self._rule_values())
        else:
            rule = self.rule_id._workflow()
            if rule.state != "retired":
                rule.write({"state": "retired", "date_end": self.date_effective})
        rule.message_post(body=_("Changed by the approved change request %(request)s.", request=self.name))
        self.applied_rule_id = rule
        if not self.item_id.rule_ids.filtered(lambda other: other.state == "suspended"):
            redecide = self.env.ref("noproof_catalog.mail_activity_type_redecide")
            self.item_id.activity_ids.filtered(lambda act: act.activity_type_id == redecide).action_feedback(
                feedback=_("Re-decided by %(request)s.", request=self.name)
            )
        published = self.env["noproof.cancellation.list"].search(
            [("company_id", "=", self.company_id.id), ("state", "=", "published")], limit=1
        )
        if published:
            self.list_id = published._publish_amendment()
            self.list_id.message_post(
                body=_(
                    "Version amended by the approved change request %(request)s: %(reason)s",
                    request=self.name,
                    reason=self.reason,
                )
            )

    def _file_with_city(self):
        """Taizhou art. 6 ¶2: a county office's approval is filed with the city office."""
        city = self.company_id.parent_id
        if not city.noproof_office_id:
            raise UserError(
                _(
                    "%(county)s approved a certificate, which must be filed with %(city)s, but %(city)s has no "
                    "joint-conference office configured. Configure it on the level first.",
                    county=self.company_id.name,
                    city=city.name,
                )
            )
        filing = self.env["noproof.filing"].sudo()._workflow_create([{"change_request_id": self.id}])
        filing._notify_city_office()
        return filing

    def _reopen_after_objection(self, filing):
        """The city office objected to the filing: the county re-decides this request."""
        self.ensure_one()
        request = self.sudo()._workflow()
        request._restart_chain()
        request.write({"state": "draft", "date_approved": False, "approved_by_id": False})
        county_office = office_users(request.company_id)
        body = _(
            "%(city)s objected to the filing %(filing)s: %(reason)s. The request is reopened: amend it and submit "
            "it again, or file a request that undoes its change.",
            city=filing.company_id.name,
            filing=filing.name,
            reason=filing.objection_reason,
        )
        request.message_post(body=body, partner_ids=(county_office | request.requested_by_id).partner_id.ids)
        for user in county_office[:1] | request.requested_by_id:
            request.activity_schedule(
                "noproof_catalog.mail_activity_type_filing_objection",
                user_id=user.id,
                summary=_("Filing objected by %(city)s", city=filing.company_id.name),
                note=filing.objection_reason,
            )
