import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import NoproofSupervisionCase

CSV = """工单编号,来电时间,来电人,联系电话,诉求内容,涉及单位,办事事项,类型
H-001,2026-10-03 09:15,张伟,13800000001,索要户籍证明,City Civil Affairs,,索要已取消证明
H-002,2026-10-03 10:00,李娜,13800000002,,City Civil Affairs,,其他
H-003,2026-10-04 11:00,王芳,13800000003,协查没有答复,Unknown Bureau,,未按规定协查
H-004,not a date,陈静,13800000004,要求开证明,,MZ-001,其他
H-005,2026-10-05 08:00,赵六,13800000005,要求提供收入证明,,MZ-001,
"""


@tagged("post_install", "-at_install")
class TestComplaintImport(NoproofSupervisionCase):
    def run_import(self, text):
        wizard = (
            self.env["noproof.complaint.import"]
            .with_user(self.window)
            .create({"company_id": self.city.id, "file": base64.b64encode(text.encode("utf-8-sig"))})
        )
        wizard.action_import()
        return wizard

    def test_good_rows_imported_bad_rows_reported(self):
        """Taizhou art. 17 ¶2: 12345 hotline complaints enter the same queue."""
        wizard = self.run_import(CSV)
        self.assertEqual((wizard.imported_count, wizard.skipped_count, wizard.error_count), (2, 0, 3))
        self.assertIn("Line 3: no content", wizard.result)
        self.assertIn("Line 4: unknown organization Unknown Bureau", wizard.result)
        self.assertIn("Line 5: unreadable date not a date", wizard.result)
        complaints = self.env["noproof.complaint"].search([("external_ref", "in", ("H-001", "H-005"))])
        self.assertEqual(len(complaints), 2)
        self.assertEqual(set(complaints.mapped("channel")), {"hotline"})
        first = complaints.filtered(lambda c: c.external_ref == "H-001")
        self.assertEqual((first.complaint_type, first.target_organization_id), ("cancelled_certificate", self.civil))
        self.assertEqual(complaints.filtered(lambda c: c.external_ref == "H-005").item_id, self.item)

    def test_reimport_duplicates_nothing(self):
        self.run_import(CSV)
        again = self.run_import(CSV)
        self.assertEqual((again.imported_count, again.skipped_count), (0, 2))
        self.assertEqual(self.env["noproof.complaint"].search_count([("external_ref", "=like", "H-00%")]), 2)

    def test_file_without_required_columns(self):
        with self.assertRaisesRegex(UserError, "lacks the columns"):
            self.run_import("a,b\n1,2\n")
        with self.assertRaisesRegex(UserError, "not a UTF-8 CSV"):
            wizard = self.env["noproof.complaint.import"].create({"file": base64.b64encode(b"\xff\xfe\x00bad")})
            wizard.action_import()
