from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import NoproofCatalogCase


class OnboardingCase(NoproofCatalogCase):
    """A new city with one county, set up by its configuration administrator (issue 16)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.manager.company_ids = [Command.link(cls.county.id)]

    def apply(self, company, preset, user=None, **values):
        # The web client works in the administrator's current level only (here the city), whichever level the
        # preset is applied to.
        wizard = (
            self.env["noproof.level.preset"]
            .with_user(user or self.manager)
            .with_context(allowed_company_ids=(user or self.manager).company_id.ids)
            .create({"company_id": company.id, "preset": preset, "year": 0, **values})
        )
        return wizard.action_apply()

    def steps(self, company):
        return {step["key"]: step for step in company.with_user(self.manager)._noproof_setup_steps()}


@tagged("post_install", "-at_install")
class TestStatutePreset(OnboardingCase):
    def test_taizhou_preset_fills_the_settings_and_the_chain(self):
        """Taizhou art. 6 ¶2, art. 3 ¶2: the Taizhou preset makes the office approve new certificates and allows
        the higher-level exclusion; the level gets the department head → supervising authority → office chain."""
        action = self.apply(self.city, "taizhou")
        self.assertEqual(action["res_model"], "noproof.setup.checklist")
        self.assertRecordValues(
            self.city,
            [
                {
                    "noproof_statute": "taizhou",
                    "noproof_new_certificate_approval": "office",
                    "noproof_zero_certificate": "no",
                    "noproof_exclude_higher_level": "yes",
                }
            ],
        )
        tiers = self.city._noproof_tiers().sorted("sequence")
        self.assertEqual(
            tiers.mapped("reviewer_field_id.name"), ["office_reviewer_ids", "supervisor_reviewer_ids", "head_user_id"]
        )
        # Applying again keeps the chain the level has (and any edits made to it).
        tiers[0].name = "市跑改办核准"
        self.apply(self.city, "taizhou")
        self.assertEqual(self.city._noproof_tiers(), tiers)
        self.assertEqual(tiers[0].name, "市跑改办核准")

    def test_luzhou_preset(self):
        """Luzhou art. 7 ¶1: the Luzhou preset sets the zero-certificate target and lets the chain decide."""
        self.apply(self.city, "luzhou")
        self.assertRecordValues(
            self.city,
            [
                {
                    "noproof_statute": "luzhou",
                    "noproof_new_certificate_approval": "chain",
                    "noproof_zero_certificate": "yes",
                }
            ],
        )

    def test_county_as_its_city(self):
        """A county "as my city" keeps its settings empty and follows its city's."""
        self.apply(self.city, "luzhou")
        self.county.noproof_zero_certificate = "no"
        self.apply(self.county, "city")
        self.assertFalse(self.county.noproof_statute)
        self.assertFalse(self.county.noproof_zero_certificate)
        self.assertEqual(self.county.noproof_statute_effective, "luzhou")
        self.assertEqual(self.county._noproof_setting("noproof_zero_certificate"), "yes")

    def test_own_regulation(self):
        """A new city may start empty under its own regulation, which its screens then quote."""
        with self.assertRaisesRegex(UserError, "Name the level's own regulation"):
            self.apply(self.city, "own")
        self.apply(self.city, "own", statute_name="温州规定")
        self.assertEqual((self.city.noproof_statute, self.city.noproof_statute_name), ("own", "温州规定"))

    def test_as_my_city_needs_a_city(self):
        """A city cannot follow a city above it."""
        with self.assertRaisesRegex(UserError, "has no city above it"):
            self.apply(self.city, "city")

    def test_only_a_manager_of_the_level_applies_a_preset(self):
        """Threat: a clerk, or an administrator of another level, rewrites a level's statute settings."""
        with self.assertRaises(AccessError):
            self.apply(self.city, "luzhou", user=self.clerk)
        other_manager = self.county_manager
        with self.assertRaises(AccessError):
            self.apply(self.city, "luzhou", user=other_manager)
        self.assertFalse(self.city.noproof_statute)


@tagged("post_install", "-at_install")
class TestSetupChecklist(OnboardingCase):
    def test_steps_in_order_with_a_button_each(self):
        """The checklist lists the level's steps in order; each opens its screen."""
        action = self.city.with_user(self.manager).action_noproof_setup()
        checklist = self.env["noproof.setup.checklist"].browse(action["res_id"])
        self.assertEqual(checklist.step_ids.mapped("sequence"), sorted(checklist.step_ids.mapped("sequence")))
        keys = checklist.step_ids.mapped("key")
        for key in ("level", "office", "organizations", "users", "legal_bases", "certificates", "items", "approval"):
            self.assertIn(key, keys)
        for step in checklist.step_ids:
            with self.subTest(step=step.key):
                self.assertEqual(step.with_user(self.manager).action_open()["type"], "ir.actions.act_window")

    def test_a_level_without_statute_is_missing_its_first_step(self):
        steps = self.steps(self.other_city)
        self.assertEqual(steps["level"]["state"], "missing")
        self.assertEqual(steps["approval"]["state"], "missing")
        self.apply(self.city, "taizhou")
        self.assertEqual(self.steps(self.city)["level"]["state"], "done")

    def test_warns_of_an_organization_without_head_on_a_head_tier(self):
        """Taizhou art. 6 ¶2: a change request whose first reviewer is an empty head field would stall; the
        checklist names the organizations without a head once the chain asks the head."""
        self.apply(self.city, "taizhou")
        step = self.steps(self.city)["approval"]
        self.assertEqual(step["state"], "warning")
        self.assertIn("City Police", step["message"])
        (self.civil | self.police | self.office_org).head_id = self.manager
        self.office_org.user_ids = self.office
        self.assertEqual(self.steps(self.city)["approval"]["state"], "done")

    def test_warns_of_an_office_without_staff(self):
        self.apply(self.city, "taizhou")
        (self.civil | self.police | self.office_org).head_id = self.manager
        self.office_org.head_id = False
        step = self.steps(self.city)
        self.assertEqual(step["office"]["state"], "warning")
        self.assertIn("City Reform Office", step["office"]["message"])
        self.assertIn("office has no staff", step["approval"]["message"])

    def test_warns_of_a_verifier_who_cannot_sign_in(self):
        """Taizhou art. 11: a designated verifier archived (or without the role) would leave tickets waiting."""
        self.assertEqual(self.steps(self.city)["organizations"]["state"], "done")
        self.verifier.active = False
        step = self.steps(self.city)["organizations"]
        self.assertEqual(step["state"], "warning")
        self.assertIn(self.verifier.name, step["message"])

    def test_warns_of_a_non_immediate_item_without_time_limit(self):
        """A non-immediate item (承诺件) without promised working days would promise applicants no time limit."""
        self.item.write({"handling_type": "immediate", "promised_days": 0})
        self.make_rule().action_activate()
        self.assertEqual(self.steps(self.city)["items"]["state"], "done")
        self.item.handling_type = "non_immediate"
        step = self.steps(self.city)["items"]
        self.assertEqual(step["state"], "warning")
        self.assertIn(self.item.name, step["message"])
        self.item.promised_days = 20
        self.assertEqual(self.steps(self.city)["items"]["state"], "done")

    def test_roles_nobody_holds(self):
        """The users step names the roles nobody of the level holds."""
        self.assertEqual(self.steps(self.city)["users"]["state"], "done")
        step = self.steps(self.other_city)["users"]
        self.assertEqual(step["state"], "missing")
        self.assertIn("window clerk", step["message"])

    def test_an_administrator_holds_no_role_of_the_level(self):
        """The configuration administrator (like a new database's administrator) holds every role by
        implication: the users step still asks for a clerk, a verifier and an office until people hold them."""
        admin = new_test_user(
            self.env,
            login="t_other_manager",
            groups="noproof_catalog.group_manager",
            company_id=self.other_city.id,
            company_ids=[Command.set(self.other_city.ids)],
        )
        step = self.steps(self.other_city)["users"]
        self.assertEqual(step["state"], "missing")
        for role in ("window clerk", "department verifier", "joint-conference office"):
            self.assertIn(role, step["message"])
        # The administrator on the staff of the level's office acts for the office (a small county).
        self.other_org.user_ids = admin
        self.other_city.noproof_office_id = self.other_org
        step = self.steps(self.other_city)["users"]
        self.assertNotIn("joint-conference office", step["message"])
        self.assertIn("window clerk", step["message"])
