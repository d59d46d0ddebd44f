from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import NoproofCatalogCase


@tagged("post_install", "-at_install")
class TestOrganization(NoproofCatalogCase):
    def test_staff_must_belong_to_the_level(self):
        """A user cannot act for an organization of a level they have no access to."""
        with self.assertRaisesRegex(ValidationError, "cannot act for"):
            self.other_org.user_ids = self.clerk
        with self.assertRaisesRegex(ValidationError, "cannot act for"):
            self.other_org.head_id = self.clerk
        self.assertFalse(self.other_org.user_ids)
        self.assertEqual(self.clerk.noproof_organization_ids, self.civil)

    def test_verifiers_are_staff(self):
        """Taizhou art. 11 ¶2: the assisting department designates staff to answer."""
        with self.assertRaisesRegex(ValidationError, "must be staff"):
            self.civil.verifier_ids = self.office
        self.civil.user_ids = [Command.link(self.office.id)]
        self.civil.verifier_ids = self.office
        self.assertIn(self.office, self.civil.verifier_ids)

    def test_supervising_authority(self):
        """Taizhou art. 21, Luzhou art. 24: public-service enterprises are supervised by their industry authority."""
        water = self.env["noproof.organization"].create(
            {
                "name": "Water Company",
                "company_id": self.city.id,
                "kind": "water",
                "supervising_authority_id": self.civil.id,
            }
        )
        self.assertTrue(water.is_public_service)
        self.assertEqual(self.civil.supervised_ids, water)
        with self.assertRaisesRegex(ValidationError, "cannot supervise itself"):
            self.civil.supervising_authority_id = water

    def test_county_level(self):
        self.assertEqual(self.county.noproof_level, "county")
        self.assertEqual(self.city.noproof_level, "city")
        self.assertEqual(self.city.noproof_office_id, self.office_org)


@tagged("post_install", "-at_install")
class TestLevelSettings(NoproofCatalogCase):
    def test_county_follows_its_city_unless_it_sets_its_own(self):
        """Each level runs its own statute (Taizhou and Luzhou differ by configuration, never by code): a
        county follows its city's statute until it sets one of its own."""
        self.city.noproof_statute = "luzhou"
        self.assertEqual(self.county.noproof_statute_effective, "luzhou")
        self.assertEqual(self.county._noproof_setting_source("noproof_statute"), self.city)
        self.county.noproof_statute = "own"
        self.assertEqual(self.county.noproof_statute_effective, "own")
        self.assertEqual(self.city.noproof_statute_effective, "luzhou")
        self.assertFalse(self.other_city._noproof_setting("noproof_statute"))
        self.assertFalse(self.other_city._noproof_setting("noproof_office_id"))
