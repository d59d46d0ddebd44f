import json
import logging
import random
import re
import time
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
# At most this many messages of one peer go in one POST (parameter noproof_exchange.batch_size);
# the receiver takes at most BATCH_MAX_MESSAGES in one request.
DEFAULT_BATCH_SIZE = 100
# The cursor's cache entry holding what the messages of the batch being received share (_noproof_batch_memo).
RECEIVING_KEY = "noproof_exchange_receiving"
BATCH_MAX_MESSAGES = 500
# Transaction-local data: the delivery job queued for each peer in this transaction.
ENQUEUED_KEY = "noproof_exchange_enqueued"
# Advisory lock class (with the peer's id) held by the job delivering to a peer.
DELIVERY_LOCK = 0x6E70_6578  # "npex"
OUTCOME_TRIES = 5
# A delivery job sends full batches one after the other for this long, then hands over.
JOB_SECONDS = 30
CONCURRENCY_ERRORS = frozenset({"40001", "40P01", "55P03"})  # serialization failure, deadlock, lock not available


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
        vals["content_hash"] = exchange.content_hash(
            {
                "id": vals["uuid"],
                "type": message_type,
                "sender": vals["sender"],
                "recipient": vals["recipient"],
                "created_at": now.strftime(exchange.TIME_FORMAT),
                "payload": payload,
            }
        )
        message = self.sudo().create(vals)
        # One delivery job per peer and transaction: it delivers every message of the peer
        # waiting when it runs, this transaction's included (they commit together). At the
        # end of the transaction, a job of the peer still waiting to start takes its place.
        enqueued = self.env.cr.precommit.data.setdefault(ENQUEUED_KEY, {})
        job = enqueued.get(peer.id)
        if job is None or not job.exists():
            if not enqueued:
                self.env.cr.precommit.add(self.sudo()._noproof_share_jobs)
            enqueued[peer.id] = message._noproof_enqueue()
        return message

    @api.model
    def _noproof_share_jobs(self):
        """Precommit: for each peer this transaction queued a delivery job for, an earlier job of
        the peer that has not started yet (and is not waiting for a back-off) delivers this
        transaction's messages too: this one's job is dropped. That job's row stays locked until
        this transaction commits, so the runner cannot start it before it sees the messages. A
        sending transaction at a steady rate thus adds no job of its own while one waits."""
        enqueued = self.env.cr.precommit.data.pop(ENQUEUED_KEY, {})
        for peer_id, job in enqueued.items():
            if not job.exists():
                continue
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        """SELECT id FROM queue_job
                            WHERE state = 'pending' AND channel = 'root.noproof_exchange' AND id != %s
                              AND identity_key LIKE %s AND (eta IS NULL OR eta <= now() AT TIME ZONE 'UTC')
                            ORDER BY id LIMIT 1
                              FOR UPDATE SKIP LOCKED""",
                        [job.id, f"noproof-exchange-{peer_id}-%"],
                        log_exceptions=False,
                    )
                    earlier = self.env.cr.fetchone()
            except psycopg2.OperationalError as error:
                if error.pgcode not in CONCURRENCY_ERRORS:
                    raise
                continue  # it started meanwhile: this transaction's job stays
            if earlier:
                job.sudo().unlink()
        self.env.flush_all()

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
        """Queue one delivery job per peer of these messages; return the queue.job records.
        Each job delivers its messages with the others waiting for the same peer."""
        jobs = self.env["queue.job"]
        for peer in self.peer_id:
            messages = self.filtered(lambda m, peer=peer: m.peer_id == peer)
            job = messages.with_delay(
                channel="root.noproof_exchange",
                max_retries=0,
                eta=eta,
                description=_("Deliver %(type)s to %(peer)s", type=messages[0].message_type, peer=peer.name),
                identity_key=f"noproof-exchange-{peer.id}-{messages[0].uuid}",
            )._noproof_deliver()
            # queue_job answers the job already waiting with the same identity key as a record
            jobs |= job if isinstance(job, models.BaseModel) else job.db_record()
        return jobs

    def _noproof_envelope(self, key=None):
        """The envelope of this outgoing message, signed now (with ``key``, default the current key)."""
        self.ensure_one()
        envelope = dict(
            self._noproof_content(),
            protocol=exchange.PROTOCOL,
            sent_at=fields.Datetime.now().strftime(exchange.TIME_FORMAT),
        )
        return self.env["noproof.exchange.key"]._noproof_sign(envelope, key=key)

    def _noproof_backoff(self):
        self.ensure_one()
        return min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** min(self.attempts, 20))

    def _noproof_deliver(self):
        """Queue job: deliver these messages and the others waiting for the same peer, up to
        ``noproof_exchange.batch_size`` in one POST (one message goes alone, as it always did);
        retried with back-off until the peer gives its receipt or refuses the message for good.

        One job at a time delivers to a peer (a transaction-level advisory lock; another job
        for the same peer tries again a second later): batches of one peer never race each
        other, nor on the receiver's ledger chain. Of the messages about one document only
        the earliest waiting one goes: the next waits for it."""
        messages = self.sudo()
        # The lock is the transaction's first statement: what it sees is what the previous
        # holder committed.
        self.env.cr.execute(
            """SELECT peer_id, pg_try_advisory_xact_lock(%s, peer_id) FROM noproof_exchange_message
                WHERE id = %s""",
            [DELIVERY_LOCK, messages[:1].id],
        )
        row = self.env.cr.fetchone()
        if not row:
            return "nothing to deliver"
        if not row[1]:
            raise RetryableJobError("another job is delivering to this peer", seconds=1, ignore_retry=True)
        peer = self.env["noproof.exchange.peer"].sudo().browse(row[0])
        own = messages.filtered(lambda m: m.state == "pending" and m.peer_id == peer)
        if own and not (own - own._noproof_waiting_for_earlier()):
            raise RetryableJobError(
                "an earlier message about the same document is not delivered yet",
                seconds=BACKOFF_FIRST_SECONDS,
                ignore_retry=True,
            )
        limit = max(1, self._noproof_param("batch_size", DEFAULT_BATCH_SIZE))
        # Full batches follow one another in this job (the outcomes of each are committed on
        # their own), for JOB_SECONDS at most; then the next job takes over.
        deadline = time.monotonic() + JOB_SECONDS
        handled, results = [], []
        while True:
            batch = self._noproof_claim(peer, own.ids if not handled else [], limit, exclude=handled)
            if not batch:
                break
            if not peer.active:
                for message in batch:
                    message._noproof_note_failure(_("The peer is disabled on this instance."))
                raise RetryableJobError("peer disabled", seconds=batch[0]._noproof_backoff())
            handled += batch.ids
            results.append(batch._noproof_deliver_one() if len(batch) == 1 else batch._noproof_deliver_batch())
            if len(batch) < limit:
                break
            if time.monotonic() > deadline:
                batch[-1:]._noproof_enqueue()
                break
        return "; ".join(results) or "nothing to deliver"

    def _noproof_waiting_for_earlier(self):
        """Those of these pending messages behind an earlier pending message about the same document."""
        with_document = self.filtered("res_model")
        if not with_document:
            return self.browse()
        self.env.cr.execute(
            """SELECT m.id FROM noproof_exchange_message m
                WHERE m.id = ANY(%s) AND EXISTS (
                      SELECT 1 FROM noproof_exchange_message e
                       WHERE e.state = 'pending' AND e.peer_id = m.peer_id AND e.res_model = m.res_model
                         AND e.res_id = m.res_id AND e.id < m.id)""",
            [with_document.ids],
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _noproof_claim(self, peer, own_ids, limit, exclude=()):
        """Up to ``limit`` pending messages to ``peer``, oldest first: the job's own messages, and
        the others whose back-off is over; not those behind an earlier pending message about the
        same document."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT m.id FROM noproof_exchange_message m
                WHERE m.peer_id = %(peer)s AND m.direction = 'out' AND m.state = 'pending'
                  AND NOT m.id = ANY(%(exclude)s)
                  AND (m.id = ANY(%(own)s) OR COALESCE(m.attempts, 0) = 0 OR m.last_attempt_at IS NULL
                       OR m.last_attempt_at <= (now() AT TIME ZONE 'UTC')
                          - make_interval(secs => LEAST(%(max)s, %(first)s * power(2, LEAST(m.attempts - 1, 20)))))
                  AND NOT EXISTS (
                      SELECT 1 FROM noproof_exchange_message e
                       WHERE e.state = 'pending' AND e.peer_id = m.peer_id AND e.res_model = m.res_model
                         AND e.res_id = m.res_id AND e.id < m.id)
                ORDER BY m.id
                LIMIT %(limit)s""",
            {
                "peer": peer.id,
                "own": list(own_ids),
                "exclude": list(exclude),
                "max": BACKOFF_MAX_SECONDS,
                "first": BACKOFF_FIRST_SECONDS,
                "limit": limit,
            },
        )
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    def _noproof_deliver_one(self):
        """POST this message alone to its peer's inbox."""
        self.ensure_one()
        message = self.sudo()
        peer = message.peer_id
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
            message._noproof_record_outcomes([(message, "delivered", envelope, answer, None)])
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
        message._noproof_record_outcomes([(message, "refused", envelope, answer, error)])
        return "refused"

    def _noproof_record_outcomes(self, outcomes):
        """Write what the peer answered — ``[(message, "delivered" | "refused" | "retry", envelope,
        answer, error)]`` — with the ledger entries, in a transaction of its own that starts now:
        the job's transaction began before the POST, and the level's chain moved meanwhile (on a
        busy level, or the peer's own entries when an instance is its own peer); appending from
        that older snapshot would fail with a serialization error and send the batch again.
        Retried a few times on a concurrent append, like an HTTP request."""
        for attempt in range(1, OUTCOME_TRIES + 1):
            try:
                with self.env.registry.cursor() as cr:
                    env = self.env(cr=cr)
                    final = self.with_env(env).browse()
                    for message, kind, envelope, answer, error in outcomes:
                        message = message.with_env(env)
                        if kind == "delivered":
                            message._noproof_delivered(envelope, answer, log=False)
                        elif kind == "refused":
                            message._noproof_refused(envelope, answer, error, log=False)
                        else:
                            message._noproof_retry_later(error)
                            continue
                        final |= message
                    final._noproof_exchange_logged()
                break
            except psycopg2.OperationalError as error:
                if error.pgcode not in CONCURRENCY_ERRORS or attempt == OUTCOME_TRIES:
                    raise
                time.sleep(random.uniform(0.0, 0.2 * 2**attempt))
        self.env.invalidate_all()

    def _noproof_deliver_batch(self):
        """POST these messages (one peer) together; each gets its own receipt or refusal. A peer
        that has no batch inbox (404, 405) gets them one by one."""
        messages = self.sudo()
        peer = messages.peer_id
        peer.ensure_one()
        key = self.env["noproof.exchange.key"]._noproof_signing_key()
        envelopes = [message._noproof_envelope(key=key) for message in messages]
        body = exchange.canonical({"protocol": exchange.PROTOCOL, "messages": envelopes})
        try:
            response = requests.post(
                peer._noproof_url(exchange.BATCH_INBOX_PATH),
                data=body,
                headers={"Content-Type": "application/json"},
                timeout=DELIVERY_TIMEOUT + 2 * len(messages),
                allow_redirects=False,
            )
        except requests.RequestException as error:
            for message in messages:
                message._noproof_note_failure(_("The peer could not be reached: %(error)s", error=error))
            raise RetryableJobError(f"peer unreachable: {error}", seconds=messages[0]._noproof_backoff()) from error
        if response.status_code in (404, 405):
            for message in messages:
                try:
                    message._noproof_deliver_one()
                except RetryableJobError:
                    message._noproof_enqueue(eta=message._noproof_backoff())
            return "delivered one by one (the peer has no batch inbox)"
        try:
            answer = response.json()
        except ValueError:
            answer = None
        answers = answer.get("answers") if isinstance(answer, dict) else None
        if response.status_code != 200 or not isinstance(answers, list) or len(answers) != len(messages):
            error = (isinstance(answer, dict) and answer.get("message")) or _(
                "The peer answered %(status)s without a valid receipt.", status=response.status_code
            )
            if isinstance(answer, dict) and answer.get("retry") is False and response.status_code != 200:
                messages._noproof_record_outcomes(
                    [
                        (message, "refused", envelope, answer, error)
                        for message, envelope in zip(messages, envelopes, strict=False)
                    ]
                )
                return "refused"
            for message in messages:
                message._noproof_note_failure(error)
            raise RetryableJobError(f"peer answered {response.status_code}", seconds=messages[0]._noproof_backoff())
        outcomes = []
        for message, envelope, item in zip(messages, envelopes, answers, strict=False):
            item = item if isinstance(item, dict) else {}
            status, answer = item.get("status"), item.get("answer")
            if status == 200 and message._noproof_valid_receipt(answer):
                outcomes.append((message, "delivered", envelope, answer, None))
                continue
            refusal = isinstance(answer, dict) and answer.get("message_id") == message.uuid
            error = (refusal and answer.get("message")) or _(
                "The peer answered %(status)s without a valid receipt.", status=status
            )
            if refusal and answer.get("retry") is False and status != 200:
                outcomes.append((message, "refused", envelope, answer, error))
            else:
                outcomes.append((message, "retry", envelope, answer, error))
        messages._noproof_record_outcomes(outcomes)
        counts = {}
        for outcome in outcomes:
            counts[outcome[1]] = counts.get(outcome[1], 0) + 1
        return ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))

    def _noproof_retry_later(self, error):
        """A failed attempt of this message alone (the others of its batch went through): counted,
        and a job of its own tries again after the back-off."""
        self.ensure_one()
        self.write(
            {"attempts": self.attempts + 1, "last_attempt_at": fields.Datetime.now(), "last_error": str(error)[:2000]}
        )
        self._noproof_enqueue(eta=self._noproof_backoff())

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

    def _noproof_delivered(self, envelope, receipt, log=True):
        """The peer processed this message and signed ``receipt``. ``log=False``: the caller
        logs it in the ledger with the others of its batch."""
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
        if log:
            self._noproof_exchange_logged()
        self._noproof_after_delivery(receipt.get("result") or {})

    def _noproof_refused(self, envelope, answer, error, log=True):
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
        if log:
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
            return refusal.status, self._noproof_refusal(refusal)

    @api.model
    def _noproof_refusal(self, refusal, message_id=None, key=None):
        """The signed answer to a refused message (in a batch: naming the message)."""
        _logger.info("Exchange message refused (%s): %s", refusal.code, refusal.message)
        answer = {
            "protocol": exchange.PROTOCOL,
            "error": refusal.code,
            "message": refusal.message,
            "retry": refusal.retry,
        }
        if message_id is not None:
            answer["message_id"] = message_id
        return self.env["noproof.exchange.key"]._noproof_sign(answer, key=key)

    @api.model
    def _noproof_receive_batch(self, body):
        """Check and process the envelopes of a batch POSTed by a peer, each on its own:
        (HTTP status, {"protocol", "answers": [{"status", "answer"}, ...]}) with one signed
        receipt or signed refusal per message, in their order. A refused message changes
        nothing and does not stop the others. A batch that is not one is refused whole."""
        try:
            envelopes = self._noproof_parse_batch(body)
        except ExchangeRefusal as refusal:
            return refusal.status, self._noproof_refusal(refusal)
        cache = {"key": self.env["noproof.exchange.key"]._noproof_signing_key(), "memo": {}}
        answers = []
        self.env.cr.cache[RECEIVING_KEY] = cache
        try:
            for item in envelopes:
                message_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else ""
                try:
                    envelope = self._noproof_check_envelope(item)
                    answers.append({"status": 200, "answer": self._noproof_process_envelope(envelope, cache)})
                except ExchangeRefusal as refusal:
                    answers.append(
                        {
                            "status": refusal.status,
                            "answer": self._noproof_refusal(refusal, message_id, key=cache["key"]),
                        }
                    )
        finally:
            self.env.cr.cache.pop(RECEIVING_KEY, None)
        self.sudo()._noproof_received(self.sudo().browse(cache.get("processed", [])))
        return 200, {"protocol": exchange.PROTOCOL, "answers": answers}

    @api.model
    def _noproof_batch_memo(self, key, compute):
        """``compute()``, once for ``key`` (hashable) among the messages of the batch being received (the
        handlers' look-ups they share, e.g. the organization the tickets are addressed to); outside a batch,
        each time."""
        cache = self.env.cr.cache.get(RECEIVING_KEY)
        if cache is None:
            return compute()
        if key not in cache["memo"]:
            cache["memo"][key] = compute()
        return cache["memo"][key]

    @api.model
    def _noproof_parse_batch(self, body):
        batch = self._noproof_json(body)
        if (
            not isinstance(batch, dict)
            or set(batch) != exchange.BATCH_KEYS
            or batch["protocol"] != exchange.PROTOCOL
            or not isinstance(batch["messages"], list)
            or not 0 < len(batch["messages"]) <= BATCH_MAX_MESSAGES
        ):
            raise ExchangeRefusal(
                400,
                "malformed",
                _(
                    "A batch is {“protocol”: “%(protocol)s”, “messages”: [envelope, …]} with 1 to %(count)s "
                    "envelopes.",
                    protocol=exchange.PROTOCOL,
                    count=BATCH_MAX_MESSAGES,
                ),
            )
        return batch["messages"]

    @api.model
    def _noproof_process(self, body):
        cache = {}
        receipt = self._noproof_process_envelope(self._noproof_parse(body), cache)
        self.sudo()._noproof_received(self.sudo().browse(cache.get("processed", [])))
        return receipt

    @api.model
    def _noproof_received(self, messages):
        """After the last message of a request: the processed ones go to the ledger together
        (one lock of the level's chain), then the add-ons' :meth:`_noproof_after_receive`."""
        if messages:
            messages._noproof_exchange_logged()
            self._noproof_after_receive(messages)

    @api.model
    def _noproof_after_receive(self, messages):
        """Hook: ``messages`` (incoming, in their order) were processed by this request — one,
        or the messages of a batch not refused — in its transaction, after the last of them.
        Add-ons do here what is cheaper for many records at once (activities, chatter notes)."""

    @api.model
    def _noproof_process_envelope(self, envelope, cache):
        """Check one parsed envelope and process it once; return its signed receipt or raise
        ExchangeRefusal. ``cache`` keeps what the messages of one batch share (the peer,
        the signing key, the settings)."""
        if envelope["sender"] not in cache:
            Peer = self.env["noproof.exchange.peer"].sudo().with_context(active_test=False)
            cache[envelope["sender"]] = Peer.search([("instance", "=", envelope["sender"])], limit=1)
        peer = cache[envelope["sender"]]
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
        if "instance" not in cache:
            cache["instance"] = Key._noproof_instance_id()
            cache["skew"] = self._noproof_param("max_skew_seconds", DEFAULT_MAX_SKEW_SECONDS)
            cache["handlers"] = self._noproof_exchange_handlers()
        if envelope["recipient"] != cache["instance"]:
            raise ExchangeRefusal(400, "wrong_recipient", _("The message is addressed to another instance."))
        skew = cache["skew"]
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
        handler = cache["handlers"].get(envelope["type"])
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
                        "receiver": cache["instance"],
                        "received_at": fields.Datetime.now().strftime(exchange.TIME_FORMAT),
                        "content_hash": digest,
                        "result": result,
                    },
                    key=cache.get("key"),
                )
                message.write(
                    {
                        "receipt": exchange.canonical(receipt).decode("utf-8"),
                        "result": json.dumps(result, ensure_ascii=False, sort_keys=True),
                    }
                )
            cache.setdefault("processed", []).append(message.id)
        except (UserError, ValidationError, AccessError) as error:
            raise ExchangeRefusal(422, "refused", str(error.args[0] if error.args else error)) from error
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ExchangeRefusal(400, "malformed", _("The payload is malformed: %(error)s", error=error)) from error
        except psycopg2.IntegrityError as error:
            raise ExchangeRefusal(409, "busy", _("The message is being processed; try again."), retry=True) from error
        return receipt

    @api.model
    def _noproof_json(self, body):
        """The JSON of a request's body within the size this instance accepts, else ExchangeRefusal."""
        limit = self._noproof_param("max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES)
        if body is None or len(body) > limit:
            raise ExchangeRefusal(
                413,
                "too_large",
                _("The message is larger than the %(limit)s bytes this instance accepts.", limit=limit),
            )
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ExchangeRefusal(400, "malformed", _("The message is not JSON in UTF-8.")) from error

    @api.model
    def _noproof_parse(self, body):
        return self._noproof_check_envelope(self._noproof_json(body))

    @api.model
    def _noproof_check_envelope(self, envelope):
        """The envelope if its members are well-formed, else ExchangeRefusal."""
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
