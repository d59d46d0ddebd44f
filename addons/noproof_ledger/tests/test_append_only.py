import psycopg2.errors

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import APPEND_ONLY_TABLES, LETTER, NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestAppendOnlyTables(NoproofLedgerCase):
    """Issue 11 ¶6: the ledger survives a hostile administrator better."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entry = cls.Entry.with_user(cls.clerk).record(
            "query_authorization", organization=cls.civil, applicant=cls.applicant, attachments=[LETTER]
        )
        cls.applicant.with_user(cls.clerk)._noproof_id_number_revealed({}, "read")
        cls.chain = cls.env["noproof.ledger.chain"].search([("company_id", "=", cls.city.id)])
        cls.chain._verify()
        cls.env["noproof.ledger.anchor"]._publish()

    def assertRefusedBySql(self, query, params=()):
        self.env.flush_all()
        with (
            self.assertRaises(psycopg2.errors.RestrictViolation) as caught,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(query, params)
        self.assertIn("kept for inspection", str(caught.exception))

    def test_sql_inside_odoo_cannot_update_delete_or_truncate(self):
        """Threat T-L9 (hostile administrator, SQL run inside Odoo: a server action, the shell): UPDATE,
        DELETE and TRUNCATE of ledger entries, access logs, chain verifications and published heads
        are refused by PostgreSQL triggers, not only by the ORM."""
        self.assertEqual(len(APPEND_ONLY_TABLES), 4)
        for table in APPEND_ONLY_TABLES:
            with self.subTest(table=table):
                self.env.cr.execute(f"SELECT max(id) FROM {table}")  # noqa: S608 (constant names)
                row_id = self.env.cr.fetchone()[0]
                self.assertTrue(row_id, f"{table} has a row to tamper with")
                self.assertRefusedBySql(f"UPDATE {table} SET create_date = create_date WHERE id = %s", [row_id])  # noqa: S608
                self.assertRefusedBySql(f"DELETE FROM {table} WHERE id = %s", [row_id])  # noqa: S608
                self.assertRefusedBySql(f"TRUNCATE {table} CASCADE")
        self.assertEqual(self.chain._verify().state, "valid")

    def test_the_ledger_itself_never_updates_its_rows(self):
        """Recording, verifying, logging and publishing only insert: every path of the add-on runs
        with the triggers on (a hash written after the insert would be refused)."""
        self.Entry.with_user(self.county_clerk).record(
            "voluntary_provision",
            organization=self.county_civil,
            applicant=self.applicant,
            certificate=self.cert_kinship,
        )
        self.env["noproof.ledger.chain"]._cron_verify_chains()
        self.env["noproof.ledger.anchor"]._cron_publish()
        self.env.flush_all()

    def test_deleting_what_the_ledger_refers_to_is_refused_clearly(self):
        """Deleting an applicant or a user named in the ledger would blank the reference (an UPDATE):
        it is refused with a message saying what to do."""
        with self.assertRaisesRegex(UserError, "Archive the contact instead"):
            self.applicant.unlink()
        with (
            self.assertRaises(psycopg2.errors.IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.clerk.unlink()
            self.env.flush_all()
        self.assertTrue(self.applicant.exists() and self.clerk.exists())

    def test_merging_an_applicant_of_the_ledger_is_refused(self):
        """Issue 11 ¶2: contact merge of an applicant who has ledger entries is refused, nothing merged."""
        other = self.env["res.partner"].create({"name": "张伟 (duplicate)"})
        wizard = self.env["base.partner.merge.automatic.wizard"].create(
            {"partner_ids": [(6, 0, (self.applicant | other).ids)], "dst_partner_id": other.id}
        )
        with self.assertRaisesRegex(UserError, "cannot be merged"):
            wizard.action_merge()
        self.assertTrue(self.applicant.exists())
        self.assertEqual(self.entry.applicant_id, self.applicant)


@tagged("post_install", "-at_install")
class TestChainVerificationLevel(NoproofLedgerCase):
    def test_only_users_of_the_level_verify_its_chain(self):
        """Threat T-L4 (probing another city's ledger): a clerk of another city can neither see nor
        verify this city's chain; its own staff can."""
        self.outbound()
        chain = self.chain_of(self.city)
        with self.assertRaisesRegex(AccessError, "your own level only"):
            chain.with_user(self.other_clerk).action_verify()
        self.assertFalse(chain.verification_ids)
        chain.with_user(self.clerk).action_verify()
        chain.with_user(self.office).action_verify()
        self.assertEqual(chain.verification_ids.user_id, self.clerk | self.office)
        self.assertEqual(chain.verification_ids.company_id, self.city)
