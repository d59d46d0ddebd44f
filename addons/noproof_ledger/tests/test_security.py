from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestLedgerSecurity(NoproofLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.civil_entry = cls.Entry.record(
            "voluntary_provision", organization=cls.civil, applicant=cls.applicant, certificate=cls.cert_household
        )
        cls.police_entry = cls.Entry.record(
            "data_query", organization=cls.police, applicant=cls.applicant, counterparty="Shared data platform"
        )
        cls.county_entry = cls.Entry.record(
            "voluntary_provision",
            organization=cls.county_civil,
            applicant=cls.applicant,
            certificate=cls.cert_household,
        )
        cls.other_entry = cls.Entry.record(
            "voluntary_provision", organization=cls.other_org, applicant=cls.applicant, certificate=cls.cert_household
        )
        cls.city_only_entry = cls.Entry.with_company(cls.city).record(
            "information_use", company=cls.city, applicant=cls.applicant, purpose="Statistics for the office"
        )
        cls.all_entries = cls.civil_entry | cls.police_entry | cls.county_entry | cls.other_entry | cls.city_only_entry
        cls.county_office = new_test_user(
            cls.env,
            login="t_county_office",
            groups="noproof_catalog.group_office",
            company_id=cls.county.id,
            company_ids=[Command.set(cls.county.ids)],
        )

    def visible(self, user):
        return self.Entry.with_user(user).search([("id", "in", self.all_entries.ids)])

    def test_clerks_and_verifiers_read_the_entries_of_the_organizations_they_act_for(self):
        self.assertEqual(self.visible(self.clerk), self.civil_entry)
        self.assertEqual(self.visible(self.verifier), self.police_entry)
        self.assertEqual(self.visible(self.county_clerk), self.county_entry)
        with self.assertRaises(AccessError):
            self.police_entry.with_user(self.clerk).read(["reason"])
        # …and the entries they recorded themselves, even for no organization.
        own = self.Entry.with_user(self.clerk).record("information_use", applicant=self.applicant, purpose="Review")
        self.assertIn(own, self.Entry.with_user(self.clerk).search([]))

    def test_office_reads_its_level_and_counties_not_other_cities(self):
        """Taizhou art. 4, Luzhou art. 6: the office oversees its level and its counties."""
        self.assertEqual(
            self.visible(self.office), self.civil_entry | self.police_entry | self.county_entry | self.city_only_entry
        )
        self.assertEqual(self.visible(self.manager), self.visible(self.office))
        self.assertEqual(self.visible(self.county_office), self.county_entry)
        self.assertEqual(self.visible(self.other_clerk), self.other_entry)

    def test_no_group_writes_creates_or_deletes(self):
        for user in (self.clerk, self.verifier, self.office, self.manager):
            with self.subTest(user=user.login):
                Entry = self.Entry.with_user(user)
                self.assertFalse(Entry.has_access("create"))
                self.assertFalse(self.civil_entry.with_user(user).has_access("write"))
                self.assertFalse(self.civil_entry.with_user(user).has_access("unlink"))
                with self.assertRaises(UserError):
                    Entry.create({"entry_type": "correction", "company_id": self.city.id, "sequence": 99})

    def test_chains_are_visible_per_level(self):
        Chain = self.env["noproof.ledger.chain"]
        city_chain, county_chain = self.chain_of(self.city), self.chain_of(self.county)
        self.assertEqual(
            Chain.with_user(self.clerk).search([("id", "in", (city_chain | county_chain).ids)]), city_chain
        )
        self.assertEqual(
            Chain.with_user(self.office).search([("id", "in", (city_chain | county_chain).ids)]),
            city_chain | county_chain,
        )
        with self.assertRaises(AccessError):
            county_chain.with_user(self.clerk).read(["last_hash"])
        # Refused by the workflow guard (a UserError) before the missing write right (an AccessError).
        head = city_chain.last_sequence
        with self.assertRaises(UserError):
            city_chain.with_user(self.office).write({"last_sequence": 0})
        self.assertEqual(city_chain.last_sequence, head)

    def test_wizard_records_only_for_organizations_the_user_acts_for(self):
        self.city.noproof_statute = "luzhou"
        Wizard = self.env["noproof.ledger.record.wizard"]
        wizard = Wizard.with_user(self.clerk).create(
            {
                "entry_type": "outbound_certificate",
                "organization_id": self.civil.id,
                "applicant_id": self.applicant.id,
                "certificate_id": self.cert_kinship.id,
                "purpose": "Study abroad",
                "requesting_unit": "University",
            }
        )
        self.assertEqual(
            (wizard.applicant_name, wizard.contact, wizard.certificate_name),
            ("张伟", "13800000001", "Kinship Certificate"),
        )
        self.assertEqual(wizard.article, "Luzhou art. 16")
        action = wizard.action_record()
        entry = self.Entry.with_user(self.clerk).browse(action["res_id"])
        self.assertEqual(
            (entry.entry_type, entry.requesting_unit, entry.user_id), ("outbound_certificate", "University", self.clerk)
        )
        foreign = Wizard.with_user(self.clerk).create(
            {
                "entry_type": "voluntary_provision",
                "organization_id": self.police.id,
                "applicant_name": "X",
                "certificate_name": "Y",
            }
        )
        self.assertNotIn(self.police, foreign.allowed_organization_ids)
        with self.assertRaisesRegex(UserError, "You do not act for City Police"):
            foreign.action_record()
        # The office records for any organization of its levels.
        office_wizard = Wizard.with_user(self.office).create(
            {
                "entry_type": "voluntary_provision",
                "organization_id": self.county_civil.id,
                "applicant_name": "X",
                "certificate_name": "Y",
            }
        )
        self.assertEqual(self.Entry.browse(office_wizard.action_record()["res_id"]).company_id, self.county)

    def test_correction_wizard_starts_from_the_corrected_entry(self):
        action = self.civil_entry.with_user(self.clerk).action_correct()
        wizard = (
            self.env["noproof.ledger.record.wizard"]
            .with_user(self.clerk)
            .with_context(action["context"])
            .create({"reason": "Wrong certificate", "certificate_id": self.cert_kinship.id})
        )
        entry = self.Entry.browse(wizard.action_record()["res_id"])
        self.assertEqual(
            (entry.corrects_id, entry.entry_type, entry.certificate_name),
            (self.civil_entry, "voluntary_provision", "Kinship Certificate"),
        )
        self.assertTrue(self.civil_entry.is_corrected)
