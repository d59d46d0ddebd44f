from odoo import _, api, fields, models
from odoo.exceptions import UserError


class NoproofCase(models.Model):
    # noproof_verification puts the model behind the workflow guard; this extension
    # adds the fields it sets itself (collected over the classes of the model).
    _inherit = "noproof.case"
    # Set only by the revocation after a false promise (Taizhou art. 8 ¶3).
    _workflow_fields = ("date_revoked", "revocation_reason", "approved_by_id")

    state = fields.Selection(
        selection_add=[("revoked", "Revoked")],
        ondelete={"revoked": lambda cases: cases._workflow().write({"state": "rejected"})},
    )
    date_revoked = fields.Datetime(string="Revoked On", readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        "res.users",
        string="Approved By",
        readonly=True,
        copy=False,
        help="Who approved the case: reviewed with the clerk and the unit after a false promise (Luzhou art. 20).",
    )
    revocation_reason = fields.Text(readonly=True, copy=False)
    commitment_ids = fields.One2many("noproof.commitment", "case_id", string="Commitments")
    commitment_count = fields.Integer(compute="_compute_commitment_count", string="Number of Commitments")

    @api.depends("commitment_ids")
    def _compute_commitment_count(self):
        for case in self:
            case.commitment_count = len(case.commitment_ids)

    def action_approve(self):
        """Luzhou art. 8: items in a risk category are approved only once the promises are
        verified; the others as soon as the applicant has signed."""
        for case in self:
            waiting = case.check_ids.filtered(lambda check: check._noproof_awaits_verification_before_approval())
            if waiting:
                risks = dict(case._fields["risk_category"]._description_selection(self.env))
                raise UserError(
                    _(
                        "%(case)s concerns %(risk)s: it is approved only after the commitment for %(certificates)s "
                        "has been verified (%(article)s). Verify the commitment first.",
                        article=case.company_id._noproof_cite(luzhou="Luzhou art. 8"),
                        case=case.name,
                        risk=risks.get(case.risk_category, case.risk_category),
                        certificates=", ".join(waiting.mapped("certificate_id.name")),
                    )
                )
        result = super().action_approve()
        self._workflow().write({"approved_by_id": self.env.uid})
        for case in self:
            pending = case.sudo().commitment_ids.filtered(lambda c: c.state == "signed")
            for commitment in pending:
                commitment.message_post(
                    body=_(
                        "%(case)s was approved on this commitment; verify it by %(deadline)s (%(article)s).",
                        article=case.company_id._noproof_cite(luzhou="Luzhou art. 8"),
                        case=case.name,
                        deadline=commitment._noproof_local(commitment.follow_up_deadline),
                    )
                )
            if pending:
                case.message_post(
                    body=_(
                        "Approved on commitment: %(commitments)s. The follow-up verification is due by %(deadline)s.",
                        commitments=", ".join(pending.mapped("name")),
                        deadline=pending[0]._noproof_local(min(pending.mapped("follow_up_deadline"))),
                    )
                )
        return result

    def action_reject(self):
        result = super().action_reject()
        self.sudo().commitment_ids._noproof_void()
        return result

    def action_cancel(self):
        result = super().action_cancel()
        self.sudo().commitment_ids._noproof_void()
        return result

    def _noproof_revoke(self, reason):
        """Revoke the approval of the case (Taizhou art. 8 ¶3): the benefit obtained
        through a false promise is not protected."""
        for case in self:
            if case.state != "approved":
                raise UserError(_("Only an approved case can be revoked; %(case)s is not.", case=case.name))
        self._workflow().write({"state": "revoked", "date_revoked": fields.Datetime.now(), "revocation_reason": reason})
        for case in self:
            case.message_post(body=reason)
        return True

    def action_view_commitments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_commitment.action_noproof_commitment")
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {}
        return action
