from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LETTER, NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestImmutability(NoproofLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entry = (
            cls.Entry.with_user(cls.clerk)
            .record(
                "query_authorization",
                organization=cls.civil,
                applicant=cls.applicant,
                counterparty="ICBC",
                attachments=[LETTER],
            )
            .sudo()
        )
        cls.snapshot = cls.entry.read(["reason", "counterparty", "entry_hash", "sequence"])[0]

    def assertUnchanged(self):
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.read(["reason", "counterparty", "entry_hash", "sequence"])[0], self.snapshot)
        self.assertTrue(self.entry.exists())

    def test_no_group_may_write_or_delete(self):
        """Taizhou art. 12 ¶2, art. 15 ¶2: records kept for inspection; nobody changes them."""
        for user in (self.clerk, self.verifier, self.office, self.manager):
            entry = self.entry.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    entry.write({"counterparty": "Another bank"})
                with self.assertRaises(UserError):
                    entry.unlink()
                with self.assertRaises(UserError):
                    entry.copy()
        self.assertUnchanged()

    def test_superuser_is_refused_through_the_orm(self):
        for env in (self.env, self.env(su=True), self.env(user=self.env.ref("base.user_admin"))):
            entry = self.entry.with_env(env)
            with self.subTest(uid=env.uid, su=env.su):
                with self.assertRaisesRegex(UserError, "can never be changed.*record a correction"):
                    entry.write({"reason": "Rewritten"})
                with self.assertRaisesRegex(UserError, "can never be deleted"):
                    entry.unlink()
        for env in (self.env, self.env(su=True)):
            entry = self.entry.with_env(env)
            with self.subTest(uid=env.uid, su=env.su):
                with self.assertRaisesRegex(UserError, "cannot be created or duplicated directly"):
                    entry.copy()
                with self.assertRaisesRegex(UserError, "cannot be created or duplicated directly"):
                    self.Entry.with_env(env).create({"entry_type": "correction", "company_id": self.city.id})
        self.assertUnchanged()

    def test_attached_files_are_frozen_with_the_entry(self):
        attachment = self.entry.attachment_ids.sudo()
        with self.assertRaisesRegex(UserError, "neither changed nor deleted"):
            attachment.unlink()
        with self.assertRaisesRegex(UserError, "neither changed nor deleted"):
            attachment.write({"raw": b"another letter"})
        with self.assertRaisesRegex(UserError, "neither changed nor deleted"):
            attachment.write({"name": "renamed.pdf"})
        with self.assertRaises(UserError):
            attachment.with_user(self.clerk).unlink()
        # Re-storing the same content (filestore migration) and share tokens are harmless.
        attachment.write({"raw": LETTER[1]})
        attachment.generate_access_token()
        self.assertEqual((attachment.name, attachment.raw), LETTER)
        self.assertEqual(
            self.env["noproof.ledger.chain"].search([("company_id", "=", self.city.id)])._verify().state, "valid"
        )
