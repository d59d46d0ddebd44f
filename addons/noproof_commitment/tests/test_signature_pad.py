import base64

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SCAN_PNG, NoproofCommitmentCase

PAD_PNG = base64.b64encode(SCAN_PNG)


@tagged("post_install", "-at_install")
class TestSignaturePadAndPrint(NoproofCommitmentCase):
    def wizard(self, case, certificate=None):
        action = self.check_for(case, certificate).with_user(self.clerk).action_open_sign_commitment()
        return Form(self.env[action["res_model"]].with_user(self.clerk).with_context(action["context"]))

    def html(self, report, records):
        return self.env["ir.actions.report"].with_user(self.clerk)._render_qweb_html(report, records.ids)[0].decode()

    def test_applicant_signs_on_the_screen(self):
        """Taizhou art. 8 ¶2, Luzhou art. 8 ¶2: the applicant may sign the commitment on the window's screen; the
        signature drawn on the pad is kept with the commitment and printed on its PDF."""
        case = self.make_case()
        form = self.wizard(case)
        form.signature_method = "pad"
        form.signature_image = PAD_PNG
        form.save().action_sign()
        commitment = self.check_for(case).commitment_id
        self.assertEqual(commitment.signature_method, "pad")
        self.assertEqual(base64.b64decode(commitment.signature_image), SCAN_PNG)
        self.assertFalse(commitment.signature_reference)
        html = self.html("noproof_commitment.action_report_commitment", commitment)
        self.assertIn("o_noproof_signature_image", html)
        self.assertIn(PAD_PNG.decode(), html)

    def test_a_screen_signature_needs_an_image(self):
        """A commitment signed on screen needs the drawn signature, an image of at most 1 MB, and goes with no
        other method: nothing is signed otherwise."""
        case = self.make_case()
        check = self.check_for(case).with_user(self.clerk)
        Commitment = self.env["noproof.commitment"].with_user(self.clerk)
        for method, image, message in (
            ("pad", None, "sign on the screen's pad first"),
            ("pad", base64.b64encode(b"%PDF-1.4 not an image"), "must be an image"),
            ("pad", base64.b64encode(SCAN_PNG + b"\0" * (1024 * 1024)), "at most 1 MB"),
            ("esign", PAD_PNG, "goes only with the method"),
        ):
            with self.assertRaisesRegex(UserError, message):
                Commitment._noproof_sign(
                    check, method, signature_reference="ESIGN-1" if method == "esign" else None, signature_image=image
                )
        with self.assertRaisesRegex(UserError, "no reference number"):
            Commitment._noproof_sign(check, "pad", signature_reference="X-1", signature_image=PAD_PNG)
        self.assertFalse(self.env["noproof.commitment"].search([("case_id", "=", case.id)]))
        self.assertEqual(check.state, "todo")

    def test_commitment_prints_before_signing(self):
        """Taizhou art. 8 ¶2, Luzhou art. 8 ¶2: for a handwritten signature the clerk prints the commitment the
        applicant will sign, with the case's data and blank lines for signature and date; nothing is signed by
        printing, and the page carries no QR code before a commitment exists."""
        case = self.make_case()
        form = self.wizard(case)
        form.signature_method = "handwritten"
        wizard = form.save()
        action = wizard.action_print_unsigned()
        self.assertEqual(action["report_name"], "noproof_commitment.report_commitment_unsigned")
        html = self.html("noproof_commitment.action_report_commitment_unsigned", wizard)
        self.assertIn("o_noproof_commitment_unsigned", html)
        self.assertIn(wizard.content, html)
        self.assertIn(case.name, html)
        self.assertIn("张三", html)
        self.assertNotIn("/noproof/commitment/", html)
        self.assertFalse(self.env["noproof.commitment"].search([("case_id", "=", case.id)]))
        self.assertEqual(self.check_for(case).state, "todo")
        with self.assertRaisesRegex(UserError, "Attach the scan"):
            wizard.action_sign()

    def test_qr_code_leads_to_the_levels_public_address(self):
        """Taizhou art. 8 ¶2, Luzhou art. 8 ¶2: the QR code of a commitment leads to the public address set for the
        level (a county follows its city), not to the host the last user came from."""
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://localhost:8069")
        commitment = self.sign(self.make_case())
        self.assertTrue(commitment.verification_url.startswith("http://localhost:8069/noproof/commitment/"))
        self.city.noproof_public_url = "https://0zm.city.example.gov.cn/"
        commitment.invalidate_recordset(["verification_url"])
        token = commitment.sudo().access_token
        self.assertEqual(commitment.verification_url, f"https://0zm.city.example.gov.cn/noproof/commitment/{token}")
        county_case = self.make_case(item=self.county_funeral_item, clerk=self.county_clerk)
        county = self.sign(county_case)
        self.assertTrue(county.verification_url.startswith("https://0zm.city.example.gov.cn/noproof/commitment/"))
        self.county.noproof_public_url = "https://0zm.county.example.gov.cn"
        county.invalidate_recordset(["verification_url"])
        self.assertTrue(county.verification_url.startswith("https://0zm.county.example.gov.cn/noproof/commitment/"))
        with self.assertRaisesRegex(Exception, "must be a web address"):
            self.county.noproof_public_url = "javascript:alert(1)"
