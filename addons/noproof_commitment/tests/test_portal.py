import io
import secrets
import unicodedata

from pdfminer.high_level import extract_text

from odoo.tests import HttpCase, tagged

from .common import SCAN_PNG, NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestPublicCheckAndPdf(HttpCase, NoproofCommitmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commitment = cls.signed_commitment(
            cls.clerk, cls.funeral_item, cls.zhang, method="handwritten", scan=("签字页.png", SCAN_PNG)
        )
        cls.case = cls.commitment.case_id
        cls.token = cls.commitment.sudo().access_token

    def get(self, url, status):
        self.authenticate(None, None)
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, f"{url}: {response.text[:300]}")
        return response

    def test_valid_commitment_is_confirmed_without_personal_data(self):
        """Taizhou art. 16, Luzhou art. 18: anyone holding the printed commitment checks its authenticity and
        status by its QR code, without logging in and without seeing the applicant's personal data."""
        response = self.get(f"/noproof/commitment/{self.token}", 200)
        page = response.text
        for shown in (
            self.commitment.name,
            "基本殡葬服务补助",
            "Kinship Certificate",
            "Civil Affairs",
            "Test Taizhou",
            "张*",
        ):
            self.assertIn(shown, page)
        for hidden in ("张三", "331002199006152349", "331***********2349", "直系亲属", self.case.name):
            self.assertNotIn(hidden, page)
        self.assertIn("noindex", response.headers.get("X-Robots-Tag", ""))
        self.assertIn('data-state="signed"', page)
        self.assertIn("alert-success", page)

    def test_revoked_commitment_shows_its_status(self):
        """Taizhou art. 8 ¶3: once the decision resting on a false promise is revoked, the public check says so."""
        self.settle_other_checks(self.case)
        self.case.with_user(self.clerk).action_approve()
        self.commitment.with_user(self.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
        page = self.get(f"/noproof/commitment/{self.token}", 200).text
        self.assertIn('data-state="revoked"', page)
        self.assertIn("alert-danger", page)
        self.assertNotIn("虚构亲属关系", page, "the finding is not public either")

    def test_unknown_or_forged_token_is_not_found(self):
        """A forged, mistyped or unknown code leads to a 404 page, never to another commitment."""
        for token in (
            secrets.token_urlsafe(32),
            self.token[:-1] + ("A" if self.token[-1] != "A" else "B"),
            "short",
            self.token + "x" * 100,
            "%27%20OR%201=1--",
        ):
            page = self.get(f"/noproof/commitment/{token}", 404).text
            self.assertNotIn(self.commitment.name, page)
        self.get(f"/noproof/commitment/{self.token}", 200)

    def test_pdf_has_the_promise_and_the_verification_address(self):
        """Taizhou art. 8 ¶2, Luzhou art. 8 ¶2: the printed commitment carries the text the applicant signed, the
        liability for a false promise, and the address (also as a QR code) where its authenticity is checked."""
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.clerk)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("noproof_commitment.action_report_commitment", self.commitment.ids)
        )
        self.assertEqual(report_type, "pdf")

        def flat(value):
            # NFKC on both sides: the CJK font maps some characters to their compatibility twins (人 reads
            # back as ⼈, ， as ,); wrapping adds whitespace.
            return "".join(unicodedata.normalize("NFKC", value).split())

        text = flat(extract_text(io.BytesIO(pdf)))
        for expected in (
            "本人张三承诺与逝者系直系亲属",
            f"（案件 {self.case.name}）",
            "虚假承诺的，撤销补助决定并追回补助。",
            self.commitment.name,
            "Handwritten, Scanned",
            f"/noproof/commitment/{self.token}",
            self.commitment.verification_url,
        ):
            self.assertIn(flat(expected), text)
