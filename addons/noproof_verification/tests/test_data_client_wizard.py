from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import VerificationFixture


@tagged("post_install", "-at_install")
class TestDataClientWizard(VerificationFixture, HttpCase):
    """An administrator wires shared data without developer mode (issue 16): on the providing side a wizard
    creates the level's client and its key, shown once; the requesting side tests the connection in one click."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", cls.base_url())
        cls.household = cls.env["noproof.dataset"].create(
            {
                "name": "Household",
                "code": "w-household",
                "kind": "household",
                "company_id": cls.city.id,
                "record_ids": [
                    Command.create({"subject_id_number": "331002198503121231", "subject_name": "Zhang Wei"})
                ],
            }
        )
        cls.manager.groups_id = [Command.link(cls.env.ref("base.group_system").id)]

    def issue(self, **values):
        form = Form(self.env["noproof.data.client.wizard"].with_user(self.manager))
        form.client_company_id = self.city
        form.dataset_ids.add(self.household)
        for name, value in values.items():
            if name == "source_ids":
                for source in value:
                    form.source_ids.add(source)
            else:
                setattr(form, name, value)
        wizard = form.save()
        wizard.action_issue_key()
        return wizard

    def test_issue_wire_test_and_rotate(self):
        """The wizard creates the client, issues its key with an expiry, wires this instance's data source, which
        then answers its one-click test; issuing again replaces the key and the old one stops working."""
        wizard = self.issue(login="w_data_client", source_ids=[self.household_source])
        client = wizard.user_id
        self.assertTrue(client.has_group("noproof_verification.group_data_client"))
        self.assertEqual(len(wizard.key), 40)
        self.assertIn("/noproof/data/w-household", wizard.endpoints)
        source = self.household_source.sudo()
        self.assertEqual((source.api_key, source.api_key_expiry), (wizard.key, wizard.expiry_date))
        key = self.env["res.users.apikeys"].sudo().search([("user_id", "=", client.id)])
        self.assertEqual(key.expiration_date.date(), wizard.expiry_date + timedelta(days=1))
        notice = self.household_source.with_user(self.manager).action_test_connection()
        self.assertEqual(notice["params"]["type"], "success")

        rotated = self.issue(user_id=client, source_ids=[self.household_source])
        self.assertNotEqual(rotated.key, wizard.key)
        self.assertEqual(self.env["res.users.apikeys"].sudo().search_count([("user_id", "=", client.id)]), 1)
        source.api_key = wizard.key
        with self.assertRaises(UserError):
            self.household_source.with_user(self.manager).action_test_connection()

    def test_checklist_warns_of_an_expiring_key(self):
        """A key that expires within 30 days is named in the checklist, on both sides."""
        soon = fields.Date.context_today(self.env.user) + timedelta(days=10)
        self.issue(login="w_data_client", source_ids=[self.household_source], expiry_date=soon)
        steps = {step["key"]: step for step in self.city._noproof_setup_steps()}
        self.assertEqual(steps["data_sources"]["state"], "warning")
        self.assertIn(self.household_source.name, steps["data_sources"]["message"])
        self.assertIn(str(soon), steps["data_sources"]["message"])

    def test_only_a_manager_of_the_providing_level(self):
        """Threat: a clerk, or an administrator of another level, hands out keys to a level's datasets."""
        with self.assertRaises(AccessError):
            wizard = (
                self.env["noproof.data.client.wizard"]
                .with_user(self.clerk)
                .create(
                    {"client_company_id": self.city.id, "dataset_ids": [Command.set(self.household.ids)], "login": "x"}
                )
            )
            wizard.action_issue_key()
        wizard = (
            self.env["noproof.data.client.wizard"]
            .with_user(self.lz_office)
            .sudo()
            .create({"client_company_id": self.lz.id, "dataset_ids": [Command.set(self.household.ids)], "login": "x"})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.lz_office).action_issue_key()
