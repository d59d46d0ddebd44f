from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.noproof_ledger_entry import GENESIS_HASH
from .common import LETTER, NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestRecordMany(NoproofLedgerCase):
    def entry(self, organization, contact):
        return {
            "entry_type": "outbound_certificate",
            "organization": organization,
            "applicant": self.applicant,
            "certificate": self.cert_kinship,
            "contact": contact,
            "purpose": "Inheritance notarization in another city",
            "requesting_unit": "Chongqing Notary Office",
            "attachments": [LETTER],
        }

    def test_entries_recorded_together_form_the_same_chain(self):
        """Taizhou art. 11, Luzhou art. 11, Luzhou art. 16: entries appended together (the messages of an exchange
        batch) are chained per level exactly as record() chains them one by one, and each level's chain still
        verifies."""
        first = self.outbound()
        entries = self.Entry._record_many(
            [
                self.entry(self.civil, "13800000002"),
                self.entry(self.county_civil, "13800000003"),
                self.entry(self.civil, "13800000004"),
            ]
        )
        last = self.outbound()
        city = entries.filtered(lambda entry: entry.company_id == self.city)
        self.assertEqual((first | city | last).mapped("sequence"), [1, 2, 3, 4])
        self.assertEqual(entries.mapped("contact"), ["13800000002", "13800000003", "13800000004"], "in order")
        for previous, entry in zip(first | city, city | last, strict=True):
            self.assertEqual(entry.prev_hash, previous.entry_hash)
        county = entries - city
        self.assertEqual((county.sequence, county.prev_hash), (1, GENESIS_HASH))
        self.assertEqual(len(entries.attachment_ids), 3)
        for chain in (self.chain_of(self.city), self.chain_of(self.county)):
            self.assertEqual(chain._verify().state, "valid")

    def test_one_refused_entry_records_none(self):
        """Each entry is checked as record() checks it: one missing what its article asks for, nothing written."""
        before = self.counts()
        incomplete = dict(self.entry(self.civil, "13800000005"), purpose=None, requesting_unit=None)
        with self.assertRaises(ValidationError):
            self.Entry._record_many([self.entry(self.civil, "13800000006"), incomplete])
        self.assertEqual(self.counts(), before)
