from lxml import etree

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged


class RoleFormCase(TransactionCase):
    """The user form as an administrator without developer mode sees it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        # An administrator as a city creates one: user and settings rights, no developer mode.
        cls.admin = new_test_user(
            cls.env,
            login="t_roles_admin",
            groups="base.group_user,base.group_partner_manager,base.group_erp_manager,base.group_system",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="zh_CN",
        )
        cls.env.ref("base.group_no_one").users -= cls.admin
        cls.user_form = cls.env.ref("base.view_users_form")

    def role_fields(self):
        """The user form's (Settings › Users) visible role fields: field name → the groups it offers."""
        arch = (
            self.env["res.users"]
            .with_user(self.admin)
            .get_views([(self.user_form.id, "form")])["views"]["form"]["arch"]
        )
        visible = {}
        for node in etree.fromstring(arch).iter("field"):
            name = node.get("name")
            if name.startswith("sel_groups_") and node.get("invisible") not in ("1", "True"):
                visible[name] = self.env["res.groups"].browse(int(i) for i in name[len("sel_groups_") :].split("_"))
        return visible

    def assertRolesOffered(self, *xmlids):
        """Each role is a choice of a visible selection of the user form."""
        offered = self.env["res.groups"].union(*self.role_fields().values())
        for xmlid in xmlids:
            with self.subTest(role=xmlid):
                self.assertIn(self.env.ref(xmlid), offered)


@tagged("post_install", "-at_install")
class TestRolesOnTheUserForm(RoleFormCase):
    """An administrator gives the No-Proof City roles on the user form without developer mode, and the staff
    they create land on the app (issue 16)."""

    def test_roles_are_ordinary_choices(self):
        """The clerk, verifier, office and configuration roles are choices on the user form of an administrator
        without developer mode, labelled in Chinese under No-Proof City."""
        self.assertRolesOffered(
            "noproof_catalog.group_clerk",
            "noproof_catalog.group_verifier",
            "noproof_catalog.group_office",
            "noproof_catalog.group_manager",
        )
        clerk = self.env.ref("noproof_catalog.group_clerk").with_context(lang="zh_CN")
        self.assertEqual(clerk.name, "窗口经办人")
        self.assertEqual(clerk.category_id.parent_id.name, "无证明城市")

    def test_new_clerk_without_email_lands_on_the_app(self):
        """A clerk created on the user form, without an e-mail address, is notified in Odoo and starts on the
        No-Proof City app."""
        field = next(
            name for name, groups in self.role_fields().items() if self.env.ref("noproof_catalog.group_clerk") in groups
        )
        form = Form(self.env["res.users"].with_user(self.admin), view=self.user_form)
        form.name = "王窗口"
        form.login = "wang_window"
        setattr(form, field, self.env.ref("noproof_catalog.group_clerk").id)
        user = form.save()
        self.assertTrue(user.has_group("noproof_catalog.group_clerk"))
        self.assertEqual(user.notification_type, "inbox")
        self.assertEqual(user.action_id.id, self.env.ref("noproof_catalog.action_noproof_home").id)
        home = self.env["res.users"].with_user(user)._noproof_home_action()
        root = self.env.ref("noproof_catalog.menu_noproof_root")
        app = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)[root.id]
        self.assertEqual(home["id"], app["actionID"])
