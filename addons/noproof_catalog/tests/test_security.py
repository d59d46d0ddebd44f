from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NoproofCatalogCase


@tagged("post_install", "-at_install")
class TestCatalogSecurity(NoproofCatalogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.make_rule()
        cls.rule.action_activate()
        cls.county_rule = cls.make_rule(item=cls.county_item)
        cls.county_rule.action_activate()
        cls.city_list = cls.env["noproof.cancellation.list"].create({"name": "City", "company_id": cls.city.id})
        cls.county_list = cls.env["noproof.cancellation.list"].create({"name": "County", "company_id": cls.county.id})
        cls.items = cls.item | cls.county_item | cls.other_item

    def visible_items(self, user):
        return self.env["noproof.service.item"].with_user(user).search([("id", "in", self.items.ids)])

    def test_clerk_reads_own_level_only(self):
        """A clerk sees the catalog of their level, not other levels'."""
        self.assertEqual(self.visible_items(self.clerk), self.item)
        self.assertEqual(self.env["noproof.cancellation.list"].with_user(self.clerk).search([]), self.city_list)
        with self.assertRaises(AccessError):
            self.other_item.with_user(self.clerk).read(["name"])

    def test_clerk_and_verifier_cannot_change_the_catalog(self):
        for user in (self.clerk, self.verifier):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.item.with_user(user).write({"name": "Changed"})
                with self.assertRaises(AccessError):
                    self.make_rule_as(user)
                with self.assertRaises(AccessError):
                    self.env["noproof.cancellation.list"].with_user(user).create({"name": "Mine"})
                with self.assertRaises(AccessError):
                    self.env["noproof.organization"].with_user(user).create({"name": "Mine"})
        self.assertEqual(self.item.name, "Minimum Living Allowance")

    def make_rule_as(self, user):
        return (
            self.env["noproof.certificate.rule"]
            .with_user(user)
            .create(
                {
                    "item_id": self.item.id,
                    "certificate_id": self.cert_income.id,
                    "disposition": "cancelled",
                }
            )
        )

    def test_clerk_sees_items_of_the_organizations_they_act_for(self):
        """A user sees the records of the organizations they act for, at any level they may work in."""
        self.clerk.company_ids |= self.county
        self.county_civil.user_ids = self.clerk
        # Working in the city only, the clerk still sees the county organization's items.
        self.assertEqual(
            self.visible_items(self.clerk.with_context(allowed_company_ids=self.city.ids)), self.item | self.county_item
        )

    def test_office_reads_its_counties_but_does_not_edit_them(self):
        """Taizhou art. 6 ¶2: the city office oversees its counties' lists."""
        self.assertEqual(self.visible_items(self.office), self.item | self.county_item)
        self.assertIn(self.county_list, self.env["noproof.cancellation.list"].with_user(self.office).search([]))
        with self.assertRaises(AccessError):
            self.county_item.with_user(self.office).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.county_list.with_user(self.office).action_publish()
        self.assertEqual(self.county_list.state, "draft")

    def test_office_publishes_its_own_list(self):
        self.city_list.with_user(self.office).action_publish()
        self.assertEqual(self.city_list.state, "published")
        with self.assertRaises(AccessError):
            self.item.with_user(self.office).write({"name": "Changed"})

    def test_manager_builds_the_catalog_of_their_level(self):
        Item = self.env["noproof.service.item"].with_user(self.manager)
        item = Item.create({"name": "New Item", "organization_id": self.civil.id})
        self.assertEqual(item.company_id, self.city)
        rule = (
            self.env["noproof.certificate.rule"]
            .with_user(self.manager)
            .create(
                {
                    "item_id": item.id,
                    "certificate_id": self.cert_kinship.id,
                    "disposition": "commitment",
                    "legal_basis_id": self.law.id,
                    "alternative_method": "Signed commitment",
                }
            )
        )
        rule.action_activate()
        self.assertEqual(rule.state, "active")
        self.assertNotIn(self.other_item, self.visible_items(self.manager))
        with self.assertRaises(AccessError):
            self.other_item.with_user(self.manager).write({"name": "Changed"})

    def test_county_manager_does_not_see_the_city(self):
        self.assertEqual(self.visible_items(self.county_manager), self.county_item)
        with self.assertRaises(AccessError):
            self.city_list.with_user(self.county_manager).read(["name"])

    def test_identity_number_is_masked_for_others(self):
        """Taizhou art. 16, Luzhou art. 18: personal data serves only those who need it. Users without the
        identity group cannot read the field; clerks, verifiers and the office read it masked until a case
        of theirs needs it (the verification add-on supplies that purpose)."""
        partner = (
            self.env["res.partner"]
            .with_company(self.city)
            .create({"name": "Applicant", "noproof_id_type": "resident_id", "noproof_id_number": "11010519491231002X"})
        )
        self.assertEqual(partner.company_id, self.city, "an applicant belongs to the level that registers it")
        plain_user = new_test_user(self.env, login="t_plain", groups="base.group_user", company_id=self.city.id)
        as_plain = partner.with_user(plain_user)
        self.assertEqual(as_plain.noproof_id_number_masked, "110***********002X")
        with self.assertRaises(AccessError):
            as_plain.read(["noproof_id_number"])
        for user in (self.clerk, self.verifier, self.office):
            with self.subTest(user=user.login):
                [values] = partner.with_user(user).read(["noproof_id_number"])
                self.assertEqual(values["noproof_id_number"], "110***********002X")
        other_clerk = new_test_user(
            self.env, login="t_other_clerk", groups="noproof_catalog.group_clerk", company_id=self.other_city.id
        )
        with self.assertRaises(AccessError):
            partner.with_user(other_clerk).read(["name"])
