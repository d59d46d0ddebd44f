import base64

from odoo import _, api, fields, models
from odoo.addons.noproof_catalog.tools import exchange
from odoo.exceptions import UserError

DEFAULT_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def exchange_time(value):
    return value.strftime(exchange.TIME_FORMAT) if value else None


class NoproofVerificationTicket(models.Model):
    """A ticket to an organization that works on another noproof instance travels
    there as a signed message; its answer comes back the same way. The deadline,
    and the escalation of an overdue ticket, stay with the requesting level."""

    _inherit = "noproof.verification.ticket"
    _workflow_fields = ("remote_reference",)

    remote_reference = fields.Char(
        string="Reference on the Other Instance", readonly=True, copy=False, help="Set when the peer received it."
    )
    exchange_peer_id = fields.Many2one(
        "noproof.exchange.peer",
        string="Answered on Instance",
        compute="_compute_exchange_peer_id",
        help="The instance where the assisting organization works, when it is not this one.",
    )

    @api.depends("assisting_organization_id")
    def _compute_exchange_peer_id(self):
        Peer = self.env["noproof.exchange.peer"]
        for ticket in self:
            ticket.exchange_peer_id = Peer._noproof_for_organization(ticket.assisting_organization_id.sudo())

    # ------------------------------------------------------------ hooks
    def _noproof_has_answerer(self):
        return bool(self.exchange_peer_id) or super()._noproof_has_answerer()

    def _noproof_pick_verifier(self, organization=None):
        if organization is None and self.exchange_peer_id:
            return self.env["res.users"]
        return super()._noproof_pick_verifier(organization)

    def _noproof_schedule_answer(self):
        # The verifiers of a remote organization get their activity on their own instance.
        if self.exchange_peer_id:
            return
        return super()._noproof_schedule_answer()

    def action_send(self):
        remote = self.filtered(lambda ticket: ticket.state == "draft" and ticket.exchange_peer_id)
        result = super().action_send()
        for ticket in remote:
            ticket._noproof_exchange_send_request()
        return result

    def _noproof_cancel(self):
        remote = self.filtered(lambda ticket: ticket.state in ("sent", "accepted") and ticket.exchange_peer_id)
        result = super()._noproof_cancel()
        Message = self.env["noproof.exchange.message"]
        for ticket in remote:
            Message._noproof_send(
                ticket.exchange_peer_id, "noproof.ticket.cancel", {"ticket": ticket.uuid}, document=ticket
            )
        return result

    # --------------------------------------------------------- messages
    @api.model
    def _noproof_max_attachment_bytes(self):
        return self.env["noproof.exchange.message"]._noproof_param("max_attachment_bytes", DEFAULT_MAX_ATTACHMENT_BYTES)

    @api.model
    def _noproof_exchange_files(self, attachments, peer):
        """``attachments`` as they travel, each within the size limit."""
        limit = self._noproof_max_attachment_bytes()
        files = []
        for attachment in attachments.sudo():
            raw = attachment.raw or b""
            if len(raw) > limit:
                raise UserError(
                    _(
                        "%(file)s is larger than %(limit)s KB, the most a file may be to travel to %(peer)s. Send a "
                        "smaller scan.",
                        file=attachment.name,
                        limit=limit // 1024,
                        peer=peer.name,
                    )
                )
            files.append(
                {"name": attachment.name, "mimetype": attachment.mimetype, "data": base64.b64encode(raw).decode()}
            )
        return files

    def _noproof_exchange_send_request(self):
        self.ensure_one()
        peer = self.exchange_peer_id
        organization = self.assisting_organization_id.sudo()
        applicant = self.applicant_id.sudo()
        payload = {
            "ticket": self.uuid,
            "reference": self.name,
            "organization": {"name": organization.name, "code": organization.code or None},
            "requesting_level": self.company_id.sudo().name,
            "requesting_organization": self.requesting_organization_id.sudo().name,
            "item": self.item_id.sudo().name,
            "certificate": self.certificate_id.sudo().name,
            "question": self.question,
            "data_kind": self.data_kind,
            "classification": self.classification or None,
            "sent_at": exchange_time(self.sent_at),
            "deadline": exchange_time(self.deadline),
            "applicant": {
                "name": applicant.name,
                "id_type": applicant.noproof_id_type or None,
                "id_number": applicant.noproof_id_number or None,
            },
            "authorization": self._noproof_exchange_files(self.authorization_attachment_ids, peer),
        }
        self.env["noproof.exchange.message"]._noproof_send(peer, "noproof.ticket.request", payload, document=self)
        self.message_post(
            body=_(
                "%(organization)s works on the instance %(peer)s: the ticket travels there as a signed message.",
                organization=organization.name,
                peer=peer.name,
            )
        )
