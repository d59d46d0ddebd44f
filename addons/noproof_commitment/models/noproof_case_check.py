from odoo import _, api, fields, models
from odoo.exceptions import UserError


class NoproofCaseCheck(models.Model):
    """A check whose rule allows commitment is settled by the applicant's signed
    promise (or by the certificate the applicant chooses to bring instead)."""

    # noproof_verification puts the model behind the workflow guard; this extension
    # adds the fields it sets itself (collected over the classes of the model).
    _inherit = "noproof.case.check"
    # Which commitment settles the check follows from the commitments signed for it.
    _workflow_fields = ("commitment_id",)

    resolution = fields.Selection(
        selection_add=[("commitment", "Commitment Signed")], ondelete={"commitment": "set null"}
    )
    commitment_ids = fields.One2many("noproof.commitment", "check_id", string="Commitments")
    commitment_id = fields.Many2one(
        "noproof.commitment",
        compute="_compute_commitment_id",
        store=True,
        copy=False,
        index="btree_not_null",
        string="Commitment",
        help="The applicant's commitment for this certificate, unless withdrawn.",
    )
    commitment_state = fields.Selection(related="commitment_id.state", string="Commitment Status")
    commitment_fallback_open = fields.Boolean(
        compute="_compute_commitment_fallback_open",
        string="Commitment Possible",
        help="Neither shared data nor a verification ticket could confirm the fact and the rule allows the "
        "applicant's commitment instead (Luzhou art. 14 ¶1).",
    )
    risk_category = fields.Selection(related="case_id.risk_category")

    @api.depends("commitment_ids.state")
    def _compute_commitment_id(self):
        for check in self:
            check.commitment_id = check.commitment_ids.filtered(lambda c: c.state != "void")[:1]

    @api.depends("state", "disposition", "query_ids.state", "ticket_ids.answer_result")
    def _compute_commitment_fallback_open(self):
        for check in self:
            check.commitment_fallback_open = check._noproof_commitment_fallback_open()

    # --------------------------------------------------------------- fallback
    def _noproof_nothing_confirms(self):
        """Luzhou art. 14 ¶1: a look-up in shared data found no data, or a verification
        ticket answered that the information does not exist."""
        self.ensure_one()
        check = self.sudo()
        if check.disposition == "data_sharing":
            return "not_found" in check.query_ids.mapped("state")
        if check.disposition == "assistance":
            return "not_found" in check.ticket_ids.mapped("answer_result")
        return False

    def _noproof_commitment_fallback_refusal(self):
        """Why the applicant's commitment cannot stand in for this check, or ``None``."""
        self.ensure_one()
        check = self.sudo()
        names = {"certificate": check.certificate_id.name, "item": check.case_id.item_id.name}
        if check.disposition not in ("data_sharing", "assistance"):
            return _("%(certificate)s is not established through shared data or a verification ticket.", **names)
        if check.case_id.company_id._noproof_commitment_fallback() != "allowed":
            return _(
                "%(level)s does not handle a certificate on commitment when nothing confirms it (see the level's "
                "setting 'Commitment When Nothing Confirms').",
                level=check.case_id.company_id.name,
            )
        if not check.rule_id.commitment_fallback:
            return _(
                "The rule of %(certificate)s for %(item)s does not allow the applicant's commitment when nothing "
                "confirms it (%(article)s).",
                article=check.case_id.company_id._noproof_cite(luzhou="Luzhou art. 14 ¶1"),
                **names,
            )
        if check.state not in ("todo", "discrepancy") or not check._noproof_nothing_confirms():
            return _(
                "%(certificate)s may be replaced by a commitment only once a look-up found no data or a "
                "verification ticket answered that there is no such information (%(article)s).",
                article=check.case_id.company_id._noproof_cite(luzhou="Luzhou art. 14 ¶1"),
                **names,
            )
        if check.commitment_ids.filtered(lambda c: c.state != "void"):
            return _("%(certificate)s is already covered by a commitment.", **names)
        return None

    def _noproof_commitment_fallback_open(self):
        self.ensure_one()
        return not self._noproof_commitment_fallback_refusal()

    def _noproof_check_commitment_fallback(self):
        refusal = self._noproof_commitment_fallback_refusal()
        if refusal:
            raise UserError(refusal)

    def action_open_commitment_fallback(self):
        """Luzhou art. 14 ¶1: fall back on the applicant's commitment, with the template of the rule."""
        self.ensure_one()
        self._noproof_check_editable()
        self._noproof_check_commitment_fallback()
        return {
            "type": "ir.actions.act_window",
            "name": _("Commitment Instead: %(certificate)s", certificate=self.certificate_id.name),
            "res_model": "noproof.commitment.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_check_id": self.id},
        }

    def _noproof_apply_answer(self, ticket):
        if ticket.commitment_id:
            # The follow-up of a commitment: the answer goes to the commitment, whatever the case's state.
            return ticket.commitment_id._noproof_apply_follow_up_answer(ticket)
        return super()._noproof_apply_answer(ticket)

    # ------------------------------------------------------------------ hooks
    def _noproof_allowed_resolutions(self):
        allowed = tuple(super()._noproof_allowed_resolutions())
        if self.disposition == "commitment":
            # Taizhou art. 15: the applicant may bring the certificate instead of promising.
            allowed += tuple(r for r in ("commitment", "voluntary") if r not in allowed)
        return allowed

    def _noproof_check_blocks_approval(self):
        """Luzhou art. 8: an item outside the risk categories is approved as soon as the
        applicant has signed; the follow-up verification comes after. A risky item waits
        for the verification."""
        blocks = super()._noproof_check_blocks_approval()
        if blocks and self._noproof_approvable_on_commitment():
            return False
        return blocks

    def _noproof_approvable_on_commitment(self):
        self.ensure_one()
        return (
            self.resolution == "commitment"
            and self.sudo().commitment_id.state == "signed"
            and not self.case_id.risk_category
        )

    def _noproof_awaits_verification_before_approval(self):
        """Signed, not verified yet, and the item is in a risk category (Luzhou art. 8)."""
        self.ensure_one()
        return (
            self.resolution == "commitment"
            and self.state != "done"
            and self.sudo().commitment_id.state == "signed"
            and bool(self.case_id.risk_category)
        )

    def _noproof_resolve(self, resolution, *args, **kwargs):
        self.ensure_one()
        if resolution == "commitment":
            raise UserError(
                _(
                    "%(certificate)s is replaced by a commitment only when the applicant signs it: use 'Sign "
                    "Commitment'.",
                    certificate=self.certificate_id.name,
                )
            )
        if self.disposition == "commitment" and self.sudo().commitment_id:
            raise UserError(
                _(
                    "%(certificate)s is already covered by the commitment %(commitment)s; the applicant's "
                    "certificate can serve as evidence when that commitment is verified.",
                    certificate=self.certificate_id.name,
                    commitment=self.sudo().commitment_id.name,
                )
            )
        return super()._noproof_resolve(resolution, *args, **kwargs)

    # ---------------------------------------------------------------- actions
    def action_open_sign_commitment(self):
        """Open the signing wizard, prefilled with the template's text for this case."""
        self.ensure_one()
        self._noproof_check_editable()
        if self.disposition != "commitment":
            raise UserError(
                _("%(certificate)s cannot be replaced by a commitment.", certificate=self.certificate_id.name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Sign Commitment: %(certificate)s", certificate=self.certificate_id.name),
            "res_model": "noproof.commitment.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_check_id": self.id},
        }

    def action_open_voluntary_certificate(self):
        """Taizhou art. 15: the applicant brings the certificate instead of signing."""
        self.ensure_one()
        return self.with_context(noproof_resolution="voluntary").action_open_resolve()

    def action_view_commitment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "noproof.commitment",
            "res_id": self.commitment_id.id,
            "view_mode": "form",
            "target": "current",
        }
