import json
from datetime import timedelta

import psycopg2

from odoo import Command, fields
from odoo.addons.noproof_catalog.tests.exchange_common import ExchangeCase
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models.noproof_ledger_anchor import ANCHOR_MESSAGE
from .common import rewrite_chain

HASH = "ab" * 32


@tagged("post_install", "-at_install")
class TestAnchorExchange(ExchangeCase):
    """Issue 14: each level sends the head of its ledger chain to its supervising authority's instance
    every day, with the hashes the entries of the heads it sent before have now; the authority keeps the
    heads and catches a rewritten chain. Inside one server: this instance is its own peer and represents
    the supervising authority (an organization of 台州市) of a water company's level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Org = cls.env["noproof.organization"]
        cls.level = cls.env["res.company"].create({"name": "Anchor Test Water Company"})
        cls.authority = Org.create({"name": "Anchor Test Water Bureau", "company_id": cls.taizhou.id})
        cls.water = Org.create(
            {
                "name": "Anchor Test Water Group",
                "company_id": cls.level.id,
                "kind": "water",
                "supervising_authority_id": cls.authority.id,
            }
        )
        cls.level_office_user = new_test_user(
            cls.env,
            login="t_anchor_level_office",
            groups="noproof_catalog.group_office",
            company_id=cls.level.id,
            company_ids=[Command.set(cls.level.ids)],
        )
        level_office = Org.create(
            {"name": "Anchor Test Water Office", "company_id": cls.level.id, "head_id": cls.level_office_user.id}
        )
        cls.level.noproof_office_id = level_office
        cls.city_office_user = new_test_user(
            cls.env,
            login="t_anchor_city_office",
            groups="noproof_catalog.group_office",
            company_id=cls.taizhou.id,
            company_ids=[Command.set(cls.taizhou.ids)],
        )
        cls.city_clerk = new_test_user(
            cls.env,
            login="t_anchor_city_clerk",
            groups="noproof_catalog.group_clerk",
            company_id=cls.taizhou.id,
            company_ids=[Command.set(cls.taizhou.ids)],
        )
        cls.taizhou.noproof_office_id.sudo().head_id = cls.city_office_user
        cls.applicant = cls.env["res.partner"].create({"name": "Anchor Test Applicant"})
        cls.certificate = cls.env["noproof.certificate"].create({"name": "Anchor Test Certificate"})
        cls.peer = cls.onboard_self(cls, organizations=cls.authority, company=cls.taizhou)
        cls.Anchor = cls.env["noproof.ledger.anchor"]
        cls.Held = cls.env["noproof.ledger.peer.anchor"]
        cls.today = fields.Date.context_today(cls.Anchor)

    # ------------------------------------------------------------ helpers
    def record(self, count=1):
        for _number in range(count):
            entry = self.env["noproof.ledger.entry"].record(
                "voluntary_provision", organization=self.water, applicant=self.applicant, certificate=self.certificate
            )
        return entry

    def day(self, offset):
        return self.today - timedelta(days=offset)

    def publish(self, day):
        """Publish the heads of ``day`` and deliver this level's anchor; its outgoing message."""
        anchors = self.Anchor._publish(date=day)
        anchor = anchors.filtered(lambda anchor: anchor.company_id == self.level)
        self.assertEqual(len(anchor), 1)
        message = self.Message.sudo().search(
            [("res_model", "=", anchor._name), ("res_id", "=", anchor.id), ("direction", "=", "out")]
        )
        self.assertEqual(len(message), 1, "one message to the one supervising peer")
        self.assertFalse(self.deliver(message), message.last_error)
        self.assertEqual(message.state, "delivered", message.last_error)
        return message

    def held(self):
        return self.Held.sudo().search([("peer_id", "=", self.peer.id), ("level_ref", "=", self.level.id)])

    def anchor_envelope(self, **payload):
        values = {
            "level": {"id": self.level.id, "name": self.level.name},
            "date": fields.Date.to_string(self.day(1)),
            "sequence": 3,
            "hash": HASH,
            "earlier": [],
        }
        values.update(payload)
        return self.envelope(payload=values, message_type=ANCHOR_MESSAGE)

    def assertAnchorRefused(self, envelope, fragment, status=422):
        before = self.Held.sudo().search_count([])
        code, answer = self.post(envelope)
        self.assertEqual(code, status, answer)
        self.assertIn(fragment, answer["message"])
        self.assertEqual(self.Held.sudo().search_count([]), before, "a refused anchor leaves nothing behind")
        self.assertFalse(self.received(envelope))

    # -------------------------------------------------------------- tests
    def test_daily_heads_are_held_by_the_supervising_instance(self):
        """The anchor of each day reaches the authority's instance and is kept there; each later one re-states
        the hashes the entries of the heads sent before have now, and they match."""
        self.record(2)
        first = self.publish(self.day(3))
        payload = json.loads(first.payload)
        self.assertEqual((payload["level"]["id"], payload["sequence"], payload["earlier"]), (self.level.id, 2, []))
        self.assertEqual(json.loads(first.result), {"state": "ok", "compared": 0})
        self.record()
        second = self.publish(self.day(2))
        self.record()
        third = self.publish(self.day(1))
        entries = self.env["noproof.ledger.entry"].sudo().search([("company_id", "=", self.level.id)])
        hash_of = {entry.sequence: entry.entry_hash for entry in entries}
        self.assertEqual(
            json.loads(third.payload)["earlier"],
            [{"sequence": 2, "hash": hash_of[2]}, {"sequence": 3, "hash": hash_of[3]}],
        )
        self.assertEqual(json.loads(second.result)["compared"], 1)
        self.assertEqual(json.loads(third.result), {"state": "ok", "compared": 2})
        held = self.held().sorted("date")
        self.assertRecordValues(
            held,
            [
                {
                    "date": self.day(3),
                    "sequence": 2,
                    "entry_hash": hash_of[2],
                    "state": "ok",
                    "company_id": self.taizhou.id,
                },
                {
                    "date": self.day(2),
                    "sequence": 3,
                    "entry_hash": hash_of[3],
                    "state": "ok",
                    "company_id": self.taizhou.id,
                },
                {
                    "date": self.day(1),
                    "sequence": 4,
                    "entry_hash": hash_of[4],
                    "state": "ok",
                    "company_id": self.taizhou.id,
                },
            ],
        )
        self.assertEqual(held.mapped("level_name"), [self.level.name] * 3)
        self.assertFalse(held.activity_ids)
        # A second run the same day sends nothing more.
        self.assertFalse(self.Anchor._publish(date=self.day(1)))

    def test_rewritten_entry_is_caught_at_the_next_anchor(self):
        """Taizhou art. 15 ¶2 (an applicant's voluntary provision is recorded and kept for inspection; also
        art. 12 ¶2), Luzhou art. 15 ¶2: the record may not change afterwards, not even by the level's own
        database owner. A voluntary provision rewritten with the chain re-hashed passes the level's own check,
        but the next anchor gives other hashes than the heads the supervising level holds: the head is
        kept as "rewritten", the supervising office gets an activity, and the receipt tells the level."""
        self.record(2)
        self.publish(self.day(3))
        self.record()
        self.publish(self.day(2))
        self.record()
        self.env.flush_all()
        rewrite_chain(self.env.cr, self.level.id, 2, applicant_name="Someone Else")
        self.env.invalidate_all()
        chain = self.env["noproof.ledger.chain"].sudo().search([("company_id", "=", self.level.id)])
        self.assertEqual(chain._verify().state, "valid", "the level's own check cannot see a re-hashed rewrite")
        message = self.publish(self.day(1))
        self.assertEqual(json.loads(message.result), {"state": "mismatch", "compared": 2, "first_differing": 2})
        latest = self.held().sorted("date")[-1]
        self.assertRecordValues(latest, [{"state": "mismatch", "mismatch_sequence": 2, "compared_count": 2}])
        self.assertIn("Entry #2", latest.mismatch)
        self.assertIn("Entry #3", latest.mismatch)
        activity = latest.activity_ids
        self.assertEqual(activity.user_id, self.city_office_user)
        self.assertEqual(activity.activity_type_id, self.env.ref("noproof_ledger.mail_activity_peer_anchor_mismatch"))
        self.assertIn(self.level.name, self.peer.message_ids[0].body)
        # The office finds it under the ledger's menu, with the "rewritten" filter; a clerk does not.
        found = self.Held.with_user(self.city_office_user).search([("state", "=", "mismatch")])
        self.assertEqual(found, latest)
        self.assertFalse(self.Held.with_user(self.city_office_user).search([("state", "=", "mismatch")]) - latest)
        self.assertFalse(self.env["ir.model.access"].with_user(self.city_clerk).check(self.Held._name, "read", False))
        # The level's own office hears it from the receipt, on its chain.
        self.assertEqual(chain.activity_ids.user_id, self.level_office_user)
        self.assertIn("#2", chain.activity_ids.note)

    def test_deleted_entry_is_caught(self):
        """A head whose entry no longer exists is a rewrite too."""
        self.record(2)
        self.publish(self.day(2))
        self.record()
        self.env.flush_all()
        self.env.cr.execute(
            "ALTER TABLE noproof_ledger_entry DISABLE TRIGGER noproof_ledger_entry_append_only;"
            "DELETE FROM noproof_ledger_entry WHERE company_id = %s AND sequence = 2;"
            "ALTER TABLE noproof_ledger_entry ENABLE TRIGGER noproof_ledger_entry_append_only;",
            [self.level.id],
        )
        self.env.invalidate_all()
        message = self.publish(self.day(1))
        self.assertEqual(json.loads(message.result)["state"], "mismatch")
        self.assertIn("no longer exists", self.held().sorted("date")[-1].mismatch)

    def test_malformed_anchors_are_refused(self):
        """Each malformed anchor is refused with a message saying what is wrong, and leaves nothing."""
        cases = [
            ({"sequence": "3"}, "whole number"),
            ({"sequence": True}, "whole number"),
            ({"sequence": 0}, "whole number"),
            ({"sequence": 2.5}, "whole number"),
            ({"hash": "AB" * 32}, "64 lowercase hexadecimal"),
            ({"hash": "ab" * 31}, "64 lowercase hexadecimal"),
            ({"hash": None}, "64 lowercase hexadecimal"),
            ({"level": None}, "The level must be given"),
            ({"level": {"id": "7", "name": "x"}}, "The level must be given"),
            ({"date": "2026-13-01"}, "must be a day like"),
            ({"date": "01/02/2026"}, "must be a day like"),
            ({"date": fields.Date.to_string(self.today + timedelta(days=5))}, "a day still to come"),
            ({"earlier": "all"}, "must be a list"),
            ({"earlier": [{"sequence": 1}]}, "exactly a number and a hash"),
            ({"earlier": [{"sequence": 9, "hash": HASH}]}, "comes after the head"),
            ({"earlier": [{"sequence": 1, "hash": HASH}, {"sequence": 1, "hash": HASH}]}, "given twice"),
            ({"earlier": [{"sequence": 1, "hash": "xyz"}]}, "64 lowercase hexadecimal"),
        ]
        for payload, fragment in cases:
            with self.subTest(payload=payload):
                self.assertAnchorRefused(self.anchor_envelope(**payload), fragment)

    def test_head_going_back_or_sent_twice_is_refused(self):
        """A head lower than one held for an earlier day, or higher than one held for a later day, or a
        second head for a day already held, is refused."""
        self.record(3)
        self.publish(self.day(3))
        held = self.held()
        self.assertEqual(held.sequence, 3)
        self.assertAnchorRefused(
            self.anchor_envelope(sequence=2, date=fields.Date.to_string(self.day(2))), "only grows"
        )
        self.assertAnchorRefused(
            self.anchor_envelope(sequence=4, date=fields.Date.to_string(self.day(4))), "only grows"
        )
        self.assertAnchorRefused(
            self.anchor_envelope(sequence=3, hash=held.entry_hash, date=fields.Date.to_string(self.day(3))),
            "already held",
        )
        # A late anchor of an earlier day, consistent with what is held, is kept (delivery out of order).
        code, answer = self.post(self.anchor_envelope(sequence=1, date=fields.Date.to_string(self.day(4))))
        self.assertEqual(code, 200, answer)

    def test_head_not_restating_the_last_held_one_is_a_mismatch(self):
        """An anchor that leaves out the last head held cannot be compared: it is kept as a mismatch."""
        self.record(2)
        self.publish(self.day(2))
        code, answer = self.post(self.anchor_envelope(sequence=5, earlier=[]))
        self.assertEqual(code, 200, answer)
        self.assertEqual(answer["result"]["state"], "mismatch")
        self.assertIn("was not re-stated", self.held().sorted("date")[-1].mismatch)

    def test_heads_held_never_change(self):
        """Threat T-L5 on the supervising side: a held head cannot be changed or deleted, by the ORM or SQL."""
        self.record()
        self.publish(self.day(1))
        held = self.held()
        for env in (self.env, self.env(su=True)):
            with self.assertRaises(UserError):
                held.with_env(env).write({"entry_hash": HASH})
            with self.assertRaises(UserError):
                held.with_env(env).unlink()
        with self.assertRaises(UserError):
            self.Held.create(
                {
                    "peer_id": self.peer.id,
                    "company_id": self.taizhou.id,
                    "level_ref": 1,
                    "level_name": "x",
                    "date": self.today,
                    "sequence": 1,
                    "entry_hash": HASH,
                    "state": "ok",
                }
            )
        self.env.flush_all()
        with (
            self.assertRaises(psycopg2.errors.RestrictViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute("UPDATE noproof_ledger_peer_anchor SET entry_hash = %s WHERE id = %s", [HASH, held.id])

    def test_peer_not_taking_anchors_gets_none(self):
        """A supervising peer whose administrator did not allow anchors is skipped, not an error."""
        self.peer.send_type_ids -= self.env.ref("noproof_ledger.message_type_ledger_anchor")
        self.record()
        anchors = self.Anchor._publish(date=self.day(1))
        self.assertIn(self.level, anchors.company_id)
        self.assertFalse(self.Message.sudo().search([("message_type", "=", ANCHOR_MESSAGE)]))
