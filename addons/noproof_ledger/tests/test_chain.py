import hashlib
import json

from odoo.tests import tagged

from ..models.noproof_ledger_entry import GENESIS_HASH, HASH_VERSION, HASHED_FIELDS, canonical_payload, entry_hash
from .common import LETTER, NoproofLedgerCase, triggers_disabled


@tagged("post_install", "-at_install")
class TestChain(NoproofLedgerCase):
    def setUp(self):
        super().setUp()
        self.entries = self.Entry.browse()
        for index in range(5):
            self.entries |= self.outbound(contact=f"1380000000{index}")
        self.chain = self.chain_of(self.city)

    def sql(self, query, *params):
        """Tamper with the tables as a database owner would, the append-only triggers switched off."""
        self.env.flush_all()
        with triggers_disabled(self.env.cr):
            self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def test_entries_form_one_chain_per_level(self):
        """Each level's entries are numbered from 1 and each links to the hash of the one before."""
        self.assertEqual(self.entries.mapped("sequence"), [1, 2, 3, 4, 5])
        self.assertEqual(self.entries[0].prev_hash, GENESIS_HASH)
        for previous, entry in zip(self.entries[:-1], self.entries[1:], strict=True):
            self.assertEqual(entry.prev_hash, previous.entry_hash)
        self.assertEqual((self.chain.last_sequence, self.chain.last_hash), (5, self.entries[-1].entry_hash))
        county = self.outbound(organization=self.county_civil)
        self.assertEqual((county.sequence, county.prev_hash), (1, GENESIS_HASH))
        verification = self.chain._verify()
        self.assertRecordValues(
            verification, [{"state": "valid", "entry_count": 5, "head_hash": self.entries[-1].entry_hash}]
        )
        self.assertEqual(self.chain.state, "valid")

    def test_canonical_serialization_is_compact_utf8_json(self):
        values = [1, 2, "2024-03-01 08:00:00", "outbound_certificate", None, "张伟", False, True]
        expected = json.dumps(
            [HASH_VERSION, *values, [["letter.pdf", "ab"]], GENESIS_HASH], ensure_ascii=False, separators=(",", ":")
        )
        self.assertEqual(canonical_payload(values, [["letter.pdf", "ab"]], GENESIS_HASH), expected.encode())
        self.assertEqual(
            entry_hash(values, [], GENESIS_HASH),
            hashlib.sha256(canonical_payload(values, [], GENESIS_HASH)).hexdigest(),
        )

    def test_verification_agrees_with_record_on_any_text(self):
        """What record() hashed re-computes the same from the database, whatever the text and files."""
        nasty = 'He said "no" \\ back\\slash\n\ttab \x01\x1f ctrl \x7f del 张伟 😀 \u2028 / <>&\''
        self.Entry.record(
            "information_use",
            organization=self.civil,
            applicant_name=nasty,
            purpose=nasty,
            reason="  trimmed  ",
            attachments=[("Z.txt", b"z"), ("a.txt", b"a"), ("张.txt", b"zh"), ("A.txt", b"A"), ("a.txt", b"b")],
        )
        self.assertEqual(self.chain._verify().state, "valid")

    def test_verification_streams_in_batches(self):
        self.assertEqual(self.chain._verify(batch_size=2).state, "valid")
        self.sql("UPDATE noproof_ledger_entry SET contact = 'x' WHERE id = %s", self.entries[2].id)
        verification = self.chain._verify(batch_size=2)
        self.assertEqual((verification.state, verification.broken_sequence), ("broken", 3))

    def test_sql_update_is_found_and_named(self):
        """Tampering in SQL: an altered entry is named as the first broken link."""
        self.sql("UPDATE noproof_ledger_entry SET purpose = 'Something else' WHERE id = %s", self.entries[1].id)
        verification = self.chain._verify()
        self.assertRecordValues(verification, [{"state": "broken", "broken_kind": "altered", "broken_sequence": 2}])
        self.assertIn("Entry #2 was altered", verification.message)

    def test_forged_hash_breaks_the_link_to_the_next_entry(self):
        """A forger who alters an entry and re-computes its hash still breaks the next link."""
        entry = self.entries[1]
        self.sql("UPDATE noproof_ledger_entry SET purpose = 'Something else' WHERE id = %s", entry.id)
        columns = ", ".join(
            {"date": "to_char(date, 'YYYY-MM-DD HH24:MI:SS')", "res_id": "NULLIF(res_id, 0)"}.get(name, name)
            for name in HASHED_FIELDS
        )
        self.env.cr.execute(f"SELECT {columns} FROM noproof_ledger_entry WHERE id = %s", [entry.id])
        forged = entry_hash(self.env.cr.fetchone(), [], entry.prev_hash)
        self.sql("UPDATE noproof_ledger_entry SET entry_hash = %s WHERE id = %s", forged, entry.id)
        verification = self.chain._verify()
        self.assertEqual((verification.broken_kind, verification.broken_sequence), ("link", 3))
        self.assertIn("Entry #3 does not follow entry #2", verification.message)

    def test_sql_delete_is_found_as_missing_link(self):
        """Tampering in SQL: a deleted entry is named as the missing link."""
        self.sql("DELETE FROM noproof_ledger_entry WHERE id = %s", self.entries[2].id)
        verification = self.chain._verify()
        self.assertRecordValues(verification, [{"state": "broken", "broken_kind": "missing", "broken_sequence": 3}])
        self.assertIn("Entry #3 is missing", verification.message)

    def test_deleted_last_entry_is_found(self):
        self.sql("DELETE FROM noproof_ledger_entry WHERE id = %s", self.entries[-1].id)
        verification = self.chain._verify()
        self.assertEqual((verification.broken_kind, verification.broken_sequence), ("missing", 5))

    def test_deleted_tail_with_rewritten_head_is_found_from_the_last_verification(self):
        self.assertEqual(self.chain._verify().state, "valid")
        self.sql("DELETE FROM noproof_ledger_entry WHERE id IN %s", tuple(self.entries[3:].ids))
        self.sql(
            "UPDATE noproof_ledger_chain SET last_sequence = 3, last_hash = %s WHERE id = %s",
            self.entries[2].entry_hash,
            self.chain.id,
        )
        verification = self.chain._verify()
        self.assertEqual(
            (verification.state, verification.broken_kind, verification.broken_sequence), ("broken", "missing", 4)
        )

    def test_altered_or_removed_attachment_is_found(self):
        entry = self.Entry.record(
            "query_authorization", organization=self.civil, applicant=self.applicant, attachments=[LETTER]
        )
        self.assertEqual(self.chain._verify().state, "valid")
        self.sql(
            "UPDATE ir_attachment SET checksum = %s WHERE res_model = 'noproof.ledger.entry' AND res_id = %s",
            "0" * 40,
            entry.id,
        )
        self.assertEqual(self.chain._verify().broken_sequence, entry.sequence)
        self.sql("DELETE FROM ir_attachment WHERE res_model = 'noproof.ledger.entry' AND res_id = %s", entry.id)
        self.assertEqual(self.chain._verify().broken_kind, "altered")

    def test_break_raises_an_activity_for_the_office_once_and_a_banner(self):
        """A break found tells the level's office (its head) once, and shows on the ledger."""
        self.sql("UPDATE noproof_ledger_entry SET contact = 'x' WHERE id = %s", self.entries[0].id)
        self.env["noproof.ledger.chain"]._cron_verify_chains()
        self.assertEqual(self.chain.state, "broken")
        activity = self.chain.activity_ids
        self.assertEqual((len(activity), activity.user_id), (1, self.office))
        self.assertEqual(activity.activity_type_id, self.env.ref("noproof_ledger.mail_activity_chain_broken"))
        self.assertIn("Entry #1 was altered", activity.note)
        # The nightly run is idempotent; a manual re-check of the same break does not pile up activities.
        self.assertEqual(self.env["noproof.ledger.chain"]._cron_verify_chains(), 0)
        self.chain.action_verify()
        self.assertEqual(len(self.chain.activity_ids), 1)
        for user in (self.office, self.clerk):
            banner = self.env["noproof.ledger.chain"].with_user(user).get_banner()
            self.assertEqual([line["chain_id"] for line in banner], self.chain.ids, user.login)
            self.assertIn("Entry #1 was altered", banner[0]["message"])
        self.assertFalse(self.env["noproof.ledger.chain"].with_user(self.other_clerk).get_banner())
        self.assertIn(self.chain, self.env["noproof.ledger.chain"].search([("state", "=", "broken")]))

    def test_office_without_head_tells_its_staff(self):
        self.office_org.head_id = False
        self.office_org.user_ids |= self.manager
        self.sql("DELETE FROM noproof_ledger_entry WHERE id = %s", self.entries[1].id)
        self.chain.action_verify()
        self.assertEqual(self.chain.activity_ids.user_id, self.office | self.manager)

    def test_nightly_run_verifies_each_chain_not_verified_recently(self):
        Chain = self.env["noproof.ledger.chain"]
        county_chain = self.chain_of(self.outbound(organization=self.county_civil).company_id)
        self.assertGreaterEqual(Chain._cron_verify_chains(), 2)
        self.assertEqual(county_chain.verification_ids.trigger, "cron")
        self.assertEqual(Chain._cron_verify_chains(), 0, "a rerun the same night has nothing left to do")
        self.sql(
            "UPDATE noproof_ledger_verification SET date = date - interval '1 day' WHERE chain_id = %s", county_chain.id
        )
        self.assertEqual(Chain._cron_verify_chains(), 1)
        self.assertEqual(len(county_chain.verification_ids), 2)
