from odoo import _, api, fields, models
from odoo.addons.noproof_verification.models.noproof_verification_ticket import (
    OPEN_STATES,
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
        if any(vals.get("commitment_id") for vals in vals_list) and not self._workflow_is_open():
            raise UserError(
                _("A follow-up ticket is opened by its commitment when the applicant signs it; create no other.")
            )
        return super().create(vals_list)

    def _noproof_check_serves_case(self):
        # A follow-up serves its commitment, on the check the commitment settles, even after the case
        # was decided (approval on commitment comes first).
        follow_ups = self.filtered("commitment_id")
        if follow_ups.filtered(lambda ticket: ticket.commitment_id.sudo().check_id != ticket.check_id):
            raise UserError(_("A follow-up ticket concerns the check of its commitment."))
        return super(NoproofVerificationTicket, self - follow_ups)._noproof_check_serves_case()

    def _noproof_check_sendable(self):
        if self.commitment_id and self.commitment_id.sudo().state != "signed":
            raise UserError(_("%(commitment)s needs no follow-up any more.", commitment=self.commitment_id.name))
        return super()._noproof_check_sendable()

    def _noproof_pending_follow_up(self):
        self.ensure_one()
        return bool(self.commitment_id) and self.commitment_id.sudo().state == "signed"

    def _noproof_end_with_check(self):
        # Deciding the case (approval) ends the open tickets of its checks, but not the follow-up of a
        # commitment still to verify (Luzhou art. 8): that one ends with the commitment.
        return super(
            NoproofVerificationTicket, self.filtered(lambda t: not t._noproof_pending_follow_up())
        )._noproof_end_with_check()

    def _noproof_cancel_follow_up(self):
        """Cancel the open follow-up tickets of commitments that were verified otherwise,
        found false or withdrawn."""
        self.filtered(lambda t: t.commitment_id and t.state in ("draft",) + OPEN_STATES)._noproof_cancel()

    def action_cancel(self):
        pending = self.filtered(lambda t: t._noproof_pending_follow_up())
        if pending:
            raise UserError(
                _(
                    "%(ticket)s is the follow-up of commitment %(commitment)s, which must be verified "
                    "(%(article)s): it ends when the commitment is verified, found false or withdrawn.",
                    article=pending[0].company_id._noproof_cite(luzhou="Luzhou art. 8"),
                    ticket=pending[0].name,
                    commitment=pending[0].commitment_id.name,
                )
            )
        return super().action_cancel()
