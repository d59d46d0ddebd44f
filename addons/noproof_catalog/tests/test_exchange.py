import json
from datetime import timedelta
from unittest.mock import patch

import requests

from odoo import fields
from odoo.tests import tagged

from ..tools import exchange
from .exchange_common import ExchangeCase
from .rpc import RpcRefused


@tagged("post_install", "-at_install")
class TestExchangeIdentity(ExchangeCase):
    def test_identity_is_published_without_the_private_key(self):
        """An administrator fetches the other instance's identity from its well-known address: instance
        identifier, name and public keys with their fingerprints — never the private key."""
        response = requests.get(self.own_url + exchange.IDENTITY_PATH, timeout=30)
        self.assertEqual(response.status_code, 200)
        identity = response.json()
        key = self.Key._noproof_signing_key()
        self.assertEqual(identity["instance"], self.instance)
        self.assertEqual(identity["protocol"], exchange.PROTOCOL)
        self.assertIn(
            {"public_key": key.public_key, "fingerprint": key.fingerprint, "state": "current", "retired_at": None},
            identity["keys"],
        )
        self.assertNotIn(key.sudo().private_key, response.text)

    def test_private_key_readable_by_system_administrators_only(self):
        """Threat: a configuration administrator (or anyone below a system administrator) reads the
        instance's private key and signs messages in its name."""
        key = self.Key._noproof_signing_key()
        self.sign_in("np_manager")
        with self.assertRaises(RpcRefused):
            self.call_kw("noproof.exchange.key", "read", [key.ids, ["private_key"]])
        with self.assertRaises(RpcRefused):
            self.call_kw("noproof.exchange.key", "search_read", [[]], {"fields": ["public_key"]})
        self.sign_in("admin")
        read = self.call_kw("noproof.exchange.key", "read", [key.ids, ["private_key", "fingerprint"]])
        self.assertTrue(read[0]["private_key"])

    def test_rotation_keeps_the_old_public_key(self):
        """A rotated key stops signing but stays published, so that what it signed can still be verified."""
        old = self.Key._noproof_signing_key()
        signed = self.Key._noproof_sign({"text": "before"})
        self.Key.with_user(self.env.ref("base.user_admin")).action_rotate()
        new = self.Key._noproof_signing_key()
        self.assertNotEqual(old, new)
        self.assertEqual(old.state, "retired")
        self.assertTrue(exchange.verify(old.public_key, exchange.unsigned(signed), signed["signature"]))
        identity = self.Key._noproof_identity()
        self.assertEqual({k["fingerprint"] for k in identity["keys"]} >= {old.fingerprint, new.fingerprint}, True)
        self.assertEqual(self.Key._noproof_sign({"text": "after"})["key"], new.fingerprint)

    def test_only_a_system_administrator_rotates_or_onboards(self):
        """Threat: a configuration administrator replaces the instance's key or trusts another instance."""
        self.sign_in("np_manager")
        with self.assertRaises(RpcRefused):
            self.call_kw("noproof.exchange.key", "action_rotate", [[]])
        with self.assertRaises(RpcRefused):
            self.call_kw("noproof.exchange.onboard", "create", [{"base_url": self.own_url}])
        with self.assertRaises(RpcRefused):
            self.call_kw(
                "noproof.exchange.peer",
                "create",
                [
                    {
                        "name": "x",
                        "base_url": self.own_url,
                        "instance": "x",
                        "public_key": self.Key._noproof_signing_key().public_key,
                    }
                ],
            )

    def test_onboarding_needs_the_fingerprint_confirmed(self):
        """The wizard fetches the other side's identity and creates the peer only after the administrator
        confirmed the fingerprint (as read to them by phone)."""
        wizard = (
            self.env["noproof.exchange.onboard"]
            .with_context(noproof_exchange_self=True)
            .create({"base_url": self.own_url})
        )
        wizard.action_fetch()
        self.assertEqual(wizard.step, "confirm")
        self.assertEqual(wizard.fingerprint, self.Key._noproof_signing_key().fingerprint)
        with self.assertRaisesRegex(Exception, "Compare the fingerprint"):
            wizard.action_confirm()
        self.assertFalse(self.env["noproof.exchange.peer"].search([("instance", "=", self.instance)]))
        wizard.fingerprint_confirmed = True
        wizard.action_confirm()
        peer = self.env["noproof.exchange.peer"].search([("instance", "=", self.instance)])
        self.assertEqual(peer.public_key, self.Key._noproof_signing_key().public_key)
        self.assertEqual(peer.confirmed_by_id, self.env.user)


@tagged("post_install", "-at_install")
class TestExchangeDelivery(ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.peer = cls.onboard_self(cls)

    def test_message_delivered_with_a_signed_receipt_and_processed_once(self):
        """A message written to the outbox is delivered by its queue job, answered with a receipt signed by
        the receiver, and processed once on the receiving side."""
        message = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "hello"})
        self.assertEqual(message.state, "pending")
        job = self.env["queue.job"].search([("model_name", "=", message._name), ("records", "!=", False)])
        self.assertTrue(
            job.filtered(lambda j: j.method_name == "_noproof_deliver" and message in j.records),
            "delivery is a queue job",
        )
        self.assertFalse(self.deliver(message))
        self.assertEqual(message.state, "delivered")
        receipt = json.loads(message.receipt)
        self.assertTrue(exchange.verify(self.peer.public_key, exchange.unsigned(receipt), receipt["signature"]))
        self.assertEqual(receipt["result"], {"pong": "hello"})
        inbound = self.Message.sudo().search([("direction", "=", "in"), ("uuid", "=", message.uuid)])
        self.assertEqual(len(inbound), 1)
        self.assertEqual(inbound.state, "processed")

    def test_same_message_twice_gets_the_same_receipt(self):
        """A message delivered again (the receipt was lost) is not processed again: the receiver answers
        with the receipt it gave the first time."""
        envelope = self.envelope()
        status, first = self.post(envelope)
        self.assertEqual(status, 200, first)
        again = dict(envelope, sent_at=fields.Datetime.now().strftime(exchange.TIME_FORMAT))
        status, second = self.post(self.Key._noproof_sign(exchange.unsigned(again)))
        self.assertEqual(status, 200, second)
        self.assertEqual(first, second)
        self.assertEqual(len(self.received(envelope)), 1)

    def test_unreachable_peer_waits_with_exponential_backoff(self):
        """A peer that is down does not lose messages: each failed attempt is counted, the job asks to be
        retried after a back-off that doubles, and the message is delivered once the peer answers."""
        self.peer.base_url = "http://127.0.0.1:9"
        message = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "later"})
        self.assertTrue(self.deliver(message))
        self.assertTrue(self.deliver(message))
        self.assertEqual(message.attempts, 2)
        self.assertEqual(message.state, "pending")
        self.assertIn("could not be reached", message.last_error)
        self.assertEqual(message._noproof_backoff(), 20)
        self.peer.base_url = self.own_url
        self.assertFalse(self.deliver(message))
        self.assertEqual(message.state, "delivered")
        self.assertEqual(message.attempts, 3)

    def test_permanent_refusal_stops_retrying_and_shows_the_peers_error(self):
        """A message the peer refuses for good (here: a type the peer does not take from us) is not retried;
        the administrator sees it among the undelivered messages with the peer's error."""
        self.peer.receive_type_ids = False
        message = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "no"})
        self.assertFalse(self.deliver(message))
        self.assertEqual(message.state, "refused")
        self.assertIn("does not take", message.last_error)
        self.assertEqual(self.peer.refused_count, 1)
        waiting = self.Message._noproof_undelivered_by_peer()
        self.assertIn((self.peer, 0, 1), waiting)

    def test_messages_about_one_document_are_delivered_in_order(self):
        """Two messages about the same document: the second waits until the first is delivered."""
        document = self.peer
        first = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "1"}, document=document)
        second = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "2"}, document=document)
        self.assertTrue(self.deliver(second), "the second waits for the first")
        self.assertEqual(second.state, "pending")
        self.assertEqual(second.attempts, 0, "waiting for an earlier message is not a failed attempt")
        self.assertFalse(self.deliver(first))
        self.assertFalse(self.deliver(second))
        self.assertEqual((first | second).mapped("state"), ["delivered", "delivered"])

    def test_sending_a_type_not_allowed_or_to_a_disabled_peer_is_refused_at_once(self):
        """The clerk learns at once, in the business transaction, that the peer takes no such message."""
        self.peer.send_type_ids = False
        with self.assertRaisesRegex(Exception, "does not take"):
            self.Message._noproof_send(self.peer, "noproof.ping", {"text": "x"})
        self.peer.active = False
        with self.assertRaisesRegex(Exception, "disabled"):
            self.Message._noproof_send(self.peer, "noproof.ping", {"text": "x"})


@tagged("post_install", "-at_install")
class TestExchangeBadInput(ExchangeCase):
    """Threat: a remote system (or someone on the network) sends forged, tampered, replayed, oversized or
    malformed messages. Each is refused with a clear reason and nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.peer = cls.onboard_self(cls)

    def assertRefusedWith(self, envelope, status, code, raw=None):
        before = self.Message.sudo().search_count([])
        answer_status, answer = self.post(envelope, raw=raw)
        self.assertEqual((answer_status, answer.get("error")), (status, code), answer)
        self.assertTrue(answer["message"])
        self.assertEqual(self.Message.sudo().search_count([]), before, "nothing is written")
        return answer

    def test_wrong_signature(self):
        envelope = self.envelope()
        envelope["payload"] = {"text": "tampered"}
        self.assertRefusedWith(envelope, 403, "bad_signature")

    def test_signature_by_another_key(self):
        private, __ = exchange.generate_key()
        envelope = self.envelope(sign=False)
        envelope["key"] = "forged"
        envelope["signature"] = exchange.sign(private, envelope)
        self.assertRefusedWith(envelope, 403, "bad_signature")

    def test_unknown_peer(self):
        self.assertRefusedWith(self.envelope(sender="00000000-0000-4000-8000-000000000000"), 403, "unknown_peer")

    def test_disabled_peer(self):
        self.peer.active = False
        self.assertRefusedWith(self.envelope(), 403, "peer_disabled")

    def test_wrong_recipient(self):
        self.assertRefusedWith(self.envelope(recipient="00000000-0000-4000-8000-000000000000"), 400, "wrong_recipient")

    def test_clock_skew(self):
        old = (fields.Datetime.now() - timedelta(hours=1)).strftime(exchange.TIME_FORMAT)
        answer = self.assertRefusedWith(self.envelope(sent_at=old), 400, "clock_skew")
        self.assertTrue(answer["retry"], "a sender with a wrong clock retries after fixing it")

    def test_replay_with_other_content(self):
        envelope = self.envelope()
        self.assertEqual(self.post(envelope)[0], 200)
        tampered = self.envelope(payload={"text": "other"}, id=envelope["id"])
        before = self.received(envelope).receipt
        self.assertRefusedWith(tampered, 409, "replay")
        self.assertEqual(self.received(envelope).receipt, before)

    def test_malformed(self):
        self.assertRefusedWith(None, 400, "malformed", raw=b"{not json")
        self.assertRefusedWith(None, 400, "malformed", raw=b'{"id": "x"}')
        self.assertRefusedWith(self.envelope(id="not-a-uuid"), 400, "malformed")
        self.assertRefusedWith(self.envelope(payload=["list"]), 400, "malformed")
        self.assertRefusedWith(self.envelope(payload={"text": {"nested": 1}}), 422, "refused")

    def test_oversized(self):
        self.env["ir.config_parameter"].sudo().set_param("noproof_exchange.max_message_bytes", "2000")
        self.assertRefusedWith(self.envelope(payload={"text": "x" * 3000}), 413, "too_large")

    def test_type_not_allowed_and_unknown_type(self):
        self.assertRefusedWith(self.envelope(message_type="noproof.nothing"), 403, "type_not_allowed")
        self.env["noproof.exchange.message.type"].create({"code": "noproof.nothing", "name": "Nothing"})
        self.peer.receive_type_ids |= self.env["noproof.exchange.message.type"].search(
            [("code", "=", "noproof.nothing")]
        )
        self.assertRefusedWith(self.envelope(message_type="noproof.nothing"), 400, "unknown_type")

    def test_refusal_is_signed(self):
        """The sender can prove what the receiver answered: refusals are signed too."""
        answer = self.assertRefusedWith(self.envelope(recipient="x" * 10), 400, "wrong_recipient")
        self.assertTrue(exchange.verify(self.peer.public_key, exchange.unsigned(answer), answer["signature"]))

    def test_receipt_with_a_bad_signature_is_not_accepted(self):
        """Threat: a man in the middle answers in the peer's place: the message stays undelivered."""
        message = self.Message._noproof_send(self.peer, "noproof.ping", {"text": "mitm"})
        with patch.object(type(message), "_noproof_valid_receipt", return_value=False):
            self.assertTrue(self.deliver(message))
        self.assertEqual(message.state, "pending")
