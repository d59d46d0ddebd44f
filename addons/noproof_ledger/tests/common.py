from contextlib import contextmanager

from odoo import Command
from odoo.addons.noproof_catalog.tests.common import NoproofCatalogCase
from odoo.tests import new_test_user

from ..models.noproof_ledger_entry import EXTENSION_FIELDS, HASHED_FIELDS, entry_hash, hash_extension

APPEND_ONLY_TABLES = (
    "noproof_ledger_entry",
    "noproof_access_log",
    "noproof_ledger_verification",
    "noproof_ledger_anchor",
)


@contextmanager
def triggers_disabled(cr, tables=APPEND_ONLY_TABLES):
    """What a hostile database owner can do: switch off the append-only triggers (inside the
    current transaction), so that tests can check that tampering is still found."""
    for table in tables:
        cr.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
    try:
        yield
    finally:
        for table in tables:
            cr.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def rewrite_chain(cr, company_id, sequence, **changes):
    """What a hostile database owner does to hide a change to entry #``sequence`` of a level's ledger:
    alter it (``changes``: column = value) with the triggers off, then re-compute the hash of it and of
    every later entry, and the chain's head, so that the level's own check finds the chain intact.
    ``cr`` may be a cursor on another instance's database. Return the new head hash."""
    canonical = {"date": "to_char(date, 'YYYY-MM-DD HH24:MI:SS')", "res_id": "NULLIF(res_id, 0)"}
    columns = ", ".join(canonical.get(name, name) for name in (*HASHED_FIELDS, *EXTENSION_FIELDS))
    with triggers_disabled(cr, ("noproof_ledger_entry",)):
        if changes:
            assignments = ", ".join(f"{name} = %s" for name in changes)
            cr.execute(
                f"UPDATE noproof_ledger_entry SET {assignments} WHERE company_id = %s AND sequence = %s",  # noqa: S608
                [*changes.values(), company_id, sequence],
            )
        cr.execute(
            f"""SELECT id, prev_hash, {columns} FROM noproof_ledger_entry
                 WHERE company_id = %s AND sequence >= %s ORDER BY sequence""",  # noqa: S608
            [company_id, sequence],
        )
        rows = cr.fetchall()
        prev_hash = rows[0][1]
        hashed_end = 2 + len(HASHED_FIELDS)
        for row in rows:
            cr.execute(
                "SELECT name, checksum FROM ir_attachment WHERE res_model = 'noproof.ledger.entry' AND res_id = %s",
                [row[0]],
            )
            files = sorted([name, checksum] for name, checksum in cr.fetchall())
            new_hash = entry_hash(row[2:hashed_end], files, prev_hash, hash_extension(row[hashed_end:]))
            cr.execute(
                "UPDATE noproof_ledger_entry SET prev_hash = %s, entry_hash = %s WHERE id = %s",
                [prev_hash, new_hash, row[0]],
            )
            prev_hash = new_hash
    cr.execute("UPDATE noproof_ledger_chain SET last_hash = %s WHERE company_id = %s", [prev_hash, company_id])
    return prev_hash


RESIDENT_ID = "11010519491231002X"
LETTER = ("authorization-letter.pdf", b"%PDF-1.4 letter of authorization signed by the applicant")


class NoproofLedgerCase(NoproofCatalogCase):
    """The catalog's city, county and users, an applicant, and a county clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["noproof.ledger.entry"]
        cls.applicant = cls.env["res.partner"].create(
            {
                "name": "张伟",
                "noproof_id_type": "resident_id",
                "noproof_id_number": RESIDENT_ID,
                "mobile": "13800000001",
                "company_id": cls.city.id,
            }
        )
        cls.office_org.write({"user_ids": [Command.set(cls.office.ids)], "head_id": cls.office.id})
        cls.county_clerk = new_test_user(
            cls.env,
            login="t_county_clerk",
            groups="noproof_catalog.group_clerk",
            company_id=cls.county.id,
            company_ids=[Command.set(cls.county.ids)],
        )
        cls.county_civil.user_ids = cls.county_clerk
        cls.other_clerk = new_test_user(
            cls.env,
            login="t_other_clerk",
            groups="noproof_catalog.group_clerk",
            company_id=cls.other_city.id,
            company_ids=[Command.set(cls.other_city.ids)],
        )
        cls.other_org.user_ids = cls.other_clerk

    def outbound(self, user=None, organization=None, **values):
        """A valid outbound certificate entry (Luzhou art. 16)."""
        Entry = self.Entry.with_user(user) if user else self.Entry
        kwargs = {
            "organization": organization or self.civil,
            "applicant": self.applicant,
            "certificate": self.cert_kinship,
            "contact": "13800000001",
            "purpose": "Inheritance notarization in another city",
            "requesting_unit": "Chongqing Notary Office",
        }
        kwargs.update(values)
        return Entry.record("outbound_certificate", **kwargs)

    def chain_of(self, company):
        return self.env["noproof.ledger.chain"].search([("company_id", "=", company.id)])

    def counts(self):
        """What record() writes: entries, attachments of entries, chain heads."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT (SELECT count(*) FROM noproof_ledger_entry),
                      (SELECT count(*) FROM ir_attachment WHERE res_model = 'noproof.ledger.entry'),
                      (SELECT coalesce(sum(last_sequence), 0) FROM noproof_ledger_chain)"""
        )
        return self.env.cr.fetchone()
