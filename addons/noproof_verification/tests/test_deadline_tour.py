from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import VerificationFixture


@tagged("post_install", "-at_install")
class TestCaseDeadlineTour(VerificationFixture, HttpCase):
    """The case kanban and list in Chinese, in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.clerk.lang = "zh_CN"
        # 48 hours of calendar time: due soon within a day, past due after two
        cls.env["noproof.sla.policy"].create(
            {
                "name": "Case handling",
                "res_model": "noproof.case",
                "company_id": cls.city.id,
                "duration": 48,
                "duration_unit": "hours",
                "time_basis": "calendar",
                "calendar_id": cls.calendar.id,
            }
        )
        now = fields.Datetime.now()
        Partner = cls.env["res.partner"]
        cases = {}
        for name, opened, item in (
            ("期限正常", now, cls.immediate_item),
            ("即将到期", now - timedelta(hours=30), cls.immediate_item),
            ("期限已过", now - timedelta(days=3), cls.immediate_item),
            ("等待协查", now, cls.immediate_item),
        ):
            applicant = Partner.create(
                {
                    "name": name,
                    "company_id": cls.city.id,
                    "noproof_id_type": "other",
                    "noproof_id_number": f"DT{len(cases) + 1:04d}",
                }
            )
            with freeze_time(opened):
                cases[name] = (
                    cls.env["noproof.case"]
                    .with_user(cls.clerk)
                    .create({"item_id": item.id, "applicant_id": applicant.id})
                )
        waiting = cases["等待协查"]
        check = waiting.check_ids.filtered(lambda check: check.rule_id == cls.rule_immediate_kinship)
        action = check.with_user(cls.clerk).action_create_ticket()
        cls.env["noproof.verification.ticket"].with_user(cls.clerk).browse(action["res_id"]).action_send()
        cls.cases = cases

    def test_case_kanban_and_list_count_down_in_chinese(self):
        """Issue 13 item 5: the clerk sees each case's handling deadline counting down, a stopped clock while a
        ticket waits (Taizhou art. 11 ¶4), and finds the cases due soon and past due with the filters
        即将超期 and 已超期."""
        self.assertTrue(self.cases["期限已过"].is_overdue)
        self.assertTrue(self.cases["即将到期"].is_due_soon)
        self.assertTrue(self.cases["等待协查"].deadline_paused)
        self.start_tour("/odoo", "noproof_case_deadline_countdown", login=self.clerk.login)
