import json
from unittest.mock import patch

import requests

from odoo import fields
from odoo.tests import tagged

from ..tools import exchange
from .exchange_common import ExchangeCase


@tagged("post_install", "-at_install")
class TestExchangeBatch(ExchangeCase):
    """Several messages of one peer in one POST (issue 14: delivery speed): each keeps its own signed receipt
    or refusal, is processed once, refused alone, and kept in the ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.peer = cls.onboard_self(cls)

    def post_batch(self, envelopes, raw=None):
        self.env.flush_all()
        body = raw if raw is not None else exchange.canonical({"protocol": exchange.PROTOCOL, "messages": envelopes})
        response = requests.post(
            self.own_url + exchange.BATCH_INBOX_PATH,
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        return response.status_code, response.json()

    def assertReceipt(self, answer, envelope):
        self.assertEqual(answer["status"], 200, answer)
        receipt = answer["answer"]
        self.assertEqual(receipt["message_id"], envelope["id"])
        self.assertEqual(receipt["content_hash"], exchange.content_hash(envelope))
        self.assertTrue(exchange.verify(self.peer.public_key, exchange.unsigned(receipt), receipt["signature"]))

    def assertRefusal(self, answer, envelope, status, code):
        self.assertEqual((answer["status"], answer["answer"]["error"]), (status, code), answer)
        refusal = answer["answer"]
        self.assertEqual(refusal["message_id"], envelope["id"], "a refusal in a batch names its message")
        self.assertTrue(exchange.verify(self.peer.public_key, exchange.unsigned(refusal), refusal["signature"]))

    def test_each_message_of_a_batch_gets_its_own_receipt(self):
        envelopes = [self.envelope(payload={"text": f"hello {n}"}) for n in range(3)]
        status, answer = self.post_batch(envelopes)
        self.assertEqual(status, 200, answer)
        self.assertEqual(len(answer["answers"]), 3)
        for item, envelope in zip(answer["answers"], envelopes, strict=True):
            self.assertReceipt(item, envelope)
            self.assertEqual(item["answer"]["result"], {"pong": envelope["payload"]["text"]})
            self.assertEqual(len(self.received(envelope)), 1)

    def test_a_refused_message_does_not_block_the_others(self):
        """Threat: one forged or bad message in a batch. It is refused alone with a signed refusal naming it;
        nothing of it is written and the others are processed."""
        good, tampered, refused, last = (self.envelope(payload={"text": f"m{n}"}) for n in range(4))
        tampered["payload"] = {"text": "tampered"}
        refused["payload"] = {"text": "x" * 300}
        refused = self.Key._noproof_sign(exchange.unsigned(refused))
        status, answer = self.post_batch([good, tampered, refused, last])
        self.assertEqual(status, 200, answer)
        answers = answer["answers"]
        self.assertReceipt(answers[0], good)
        self.assertRefusal(answers[1], tampered, 403, "bad_signature")
        self.assertRefusal(answers[2], refused, 422, "refused")
        self.assertReceipt(answers[3], last)
        self.assertFalse(self.received(tampered) | self.received(refused))
        self.assertEqual(len(self.received(good) | self.received(last)), 2)

    def test_replay_within_a_batch_is_refused(self):
        """Threat: the same message id twice in one batch, once with another content. The copy with the same
        content gets the first receipt and is not processed again; the other content is refused as a replay."""
        envelope = self.envelope(payload={"text": "once"})
        forged = self.envelope(payload={"text": "other"}, id=envelope["id"])
        status, answer = self.post_batch([envelope, forged, envelope])
        self.assertEqual(status, 200, answer)
        first, replay, again = answer["answers"]
        self.assertReceipt(first, envelope)
        self.assertRefusal(replay, forged, 409, "replay")
        self.assertEqual(again, first)
        self.assertEqual(len(self.received(envelope)), 1)

    def test_a_malformed_batch_is_refused_whole(self):
        for raw in (b"{not json", b'{"protocol": "noproof-exchange/1", "messages": []}', b'{"messages": [{}]}'):
            before = self.Message.sudo().search_count([])
            status, answer = self.post_batch(None, raw=raw)
            self.assertEqual((status, answer["error"]), (400, "malformed"), raw)
            self.assertEqual(self.Message.sudo().search_count([]), before)
        status, answer = self.post_batch([{"id": "x"}])
        self.assertEqual(status, 200)
        self.assertEqual(answer["answers"][0]["status"], 400, "a malformed envelope in a batch is refused alone")

    def test_waiting_messages_of_a_peer_go_in_one_request(self):
        """The delivery job takes the messages waiting for its peer in one POST: each is delivered with its own
        receipt, processed once, and kept in the ledger on both sides."""
        messages = self.Message.browse()
        for n in range(3):
            messages |= self.Message._noproof_send(self.peer, "noproof.ping", {"text": f"p{n}"})
        jobs = self.env["queue.job"].search([("method_name", "=", "_noproof_deliver"), ("records", "!=", False)])
        self.assertEqual(len(jobs.filtered(lambda job: job.records & messages)), 1, "one job per peer and transaction")
        with patch.object(requests, "post", wraps=requests.post) as post:
            self.assertFalse(self.deliver(messages[0]))
        self.assertEqual(
            [call.args[0] for call in post.call_args_list], [self.peer._noproof_url(exchange.BATCH_INBOX_PATH)]
        )
        self.assertEqual(messages.mapped("state"), ["delivered"] * 3)
        for message in messages:
            receipt = json.loads(message.receipt)
            self.assertEqual(receipt["message_id"], message.uuid)
            self.assertTrue(exchange.verify(self.peer.public_key, exchange.unsigned(receipt), receipt["signature"]))
            inbound = self.Message.sudo().search([("direction", "=", "in"), ("uuid", "=", message.uuid)])
            self.assertEqual(inbound.state, "processed")
            logged = (
                self.env["noproof.ledger.entry"]
                .sudo()
                .search(
                    [
                        ("entry_type", "=", "exchange_message"),
                        ("res_model", "=", message._name),
                        ("res_id", "in", (message | inbound).ids),
                    ]
                )
            )
            self.assertEqual(len(logged), 2, "both directions are in the ledger")

    def test_a_refusal_in_a_batch_leaves_the_others_delivered(self):
        sent = [self.Message._noproof_send(self.peer, "noproof.ping", {"text": text}) for text in ("a", "x" * 300, "c")]
        self.assertFalse(self.deliver(sent[0]))
        self.assertEqual([message.state for message in sent], ["delivered", "refused", "delivered"])
        self.assertTrue(sent[1].last_error)
        self.assertEqual(sent[1].attempts, 1)

    def test_messages_about_one_document_never_share_a_batch(self):
        """Order per document: of two messages about one document only the first goes; the second goes once the
        first is delivered."""
        first = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "1"}, document=self.peer)
        second = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "2"}, document=self.peer)
        other = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "3"})
        self.assertFalse(self.deliver(first))
        self.assertEqual([first.state, second.state, other.state], ["delivered", "pending", "delivered"])
        self.assertEqual(second.attempts, 0)
        self.assertFalse(self.deliver(second))
        self.assertEqual(second.state, "delivered")
        self.assertLess(self.received({"id": first.uuid}).id, self.received({"id": second.uuid}).id, "in order")

    def test_a_peer_without_a_batch_inbox_gets_the_messages_one_by_one(self):
        """A peer running an earlier version answers 404 at the batch address: the messages go one by one."""
        messages = self.Message.browse()
        for n in range(2):
            messages |= self.Message._noproof_send(self.peer, "noproof.ping", {"text": f"old{n}"})
        with patch.object(exchange, "BATCH_INBOX_PATH", "/noproof/exchange/no-such-inbox"):
            self.assertFalse(self.deliver(messages[0]))
        self.assertEqual(messages.mapped("state"), ["delivered", "delivered"])

    def test_a_message_refused_for_now_in_a_batch_is_retried_alone(self):
        """A message the peer asks to send again later (its clock check) is counted and gets a job of its own
        after the back-off; the others of the batch are delivered."""
        messages = self.Message.browse()
        for n in range(2):
            messages |= self.Message._noproof_send(self.peer, "noproof.ping", {"text": f"r{n}"})
        real = type(self.Message)._noproof_envelope

        def envelope(message, key=None):
            signed = real(message, key=key)
            if message == messages[1]:
                signed["sent_at"] = "2000-01-01T00:00:00Z"
                signed = self.Key._noproof_sign(exchange.unsigned(signed))
            return signed

        with patch.object(type(self.Message), "_noproof_envelope", envelope):
            self.assertFalse(self.deliver(messages[0]))
        self.assertEqual(messages.mapped("state"), ["delivered", "pending"])
        self.assertEqual(messages[1].attempts, 1)
        self.assertIn("clock", messages[1].last_error)
        retry = (
            self.env["queue.job"]
            .search([("method_name", "=", "_noproof_deliver")])
            .filtered(lambda job: job.records == messages[1] and job.eta and job.eta > fields.Datetime.now())
        )
        self.assertTrue(retry, "a job of its own, after the back-off")

    def test_a_sending_transaction_uses_the_job_still_waiting(self):
        """At a steady rate each sending transaction would add a delivery job: at commit, a job of the peer that
        has not started yet (and waits for no back-off) takes over this transaction's messages instead."""
        Job = self.env["queue.job"]

        def jobs():
            return Job.search([("method_name", "=", "_noproof_deliver"), ("state", "=", "pending")])

        first = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "t1"})
        self.env.cr.precommit.run()  # the first transaction commits: its job stays
        waiting = jobs()
        self.assertEqual(len(waiting), 1)
        second = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "t2"})
        self.assertEqual(len(jobs()), 2)
        self.env.cr.precommit.run()  # the second commits: the first job, still waiting, delivers both
        self.assertEqual(jobs(), waiting)
        waiting.eta = fields.Datetime.add(fields.Datetime.now(), hours=1)
        third = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "t3"})
        self.env.cr.precommit.run()
        self.assertEqual(len(jobs()), 2, "a job waiting for its back-off does not take new messages")
        self.assertFalse(self.deliver(first))
        self.assertEqual((first | second | third).mapped("state"), ["delivered"] * 3)
