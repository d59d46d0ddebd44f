from contextlib import contextmanager

from odoo import Command
from odoo.addons.noproof_catalog.tests.common import NoproofCatalogCase
from odoo.tests import new_test_user

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
