import base64
import binascii
import json
from datetime import datetime

from odoo import _, models
from odoo.addons.noproof_catalog.models.res_partner import mask_identity
from odoo.addons.noproof_catalog.tools import exchange
from odoo.exceptions import ValidationError

from .noproof_sla_policy import DATA_KINDS
from .noproof_verification_ticket import ANSWER_RESULTS, OPEN_STATES


class NoproofExchangeMessage(models.Model):
    """The verification tickets' messages: a request to an organization working on
    another instance, its answer, its cancellation."""

    _inherit = "noproof.exchange.message"

    def _noproof_exchange_handlers(self):
        handlers = super()._noproof_exchange_handlers()
        handlers.update(
            {
                "noproof.ticket.request": self._noproof_receive_ticket_request,
                "noproof.ticket.answer": self._noproof_receive_ticket_answer,
                "noproof.ticket.cancel": self._noproof_receive_ticket_cancel,
            }
        )
        return handlers

    # ------------------------------------------------------------ checks
    @staticmethod
    def _noproof_text(payload, key, required=True, limit=10000):
        value = payload.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise ValidationError(_("“%(key)s” must be a text of at most %(limit)s characters.", key=key, limit=limit))
        return value.strip()

    @staticmethod
    def _noproof_time(payload, key):
        value = payload.get(key)
        try:
            return datetime.strptime(value, exchange.TIME_FORMAT)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("“%(key)s” must be a UTC time like 2026-01-31T08:00:00Z.", key=key)) from error

    def _noproof_files(self, files):
        """(name, bytes) pairs of the files of a payload, each within the size limit."""
        if files is None:
            return []
        if not isinstance(files, list):
            raise ValidationError(_("The files must be a list."))
        limit = self.env["noproof.verification.ticket"]._noproof_max_attachment_bytes()
        pairs = []
        for item in files:
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("name"), str)
                or not isinstance(item.get("data"), str)
            ):
                raise ValidationError(_("Each file has a name and its data in base64."))
            if len(item["data"]) * 3 // 4 > limit + 3:
                raise ValidationError(
                    _(
                        "%(file)s is larger than the %(limit)s KB a file may be.",
                        file=item["name"][:100],
                        limit=limit // 1024,
                    )
                )
            try:
                raw = base64.b64decode(item["data"], validate=True)
            except (binascii.Error, ValueError) as error:
                raise ValidationError(_("%(file)s is not base64.", file=item["name"][:100])) from error
            if len(raw) > limit:
                raise ValidationError(
                    _(
                        "%(file)s is larger than the %(limit)s KB a file may be.",
                        file=item["name"][:100],
                        limit=limit // 1024,
                    )
                )
            pairs.append((item["name"][:200] or "file", raw))
        return pairs

    # ----------------------------------------------------- assisting side
    def _noproof_find_local_organization(self, described):
        """The organization working on this instance (one that no peer represents) that ``described`` (its
        name and code) names, or an empty recordset."""
        if not isinstance(described, dict):
            raise ValidationError(_("The organization must be described by its name and code."))
        code, name = described.get("code"), described.get("name")
        code = code if isinstance(code, str) and code else None
        name = name if isinstance(name, str) and name else None

        def find():
            Organization = self.env["noproof.organization"].sudo()
            represented = self.env["noproof.exchange.peer"].sudo().search([]).organization_ids
            domain = [("id", "not in", represented.ids)]
            organization = Organization.browse()
            if code:
                organization = Organization.search(domain + [("code", "=", code)], limit=1)
            if not organization and name:
                organization = Organization.search(domain + [("name", "=", name)], limit=1)
            return organization

        # the tickets of a batch are mostly for one organization: looked up once per batch
        return self._noproof_batch_memo(("noproof_local_organization", code, name), find)

    def _noproof_local_organization(self, peer, described):
        """The organization working on this instance that a request is addressed to."""
        organization = self._noproof_find_local_organization(described)
        name = described.get("name")
        if not organization:
            raise ValidationError(
                _(
                    "No organization %(name)s works on this instance: the ticket cannot be received here.",
                    name=name if isinstance(name, str) else "?",
                )
            )
        if not organization.verifier_ids:
            raise ValidationError(
                _("%(organization)s has no designated verifier here yet.", organization=organization.name)
            )
        return organization

    def _noproof_receive_ticket_request(self, message, payload):
        peer = message.peer_id
        organization = self._noproof_local_organization(peer, payload.get("organization"))
        remote_uuid = self._noproof_text(payload, "ticket", limit=64)
        Incoming = self.env["noproof.exchange.ticket"].sudo()
        if Incoming.search_count([("peer_id", "=", peer.id), ("remote_uuid", "=", remote_uuid)]):
            raise ValidationError(_("Ticket %(ticket)s was already received.", ticket=remote_uuid))
        data_kind = payload.get("data_kind")
        if data_kind not in dict(DATA_KINDS):
            raise ValidationError(_("Unknown kind of data %(kind)r.", kind=data_kind))
        applicant = payload.get("applicant")
        if not isinstance(applicant, dict):
            raise ValidationError(_("The applicant must be described."))
        files = self._noproof_files(payload.get("authorization"))
        # The verifier learns of the ticket from its activity (their to-do list): no "created"
        # log, no assignment mail per ticket, nothing sent to followers.
        Incoming = Incoming.with_context(mail_create_nolog=True, mail_activity_quick_update=True)
        verifiers = organization.verifier_ids
        verifier = verifiers
        if len(verifiers) > 1:
            load = dict(
                Incoming._read_group(
                    [("assigned_user_id", "in", verifiers.ids), ("state", "=", "received")],
                    ["assigned_user_id"],
                    ["__count"],
                )
            )
            verifier = min(verifiers, key=lambda user: (load.get(user, 0), user.id))
        classification = payload.get("classification")
        id_type = self._noproof_text(applicant, "id_type", required=False, limit=40)
        id_number = self._noproof_text(applicant, "id_number", required=False, limit=64)
        ticket = Incoming._workflow_create(
            [
                {
                    "peer_id": peer.id,
                    "remote_uuid": remote_uuid,
                    "remote_reference": self._noproof_text(payload, "reference", limit=100),
                    "organization_id": organization.id,
                    "assigned_user_id": verifier.id,
                    "requesting_level": self._noproof_text(payload, "requesting_level", limit=200),
                    "requesting_organization": self._noproof_text(payload, "requesting_organization", limit=200),
                    "item_name": self._noproof_text(payload, "item", required=False, limit=500),
                    "certificate_name": self._noproof_text(payload, "certificate", required=False, limit=500),
                    "question": self._noproof_text(payload, "question"),
                    "data_kind": data_kind,
                    "classification": classification
                    if classification in dict(Incoming._fields["classification"].selection)
                    else False,
                    "applicant_name": self._noproof_text(applicant, "name", limit=200),
                    "applicant_id_type": id_type,
                    "applicant_id_number": id_number,
                    # the stored mask written with the ticket, not by an UPDATE right after it
                    "applicant_id_number_masked": mask_identity(id_number, id_type),
                    "sent_at": self._noproof_time(payload, "sent_at"),
                    "deadline": self._noproof_time(payload, "deadline"),
                    "received_at": message.done_at,
                }
            ]
        )
        if files:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [{"name": name, "raw": raw, "res_model": ticket._name, "res_id": ticket.id} for name, raw in files]
                )
            )
            ticket._workflow().authorization_attachment_ids = [(6, 0, attachments.ids)]
        return {"reference": ticket.name}

    def _noproof_receive_ticket_cancel(self, message, payload):
        remote_uuid = self._noproof_text(payload, "ticket", limit=64)
        ticket = (
            self.env["noproof.exchange.ticket"]
            .sudo()
            .search([("peer_id", "=", message.peer_id.id), ("remote_uuid", "=", remote_uuid)], limit=1)
        )
        if not ticket:
            raise ValidationError(_("No ticket %(ticket)s was received from the sender.", ticket=remote_uuid))
        if ticket.state == "received":
            ticket.activity_unlink(["noproof_verification.mail_activity_type_exchange_ticket_answer"])
            ticket._workflow().write({"state": "cancelled", "cancelled_at": message.done_at})
            ticket.message_post(body=_("Cancelled by the requesting instance."))
        return {"state": ticket.state}

    def _noproof_after_receive(self, messages):
        """The tickets received by these messages get their activities and notes together."""
        super()._noproof_after_receive(messages)
        requests = messages.filtered(lambda message: message.message_type == "noproof.ticket.request")
        if not requests:
            return
        keys = {(message.peer_id.id, json.loads(message.payload)["ticket"].strip()) for message in requests}
        tickets = (
            self.env["noproof.exchange.ticket"]
            .sudo()
            .search(
                [("peer_id", "in", list({peer for peer, __ in keys})), ("remote_uuid", "in", [u for __, u in keys])]
            )
        )
        tickets = tickets.filtered(lambda ticket: (ticket.peer_id.id, ticket.remote_uuid) in keys)
        for peer in tickets.peer_id:
            lang = peer.company_id.partner_id.lang or self.env.lang
            tickets.filtered(lambda ticket, peer=peer: ticket.peer_id == peer).with_context(
                lang=lang
            )._noproof_received()

    # ----------------------------------------------------- requesting side
    def _noproof_receive_ticket_answer(self, message, payload):
        peer = message.peer_id
        remote_uuid = self._noproof_text(payload, "ticket", limit=64)
        ticket = self.env["noproof.verification.ticket"].sudo().search([("uuid", "=", remote_uuid)], limit=1)
        if not ticket:
            raise ValidationError(_("No ticket %(ticket)s was sent from this instance.", ticket=remote_uuid))
        if ticket.assisting_organization_id not in peer.organization_ids:
            raise ValidationError(
                _(
                    "%(ticket)s is addressed to %(organization)s, which the sender does not represent.",
                    ticket=ticket.name,
                    organization=ticket.assisting_organization_id.name,
                )
            )
        result = payload.get("result")
        if result not in dict(ANSWER_RESULTS):
            raise ValidationError(_("Unknown result %(result)r.", result=result))
        answer = self._noproof_text(payload, "answer")
        files = self._noproof_files(payload.get("attachments"))
        if ticket.state not in OPEN_STATES:
            raise ValidationError(_("%(ticket)s no longer waits for an answer.", ticket=ticket.name))
        answered_by = payload.get("answered_by")
        if isinstance(answered_by, str) and answered_by.strip():
            answer = _(
                "%(answer)s (answered by %(verifier)s, %(peer)s)",
                answer=answer,
                verifier=answered_by.strip()[:100],
                peer=peer.name,
            )
        ticket.action_answer(result, answer, attachments=files)
        return {"ticket": ticket.name, "state": ticket.state}

    def _noproof_after_delivery(self, result):
        super()._noproof_after_delivery(result)
        if self.message_type == "noproof.ticket.request" and isinstance(result.get("reference"), str):
            ticket = self._noproof_document()
            if ticket and ticket._name == "noproof.verification.ticket":
                ticket.sudo()._workflow().remote_reference = result["reference"][:200]
