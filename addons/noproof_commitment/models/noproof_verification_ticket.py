from odoo import _, api, fields, models
from odoo.addons.noproof_verification.models.noproof_verification_ticket import (
    OPEN_STATES,
)
from odoo.addons.noproof_verification.models.noproof_verification_ticket import (
    NoproofVerificationTicket as VerificationTicket,
)
from odoo.exceptions import UserError


class NoproofVerificationTicket(models.Model):
    """The follow-up of a commitment with the assisting organization (Luzhou art. 8) is
    a verification ticket like any other (deadline from the level's policies,
    escalation when overdue, the verifier's answer), for a check settled by commitment
    rather than one verified by another department; approving the case does not cancel
    it, and the answer goes to the commitment."""

    _inherit = "noproof.verification.ticket"
    # Only the commitment's follow-up links a ticket to a commitment (noproof.workflow.mixin).
    _workflow_fields = ("commitment_id",)

    commitment_id = fields.Many2one(
        "noproof.commitment",
        string="Commitment Followed Up",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The commitment whose follow-up this ticket is (Luzhou art. 8).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        follow_ups = [vals for vals in vals_list if vals.get("commitment_id")]
        if not follow_ups:
            return super().create(vals_list)
        if len(follow_ups) != len(vals_list) or not self._workflow_is_open():
            raise UserError(
                _("A follow-up ticket is opened by its commitment when the applicant signs it; create no other.")
            )
        for vals in vals_list:
            commitment = self.env["noproof.commitment"].sudo().browse(vals["commitment_id"])
            if commitment.check_id.id != vals.get("check_id"):
                raise UserError(_("A follow-up ticket concerns the check of its commitment."))
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("noproof.verification.ticket") or "/"
        # The check is settled by commitment, not by verification, and the case may already be
        # decided: skip the verification add-on's checks of a ticket for verification.
        return super(VerificationTicket, self).create(vals_list)

    def _noproof_check_sendable(self):
        if not self.commitment_id:
            return super()._noproof_check_sendable()
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("%(ticket)s has already been sent.", ticket=self.name))
        if self.commitment_id.state != "signed":
            raise UserError(_("%(commitment)s needs no follow-up any more.", commitment=self.commitment_id.name))
        # The other conditions (a designated verifier, a deadline policy, the authorization) apply alike.
        case_state = self.case_id.state
        if case_state == "open":
            return super()._noproof_check_sendable()
        if not self.assisting_organization_id.sudo().verifier_ids:
            raise UserError(
                _(
                    "%(organization)s has no designated verifier to answer the ticket.",
                    organization=self.assisting_organization_id.sudo().name,
                )
            )
        if not self.sla_policy_id:
            raise UserError(_("No deadline policy of %(level)s matches this ticket.", level=self.company_id.name))
        return None

    def _noproof_pending_follow_up(self):
        self.ensure_one()
        return bool(self.commitment_id) and self.commitment_id.sudo().state == "signed"

    def _noproof_cancel(self):
        # Deciding the case (approval) cancels the open tickets of its checks, but not the follow-up of a
        # commitment still to verify (Luzhou art. 8): that one ends with the commitment.
        return super(
            NoproofVerificationTicket, self.filtered(lambda t: not t._noproof_pending_follow_up())
        )._noproof_cancel()

    def _noproof_cancel_follow_up(self):
        """Cancel the open follow-up tickets of commitments that were verified otherwise,
        found false or withdrawn."""
        tickets = self.filtered(lambda t: t.commitment_id and t.state in ("draft",) + OPEN_STATES)
        if tickets:
            super(NoproofVerificationTicket, tickets)._noproof_cancel()

    def action_cancel(self):
        pending = self.filtered(lambda t: t._noproof_pending_follow_up())
        if pending:
            raise UserError(
                _(
                    "%(ticket)s is the follow-up of commitment %(commitment)s, which must be verified (Luzhou "
                    "art. 8): it ends when the commitment is verified, found false or withdrawn.",
                    ticket=pending[0].name,
                    commitment=pending[0].commitment_id.name,
                )
            )
        return super().action_cancel()
