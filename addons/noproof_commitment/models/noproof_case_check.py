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
    risk_category = fields.Selection(related="case_id.risk_category")

    @api.depends("commitment_ids.state")
    def _compute_commitment_id(self):
        for check in self:
            check.commitment_id = check.commitment_ids.filtered(lambda c: c.state != "void")[:1]

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
            self.disposition == "commitment"
            and self.resolution == "commitment"
            and self.sudo().commitment_id.state == "signed"
            and not self.case_id.risk_category
        )

    def _noproof_awaits_verification_before_approval(self):
        """Signed, not verified yet, and the item is in a risk category (Luzhou art. 8)."""
        self.ensure_one()
        return (
            self.disposition == "commitment"
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
