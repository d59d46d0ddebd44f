from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

# Valid numbers with correct check digits (GB 11643 and GB 32100 examples).
RESIDENT_ID = "11010519491231002X"
USCC = "91110000600037341L"


@tagged("post_install", "-at_install")
class TestApplicantIdentity(TransactionCase):
    def test_valid_numbers_are_accepted_and_normalized(self):
        partner = self.env["res.partner"].create(
            {"name": "张三", "noproof_id_type": "resident_id", "noproof_id_number": " 11010519491231002x "}
        )
        self.assertEqual(partner.noproof_id_number, RESIDENT_ID)
        company = self.env["res.partner"].create(
            {"name": "某某公司", "is_company": True, "noproof_id_type": "uscc", "noproof_id_number": USCC}
        )
        self.assertEqual(company.noproof_id_number, USCC)

    def test_wrong_check_digit_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.env["res.partner"].create(
                {"name": "李四", "noproof_id_type": "resident_id", "noproof_id_number": "110105194912310021"}
            )
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {"name": "坏公司", "noproof_id_type": "uscc", "noproof_id_number": "91110000600037341M"}
            )

    def test_number_is_masked(self):
        partner = self.env["res.partner"].create(
            {"name": "张三", "noproof_id_type": "resident_id", "noproof_id_number": RESIDENT_ID}
        )
        self.assertEqual(partner.noproof_id_number_masked, "110***********002X")
