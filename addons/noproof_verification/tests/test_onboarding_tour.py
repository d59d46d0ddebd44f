from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOnboardingTour(HttpCase):
    """Issue 16: a new city and one county set up in one sitting through the setup checklist, in Chinese and
    without developer mode, then its clerk and verifier (created without e-mail) at work.

    The test runs on the test database (with demo data) but uses only what the tours create: a new company stands
    for the main company of an empty database and its administrator belongs to it alone, so no demo record is in
    reach (building a database without demo data inside a test would take minutes of the CI's two cores)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", cls.base_url())
        cls.city = cls.env["res.company"].create({"name": "温州市"})
        cls.admin = new_test_user(
            cls.env,
            login="wz_admin",
            groups="base.group_user,base.group_partner_manager,base.group_erp_manager,base.group_system,"
            "noproof_catalog.group_manager",
            company_id=cls.city.id,
            company_ids=[Command.set(cls.city.ids)],
            lang="zh_CN",
            tz="Asia/Shanghai",
        )

    def test_a_city_and_a_county_in_one_sitting(self):
        self.start_tour("/odoo", "noproof_onboarding_levels", login="wz_admin", timeout=400)
        county = self.env["res.company"].search([("name", "=", "鹿城区")])
        self.assertEqual(county.parent_id, self.city)
        self.assertEqual((self.city.noproof_statute, county.noproof_statute_effective), ("taizhou", "taizhou"))
        self.assertEqual(county.resource_calendar_id, self.city.resource_calendar_id)
        self.assertTrue(self.city.resource_calendar_id.noproof_holiday_ids)

        self.start_tour("/odoo", "noproof_onboarding_people", login="wz_admin", timeout=400)
        users = self.env["res.users"].search(
            [("login", "in", ["wz_clerk", "wz_verifier", "wz_office", "wz_supervisor"])]
        )
        self.assertEqual(len(users), 4)
        self.assertFalse(any(users.mapped("email")))
        self.assertEqual(set(users.mapped("notification_type")), {"inbox"})
        police = self.env["noproof.organization"].search([("name", "=", "温州市公安局")])
        self.assertEqual(police.verifier_ids.login, "wz_verifier")
        self.assertEqual(self.city.noproof_office_id.name, "温州市跑改办")

        self.start_tour("/odoo", "noproof_onboarding_catalog", login="wz_admin", timeout=400)
        source = self.env["noproof.data.source"].search([("name", "=", "温州户籍信息")])
        self.assertTrue(source.sudo().api_key)
        self.assertTrue(source.api_key_expiry)
        # The requesting side's one-click test (the button the tour ends on) reaches the provider with the key.
        notice = source.with_user(self.admin).action_test_connection()
        self.assertEqual(notice["params"]["type"], "success")
        steps = {step["key"]: step["state"] for step in self.city._noproof_setup_steps()}
        for key in ("level", "office", "calendar", "organizations", "users", "legal_bases", "certificates"):
            self.assertEqual(steps[key], "done", key)
        self.assertNotEqual(steps["data_sources"], "missing")
