import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged

from .common import triggers_disabled


@tagged("post_install", "-at_install")
class TestConcurrentAppends(TransactionCase):
    """Two real transactions (their own cursors, committed) append to the same level's chain."""

    def setUp(self):
        super().setUp()
        self.company_id = self.env.ref("base.main_company").id
        with self.registry.cursor() as cr:
            self.assertNotIsInstance(cr, sql_db.TestCursor, "the test needs independent database transactions")
            cr.execute(
                "SELECT id, last_sequence, last_hash FROM noproof_ledger_chain WHERE company_id = %s", [self.company_id]
            )
            self.head_before = cr.fetchone()
            cr.execute("SELECT coalesce(max(id), 0) FROM noproof_ledger_verification")
            self.last_verification_id = cr.fetchone()[0]
        self.addCleanup(self.restore)

    def restore(self):
        """Remove what the test committed and put the chain head back."""
        with self.registry.cursor() as cr, triggers_disabled(cr):
            cr.execute("DELETE FROM noproof_ledger_verification WHERE id > %s", [self.last_verification_id])
            if self.head_before:
                chain_id, sequence, last_hash = self.head_before
                cr.execute(
                    "DELETE FROM noproof_ledger_entry WHERE company_id = %s AND sequence > %s",
                    [self.company_id, sequence],
                )
                cr.execute(
                    "UPDATE noproof_ledger_chain SET last_sequence = %s, last_hash = %s WHERE id = %s",
                    [sequence, last_hash, chain_id],
                )
            else:
                cr.execute("DELETE FROM noproof_ledger_entry WHERE company_id = %s", [self.company_id])
                cr.execute("DELETE FROM noproof_ledger_chain WHERE company_id = %s", [self.company_id])

    def append(self, env, name):
        return env["noproof.ledger.entry"].record(
            "voluntary_provision",
            company=env["res.company"].browse(self.company_id),
            applicant_name=name,
            certificate_name="Household register copy",
        )

    def test_concurrent_appends_neither_fork_nor_lose_an_entry(self):
        """Two transactions append at the same time: the second waits for the first's lock on the level's
        chain; when the first commits, the second fails with a serialization error instead of forking,
        and its retry (what Odoo does for every request) links it after the first."""
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1, env2 = api.Environment(cr1, SUPERUSER_ID, {}), api.Environment(cr2, SUPERUSER_ID, {})
        # Both transactions take their snapshot before either appends.
        cr1.execute("SELECT 1")
        cr2.execute("SELECT 1")
        first = self.append(env1, "First applicant")
        outcome = {}

        def second():
            try:
                try:
                    self.append(env2, "Second applicant")
                except SerializationFailure as error:
                    outcome["first_attempt"] = error
                    cr2.rollback()
                    env2.invalidate_all()
                outcome["entry_id"] = self.append(env2, "Second applicant").id
                cr2.commit()
            except Exception as error:  # noqa: BLE001 - reported to the main thread
                outcome["error"] = error
                cr2.rollback()

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=2)
        self.assertTrue(thread.is_alive(), "the second append must wait while the first holds the level's lock")
        cr1.commit()
        thread.join(timeout=60)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", outcome, outcome.get("error"))
        self.assertIsInstance(outcome.get("first_attempt"), SerializationFailure)

        with self.registry.cursor() as cr:
            start = self.head_before[1] if self.head_before else 0
            cr.execute(
                """SELECT id, sequence, prev_hash, entry_hash, applicant_name FROM noproof_ledger_entry
                    WHERE company_id = %s AND sequence > %s ORDER BY sequence""",
                [self.company_id, start],
            )
            rows = cr.fetchall()
            self.assertEqual(
                [(row[0], row[1], row[4]) for row in rows],
                [(first.id, start + 1, "First applicant"), (outcome["entry_id"], start + 2, "Second applicant")],
            )
            self.assertEqual(rows[1][2], rows[0][3], "the second entry links to the first")
            env = api.Environment(cr, SUPERUSER_ID, {})
            chain = env["noproof.ledger.chain"].search([("company_id", "=", self.company_id)])
            self.assertEqual((chain.last_sequence, chain.last_hash), (start + 2, rows[1][3]))
            self.assertEqual(chain._verify().state, "valid")
            cr.rollback()
