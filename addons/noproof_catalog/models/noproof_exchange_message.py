import json
import logging
import re
import uuid
from datetime import datetime

import psycopg2
import requests

from odoo import _, api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import exchange

_logger = logging.getLogger(__name__)

MESSAGE_STATES = [
    ("pending", "Waiting for Delivery"),
    ("delivered", "Delivered"),
    ("refused", "Refused by the Peer"),
    ("processed", "Processed"),
]
DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_SKEW_SECONDS = 300
DELIVERY_TIMEOUT = 30
# Exponential back-off between delivery attempts, capped at an hour: a peer that is
# down for hours gets its messages within the hour after it is back.
BACKOFF_FIRST_SECONDS = 5
BACKOFF_MAX_SECONDS = 3600
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Status codes after which the sender tries again: the peer may be busy or restarting.
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class ExchangeRefusal(Exception):
    """A message this instance refuses: nothing of it is written."""

    def __init__(self, status, code, message, retry=False):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry = retry


class NoproofExchangeMessage(models.Model):
    """A signed message sent to or received from a peer instance.

    Outgoing messages are written in the transaction of the business change that
    causes them (the outbox) and delivered by a queue job, again and again with an
    exponential back-off until the peer answers with its signed receipt or refuses
    them for good. Incoming messages are written once, when processed, with the
    receipt this instance signed: a message delivered again gets the same receipt
    and is not processed again. Refused incoming messages leave nothing behind.

    Add-ons add message types: a data record of ``noproof.exchange.message.type``
    and a handler in ``_noproof_exchange_handlers()``.
    """

    _name = "noproof.exchange.message"
    _description = "Exchange Message"
    _order = "id desc"
    _rec_name = "uuid"

    uuid = fields.Char(string="Message ID", required=True, readonly=True, index=True)
    direction = fields.Selection([("out", "Sent"), ("in", "Received")], required=True, readonly=True)
    peer_id = fields.Many2one("noproof.exchange.peer", string="Peer", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", string="Level", required=True, readonly=True, index=True)
    message_type = fields.Char(string="Type", required=True, readonly=True)
    type_id = fields.Many2one("noproof.exchange.message.type", compute="_compute_type_id", string="Kind")
    sender = fields.Char(required=True, readonly=True)
    recipient = fields.Char(required=True, readonly=True)
    created_at = fields.Datetime(required=True, readonly=True)
    payload = fields.Text(readonly=True, groups="base.group_system")
    content_hash = fields.Char(readonly=True, index=True)
    envelope = fields.Text(readonly=True, groups="base.group_system", help="The envelope as delivered, signed.")
    receipt = fields.Text(readonly=True, help="The signed receipt or refusal of the receiving instance.")
    state = fields.Selection(MESSAGE_STATES, required=True, readonly=True, index=True)
    attempts = fields.Integer(readonly=True, default=0)
    last_attempt_at = fields.Datetime(readonly=True)
    last_error = fields.Text(string="Peer's Error", readonly=True)
    done_at = fields.Datetime(string="Delivered or Processed On", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True, index=True)
    result = fields.Text(readonly=True, help="What the receiving instance did with the message.")

    _sql_constraints = [
        ("uuid_uniq", "unique(peer_id, direction, uuid)", "This message is already recorded."),
    ]

    def init(self):
        # The outbox: delivery looks up undelivered messages by document.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS noproof_exchange_message_outbox_idx
               ON noproof_exchange_message (peer_id, res_model, res_id, id) WHERE state = 'pending'"""
        )

    def _compute_type_id(self):
        types = self.env["noproof.exchange.message.type"].search(
            [("code", "in", list(set(self.mapped("message_type"))))]
        )
        by_code = {kind.code: kind for kind in types}
        for message in self:
            message.type_id = by_code.get(message.message_type, False)

    # ------------------------------------------------------------ settings
    @api.model
    def _noproof_param(self, name, default):
        value = self.env["ir.config_parameter"].sudo().get_param(f"noproof_exchange.{name}")
        try:
            return int(value) if value else default
        except ValueError:
            return default

    # -------------------------------------------------------- message types
    @api.model
    def _noproof_exchange_handlers(self):
        """``{type code: method(message, payload) -> result dict}``; add-ons extend it.
        A handler refuses bad input with a UserError or ValidationError: nothing of
        the message is written and the sender sees the error."""
        return {"noproof.ping": self._noproof_receive_ping}

    def _noproof_receive_ping(self, message, payload):
        text = payload.get("text", "")
        if not isinstance(text, str) or len(text) > 200:
            raise ValidationError(_("A test message carries a short text."))
        return {"pong": text}

    # --------------------------------------------------------------- outbox
    @api.model
    def _noproof_send(self, peer, message_type, payload, document=None):
        """Write a message to ``peer`` into the outbox, in the current transaction,
        and queue its delivery. ``document`` (one record) orders the messages about
        it: they are delivered one after the other."""
        peer = peer.sudo()
        peer.ensure_one()
        if not peer.active:
            raise UserError(
                _(
                    "%(peer)s is disabled: nothing can be sent to it. Ask the administrator to enable it.",
                    peer=peer.name,
                )
            )
        if message_type not in peer.send_type_ids.mapped("code"):
            kind = self.env["noproof.exchange.message.type"].search([("code", "=", message_type)], limit=1)
            raise UserError(
                _(
                    "%(peer)s does not take “%(type)s” messages from this instance. Ask the administrator to allow "
                    "them on the peer.",
                    peer=peer.name,
                    type=kind.name or message_type,
                )
            )
        content = exchange.canonical(payload)
        limit = self._noproof_param("max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES)
        if len(content) * 4 // 3 + 4096 > limit:
            raise UserError(
                _(
                    "This message is too large to send to %(peer)s (at most %(limit)s MB with its files). Send "
                    "fewer or smaller files.",
                    peer=peer.name,
                    limit=round(limit / 1024 / 1024, 1),
                )
            )
        now = fields.Datetime.now()
        vals = {
            "uuid": str(uuid.uuid4()),
            "direction": "out",
            "peer_id": peer.id,
            "company_id": peer.company_id.id,
            "message_type": message_type,
            "sender": self.env["noproof.exchange.key"]._noproof_instance_id(),
            "recipient": peer.instance,
            "created_at": now,
            "payload": content.decode("utf-8"),
            "state": "pending",
        }
        if document is not None:
            document.ensure_one()
            vals.update(res_model=document._name, res_id=document.id)
        message = self.sudo().create(vals)
        message.content_hash = exchange.content_hash(message._noproof_content())
        message._noproof_enqueue()
        return message

    def _noproof_content(self):
        self.ensure_one()
        return {
            "id": self.uuid,
            "type": self.message_type,
            "sender": self.sender,
            "recipient": self.recipient,
            "created_at": self.created_at.strftime(exchange.TIME_FORMAT),
            "payload": json.loads(self.sudo().payload),
        }

    def _noproof_enqueue(self, eta=None):
        for message in self:
            message.with_delay(
                channel="root.noproof_exchange",
                max_retries=0,
                eta=eta,
                description=_("Deliver %(type)s to %(peer)s", type=message.message_type, peer=message.peer_id.name),
                identity_key=f"noproof-exchange-{message.uuid}",
            )._noproof_deliver()

    def _noproof_envelope(self):
        """The envelope of this outgoing message, signed now."""
        self.ensure_one()
        envelope = dict(
            self._noproof_content(),
            protocol=exchange.PROTOCOL,
            sent_at=fields.Datetime.now().strftime(exchange.TIME_FORMAT),
        )
        return self.env["noproof.exchange.key"]._noproof_sign(envelope)

    def _noproof_backoff(self):
        self.ensure_one()
        return min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** min(self.attempts, 20))

    def _noproof_deliver(self):
        """Queue job: POST the message to its peer; retried with back-off until the
        peer gives its receipt or refuses the message for good."""
        self.ensure_one()
        message = self.sudo()
        if message.state != "pending":
            return f"already {message.state}"
        if message.res_model:
            earlier = message.search_count(
                [
                    ("peer_id", "=", message.peer_id.id),
                    ("res_model", "=", message.res_model),
                    ("res_id", "=", message.res_id),
                    ("state", "=", "pending"),
                    ("id", "<", message.id),
                ],
                limit=1,
            )
            if earlier:
                raise RetryableJobError(
                    "an earlier message about the same document is not delivered yet",
                    seconds=BACKOFF_FIRST_SECONDS,
                    ignore_retry=True,
                )
        peer = message.peer_id
        if not peer.active:
            message._noproof_note_failure(_("The peer is disabled on this instance."))
            raise RetryableJobError("peer disabled", seconds=message._noproof_backoff())
        envelope = message._noproof_envelope()
        body = exchange.canonical(envelope)
        try:
            response = requests.post(
                peer._noproof_url(exchange.INBOX_PATH),
                data=body,
                headers={"Content-Type": "application/json"},
                timeout=DELIVERY_TIMEOUT,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            message._noproof_note_failure(_("The peer could not be reached: %(error)s", error=error))
            raise RetryableJobError(f"peer unreachable: {error}", seconds=message._noproof_backoff()) from error
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code == 200 and message._noproof_valid_receipt(answer):
            message._noproof_delivered(envelope, answer)
            return "delivered"
        error = (isinstance(answer, dict) and answer.get("message")) or _(
            "The peer answered %(status)s without a valid receipt.", status=response.status_code
        )
        retry = answer.get("retry") if isinstance(answer, dict) and "retry" in answer else None
        if retry is None:
            retry = response.status_code in RETRY_STATUSES or response.status_code == 200
        if retry:
            message._noproof_note_failure(error)
            raise RetryableJobError(f"peer answered {response.status_code}", seconds=message._noproof_backoff())
        message._noproof_refused(envelope, answer, error)
        return "refused"

    def _noproof_note_failure(self, error):
        """Count a failed attempt and keep the peer's error, in a transaction of its
        own: the job's transaction is rolled back when it asks to be retried."""
        self.ensure_one()
        with self.env.registry.cursor() as cr:
            cr.execute(
                """UPDATE noproof_exchange_message
                      SET attempts = COALESCE(attempts, 0) + 1, last_error = %s,
                          last_attempt_at = now() AT TIME ZONE 'UTC'
                    WHERE id = %s""",
                (str(error)[:2000], self.id),
            )
        self.invalidate_recordset(["attempts", "last_error", "last_attempt_at"])

    def _noproof_valid_receipt(self, receipt):
        self.ensure_one()
        if not isinstance(receipt, dict) or set(receipt) != exchange.RECEIPT_KEYS | {"signature"}:
            return False
        if (
            receipt["message_id"] != self.uuid
            or receipt["receiver"] != self.peer_id.instance
            or receipt["content_hash"] != self.content_hash
        ):
            return False
        return exchange.verify(self.peer_id.public_key, exchange.unsigned(receipt), receipt["signature"])

    def _noproof_delivered(self, envelope, receipt):
        self.ensure_one()
        self.write(
            {
                "state": "delivered",
                "envelope": exchange.canonical(envelope).decode("utf-8"),
                "receipt": exchange.canonical(receipt).decode("utf-8"),
                "result": json.dumps(receipt.get("result") or {}, ensure_ascii=False, sort_keys=True),
                "done_at": fields.Datetime.now(),
                "attempts": self.attempts + 1,
                "last_attempt_at": fields.Datetime.now(),
                "last_error": False,
            }
        )
        self._noproof_exchange_logged()
        self._noproof_after_delivery(receipt.get("result") or {})

    def _noproof_refused(self, envelope, answer, error):
        self.ensure_one()
        self.write(
            {
                "state": "refused",
                "envelope": exchange.canonical(envelope).decode("utf-8"),
                "receipt": exchange.canonical(answer).decode("utf-8") if isinstance(answer, dict) else False,
                "attempts": self.attempts + 1,
                "last_attempt_at": fields.Datetime.now(),
                "last_error": str(error)[:2000],
            }
        )
        self._noproof_exchange_logged()
        _logger.info("Message %s to %s refused for good: %s", self.uuid, self.peer_id.name, error)

    def _noproof_after_delivery(self, result):
        """Hook: the peer processed this outgoing message and answered ``result``."""

    def _noproof_exchange_logged(self):
        """Hook: a message reached its final state (delivered, refused, processed);
        the ledger keeps it with its receipt."""

    def action_retry(self):
        """Send refused or waiting messages again (an administrator, after the peer
        fixed what it refused)."""
        if not self.env.user.has_group("noproof_catalog.group_manager"):
            raise AccessError(_("Only a configuration administrator can send messages again."))
        messages = self.sudo().filtered(lambda m: m.direction == "out" and m.state in ("pending", "refused"))
        messages.write({"state": "pending"})
        messages._noproof_enqueue()
        return True

    def _noproof_document(self):
        self.ensure_one()
        if self.res_model and self.res_model in self.env:
            return self.env[self.res_model].browse(self.res_id).exists()
        return None

    # ---------------------------------------------------------------- inbox
    @api.model
    def _noproof_receive(self, body):
        """Check and process one envelope POSTed by a peer. Returns (HTTP status,
        JSON answer): the signed receipt, or a signed refusal that changed nothing."""
        try:
            return 200, self._noproof_process(body)
        except ExchangeRefusal as refusal:
            _logger.info("Exchange message refused (%s): %s", refusal.code, refusal.message)
            answer = {
                "protocol": exchange.PROTOCOL,
                "error": refusal.code,
                "message": refusal.message,
                "retry": refusal.retry,
            }
            return refusal.status, self.env["noproof.exchange.key"]._noproof_sign(answer)

    @api.model
    def _noproof_process(self, body):
        limit = self._noproof_param("max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES)
        if body is None or len(body) > limit:
            raise ExchangeRefusal(
                413,
                "too_large",
                _("The message is larger than the %(limit)s bytes this instance accepts.", limit=limit),
            )
        envelope = self._noproof_parse(body)
        Peer = self.env["noproof.exchange.peer"].sudo().with_context(active_test=False)
        peer = Peer.search([("instance", "=", envelope["sender"])], limit=1)
        if not peer:
            raise ExchangeRefusal(
                403, "unknown_peer", _("This instance does not know the sender %(sender)s.", sender=envelope["sender"])
            )
        if not peer.active:
            raise ExchangeRefusal(403, "peer_disabled", _("The sender is disabled on this instance."))
        if not exchange.verify(peer.public_key, exchange.unsigned(envelope), envelope["signature"]):
            raise ExchangeRefusal(
                403,
                "bad_signature",
                _(
                    "The signature does not match the sender's public key %(fingerprint)s.",
                    fingerprint=peer.fingerprint,
                ),
            )
        Key = self.env["noproof.exchange.key"]
        if envelope["recipient"] != Key._noproof_instance_id():
            raise ExchangeRefusal(400, "wrong_recipient", _("The message is addressed to another instance."))
        skew = self._noproof_param("max_skew_seconds", DEFAULT_MAX_SKEW_SECONDS)
        sent_at = datetime.strptime(envelope["sent_at"], exchange.TIME_FORMAT)
        if abs((fields.Datetime.now() - sent_at).total_seconds()) > skew:
            raise ExchangeRefusal(
                400,
                "clock_skew",
                _(
                    "The message was signed at %(sent)s UTC, more than %(skew)s seconds from this instance's "
                    "clock: check the clocks of both servers.",
                    sent=envelope["sent_at"],
                    skew=skew,
                ),
                retry=True,
            )
        digest = exchange.content_hash(envelope)
        done = self.sudo().search(
            [("direction", "=", "in"), ("peer_id", "=", peer.id), ("uuid", "=", envelope["id"])], limit=1
        )
        if done:
            if done.content_hash != digest:
                raise ExchangeRefusal(
                    409,
                    "replay",
                    _("Message %(id)s was already received with another content.", id=envelope["id"]),
                )
            return json.loads(done.receipt)
        if envelope["type"] not in peer.receive_type_ids.mapped("code"):
            raise ExchangeRefusal(
                403,
                "type_not_allowed",
                _("This instance does not take “%(type)s” messages from the sender.", type=envelope["type"]),
            )
        handler = self._noproof_exchange_handlers().get(envelope["type"])
        if handler is None:
            raise ExchangeRefusal(
                400, "unknown_type", _("This instance has no “%(type)s” messages.", type=envelope["type"])
            )
        lang = peer.company_id.partner_id.lang or self.env.lang
        Message = self.sudo().with_context(lang=lang)
        try:
            with self.env.cr.savepoint():
                message = Message.create(
                    {
                        "uuid": envelope["id"],
                        "direction": "in",
                        "peer_id": peer.id,
                        "company_id": peer.company_id.id,
                        "message_type": envelope["type"],
                        "sender": envelope["sender"],
                        "recipient": envelope["recipient"],
                        "created_at": datetime.strptime(envelope["created_at"], exchange.TIME_FORMAT),
                        "payload": exchange.canonical(envelope["payload"]).decode("utf-8"),
                        "envelope": exchange.canonical(envelope).decode("utf-8"),
                        "content_hash": digest,
                        "state": "processed",
                        "done_at": fields.Datetime.now(),
                        "attempts": 1,
                    }
                )
                result = handler(message, envelope["payload"]) or {}
                receipt = Key._noproof_sign(
                    {
                        "protocol": exchange.PROTOCOL,
                        "message_id": envelope["id"],
                        "receiver": Key._noproof_instance_id(),
                        "received_at": fields.Datetime.now().strftime(exchange.TIME_FORMAT),
                        "content_hash": digest,
                        "result": result,
                    }
                )
                message.write(
                    {
                        "receipt": exchange.canonical(receipt).decode("utf-8"),
                        "result": json.dumps(result, ensure_ascii=False, sort_keys=True),
                    }
                )
                message._noproof_exchange_logged()
        except (UserError, ValidationError, AccessError) as error:
            raise ExchangeRefusal(422, "refused", str(error.args[0] if error.args else error)) from error
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ExchangeRefusal(400, "malformed", _("The payload is malformed: %(error)s", error=error)) from error
        except psycopg2.IntegrityError as error:
            raise ExchangeRefusal(409, "busy", _("The message is being processed; try again."), retry=True) from error
        return receipt

    @api.model
    def _noproof_parse(self, body):
        try:
            envelope = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ExchangeRefusal(400, "malformed", _("The message is not JSON in UTF-8.")) from error
        if not isinstance(envelope, dict) or set(envelope) != exchange.ENVELOPE_KEYS:
            raise ExchangeRefusal(
                400,
                "malformed",
                _("An envelope has exactly these members: %(keys)s.", keys=", ".join(sorted(exchange.ENVELOPE_KEYS))),
            )
        if envelope["protocol"] != exchange.PROTOCOL:
            raise ExchangeRefusal(400, "malformed", _("This instance speaks %(protocol)s.", protocol=exchange.PROTOCOL))
        texts = ("id", "type", "sender", "recipient", "created_at", "sent_at", "key", "signature")
        if not all(isinstance(envelope[key], str) and 0 < len(envelope[key]) <= 200 for key in texts):
            raise ExchangeRefusal(400, "malformed", _("The envelope's members must be short texts."))
        if not isinstance(envelope["payload"], dict):
            raise ExchangeRefusal(400, "malformed", _("The payload must be a JSON object."))
        if not UUID_PATTERN.match(envelope["id"]):
            raise ExchangeRefusal(400, "malformed", _("The message id must be a UUID."))
        for key in ("created_at", "sent_at"):
            try:
                datetime.strptime(envelope[key], exchange.TIME_FORMAT)
            except ValueError as error:
                raise ExchangeRefusal(
                    400, "malformed", _("%(key)s must be a UTC time like 2026-01-31T08:00:00Z.", key=key)
                ) from error
        return envelope

    # ---------------------------------------------------------- overview
    @api.model
    def _noproof_undelivered_by_peer(self):
        """``[(peer, waiting, refused)]`` for the office overview."""
        groups = self.sudo()._read_group(
            [("direction", "=", "out"), ("state", "in", ("pending", "refused"))], ["peer_id", "state"], ["__count"]
        )
        counts = {}
        for peer, state, count in groups:
            counts.setdefault(peer, {"pending": 0, "refused": 0})[state] = count
        return [(peer, c["pending"], c["refused"]) for peer, c in counts.items()]
