from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCatalogTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.manager = new_test_user(
            cls.env,
            login="tour_manager",
            groups="noproof_catalog.group_manager,base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="en_US",
        )
        org = cls.env["noproof.organization"].create({"name": "Tour Civil Affairs", "company_id": cls.company.id})
        cls.env["noproof.legal.basis"].create(
            {
                "name": "Tour Assistance Regulation",
                "level": "administrative_regulation",
                "date_effective": "2014-05-01",
            }
        )
        Cert = cls.env["noproof.certificate"]
        Cert.create([{"name": "Tour Household Certificate"}, {"name": "Tour Residence Certificate"}])
        # The level is still building its list: nothing published yet, a draft waiting.
        cls.env["noproof.cancellation.list"].search(
            [("company_id", "=", cls.company.id), ("state", "=", "published")]
        )._workflow().write({"state": "superseded"})
        item = cls.env["noproof.service.item"].create({"name": "Tour Existing Item", "organization_id": org.id})
        cls.env["noproof.certificate.rule"].create(
            {
                "item_id": item.id,
                "certificate_id": Cert.create({"name": "Tour Old Certificate"}).id,
                "disposition": "cancelled",
            }
        ).action_activate()
        cls.draft = cls.env["noproof.cancellation.list"].create(
            {"name": "Tour City List", "company_id": cls.company.id}
        )

    def test_manager_creates_item_and_publishes_the_list(self):
        """Taizhou art. 6 ¶1: the administrator builds an item and the level publishes its list."""
        self.start_tour("/odoo", "noproof_catalog_publish_tour", login="tour_manager")
        item = self.env["noproof.service.item"].search([("code", "=", "TOUR-001")])
        self.assertEqual(item.rule_ids.mapped("disposition"), ["online_check", "cancelled"])
        self.assertEqual(set(item.rule_ids.mapped("state")), {"active"})
        self.assertEqual(self.draft.state, "published")
        self.assertEqual(self.draft.published_by_id.login, "tour_manager")
        self.assertIn("Tour Housing Subsidy", self.draft.line_ids.mapped("item_name"))
        self.assertIn("Tour Existing Item", self.draft.line_ids.mapped("item_name"))
