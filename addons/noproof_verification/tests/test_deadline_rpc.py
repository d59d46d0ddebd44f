from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestDeadlineRpc(NoproofRpcCase):
    """The deadline engine and the live-item rule, attacked over JSON-RPC by a window clerk of the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.np_clerk = cls.env["res.users"].search([("login", "=", "np_clerk")], limit=1)
        cls.applicant = cls.env.ref("noproof_catalog.partner_applicant_zhang")
        Item = cls.env["noproof.service.item"]
        cls.item = Item.search(
            [("organization_id", "in", cls.np_clerk.noproof_organization_ids.ids), ("noproof_case_open", "=", True)],
            limit=1,
        )
        cls.case = (
            cls.env["noproof.case"]
            .with_user(cls.np_clerk)
            .create({"item_id": cls.item.id, "applicant_id": cls.applicant.id})
        )
        cls.dead_item = Item.create(
            {
                "name": "尚无生效规则的事项",
                "company_id": cls.item.company_id.id,
                "organization_id": cls.item.organization_id.id,
            }
        )

    def test_clerk_cannot_write_the_deadline_or_the_overdue_report(self):
        """Threat T1 (state by RPC): a clerk moves a case's handling deadline, clears its overdue report or
        rewrites its figures of record over JSON-RPC, to hide a late case from the office and the evaluation;
        refused and unchanged."""
        deadline = self.case.deadline
        self.assertTrue(deadline, "the demo level has a case deadline policy")
        self.sign_in("np_clerk")
        for values in (
            {"deadline": "2099-12-31 00:00:00"},
            {"overdue_at": "2020-01-01 00:00:00"},
            {"office_hours": 0.5, "on_time": True},
            {"sla_policy_id": False},
        ):
            with self.subTest(values=list(values)):
                self.refused("noproof.case", "write", [self.case.ids, values])
        self.case.invalidate_recordset()
        self.assertEqual(self.case.deadline, deadline)
        self.assertFalse(self.case.overdue_at)

    def test_clerk_cannot_open_a_case_on_an_item_without_rules_in_force(self):
        """Issue 13 item 10 (a case with no check, approved at once): a clerk who calls create over JSON-RPC
        with an item whose rules are not in force is refused with a message, in the user's language, that says
        why and what to do; the picker's search offers only live items."""
        self.sign_in("np_clerk")
        refusal = self.refused(
            "noproof.case", "create", [[{"item_id": self.dead_item.id, "applicant_id": self.applicant.id}]]
        )
        self.assertIn("none of its certificate rules is in force", refusal.message)
        chinese = self.assertRefused(
            "noproof.case",
            "create",
            [[{"item_id": self.dead_item.id, "applicant_id": self.applicant.id}]],
            {"context": {"lang": "zh_CN"}},
            error="UserError",
        )
        self.assertIn("没有生效的证明材料规则", chinese.message)
        self.assertFalse(self.env["noproof.case"].search([("item_id", "=", self.dead_item.id)]))
        offered = self.call_kw(
            "noproof.service.item",
            "name_search",
            [],
            {"name": "", "args": [("noproof_case_open", "=", True)], "limit": 500},
        )
        self.assertNotIn(self.dead_item.id, [item_id for item_id, _name in offered])
        self.assertIn(self.item.id, [item_id for item_id, _name in offered])
