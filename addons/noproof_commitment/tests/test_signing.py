from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SCAN_PNG, NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestSigning(NoproofCommitmentCase):
    def test_sign_freezes_text_signature_and_token(self):
        """Taizhou art. 8 ¶2, Luzhou art. 8 ¶2: the applicant signs the template's content, standard, liability and
        the authority's right to verify, filled with the case's data; the commitment keeps what was signed."""
        case = self.make_case(item=self.risky_item)
        commitment = self.sign(case, certificate=self.cert_income, method="ca", reference="CA-3310-0001")
        check = self.check_for(case, self.cert_income)
        self.assertEqual(commitment.state, "signed")
        self.assertEqual(commitment.template_id, self.template)
        self.assertEqual(
            commitment.content,
            "本人张三（331***********2349）承诺“Income Certificate”所证明的事项属实，用于办理最低生活保障申请。",
        )
        self.assertEqual(commitment.standard, "符合最低生活保障申请的办理条件。")
        self.assertEqual(
            (commitment.applicant_name, commitment.applicant_id_number_masked), ("张三", "331***********2349")
        )
        self.assertEqual((commitment.signature_method, commitment.signature_reference), ("ca", "CA-3310-0001"))
        self.assertEqual(commitment.clerk_id, self.clerk)
        self.assertTrue(commitment.name.startswith("CN"))
        self.assertEqual((check.state, check.resolution, check.commitment_id), ("waiting", "commitment", commitment))
        token = commitment.sudo().access_token
        self.assertGreaterEqual(len(token), 40)
        self.assertTrue(commitment.verification_url.endswith(f"/noproof/commitment/{token}"))
        other = self.sign(self.make_case(item=self.risky_item, applicant=self.li), certificate=self.cert_income)
        self.assertNotEqual(other.sudo().access_token, token)
        self.assertIn(commitment.name, case.message_ids[0].body)
        # The applicant's name changes later: the commitment keeps the name signed.
        self.zhang.name = "张三丰"
        self.assertEqual(commitment.applicant_name, "张三")

    def test_sign_only_where_the_rule_allows_commitment(self):
        """Taizhou art. 8 ¶1, Luzhou art. 8: commitment replaces only the certificates whose rule says so."""
        case = self.make_case()
        death = self.check_for(case, self.cert_no_housing)
        with self.assertRaisesRegex(UserError, "cannot be replaced by a commitment: its rule says 'Own Investigation'"):
            self.env["noproof.commitment"].with_user(self.clerk)._noproof_sign(death, "esign", "ESIGN-1")
        with self.assertRaisesRegex(UserError, "cannot be replaced by a commitment"):
            death.with_user(self.clerk).action_open_sign_commitment()
        self.assertFalse(self.env["noproof.commitment"].search([("case_id", "=", case.id)]))
        self.assertEqual(death.state, "todo")
        with self.assertRaisesRegex(UserError, "only when the applicant signs it"):
            self.check_for(case).with_user(self.clerk)._noproof_resolve("commitment", "signed on paper")

    def test_signature_needs_its_evidence(self):
        """Each signature method is recorded with its evidence: the scan of a handwritten signature, the
        reference of an e-signature or CA certificate; without it nothing is signed."""
        case = self.make_case()
        Commitment = self.env["noproof.commitment"]
        cases = [
            ({"method": "handwritten", "reference": None, "scan": None}, "Attach the scan"),
            ({"method": "handwritten", "reference": None, "scan": ("scan.txt", b"not a scan")}, "is not a scan"),
            ({"method": "esign", "reference": "  ", "scan": None}, "Enter the reference"),
            ({"method": "ca", "reference": None, "scan": None}, "Enter the reference"),
            ({"method": "esign", "reference": "ESIGN-1", "scan": ("scan.png", SCAN_PNG)}, "only for a handwritten"),
            ({"method": "fingerprint", "reference": "X", "scan": None}, "Choose how the applicant signed"),
            ({"method": "esign", "reference": "X" * 200, "scan": None}, "at most 128"),
        ]
        for kwargs, message in cases:
            with self.assertRaisesRegex(UserError, message):
                self.sign(case, **kwargs)
        self.assertFalse(Commitment.search([("case_id", "=", case.id)]))
        self.assertEqual(self.check_for(case).state, "todo")
        commitment = self.sign(case, method="handwritten", reference=None, scan=("签字页.png", SCAN_PNG))
        self.assertEqual(commitment.signature_attachment_id.raw, SCAN_PNG)
        self.assertEqual(commitment.signature_attachment_id.mimetype, "image/png")
        self.assertEqual(
            (commitment.signature_attachment_id.res_model, commitment.signature_attachment_id.res_id),
            ("noproof.commitment", commitment.id),
        )

    def test_scan_file_is_read_with_the_clerks_rights(self):
        """Threat T-C8 (file of another level, issue 11 part 3): a scan given as an existing file is read with
        the clerk's own rights, never as superuser: a file the clerk may not read (here one uploaded by
        someone else, bound to nothing) is refused and nothing is signed; the clerk's own upload is copied into
        the commitment, which keeps it even if the upload changes."""
        case = self.make_case()
        Attachment = self.env["ir.attachment"]
        foreign = Attachment.create({"name": "别人的签字页.png", "raw": SCAN_PNG})
        with self.assertRaises(AccessError):
            self.sign(case, method="handwritten", reference=None, scan=foreign.with_user(self.clerk))
        self.assertFalse(self.env["noproof.commitment"].search([("case_id", "=", case.id)]))
        own = Attachment.with_user(self.clerk).create({"name": "签字页.png", "raw": SCAN_PNG})
        commitment = self.sign(case, method="handwritten", reference=None, scan=own)
        self.assertEqual(commitment.signature_attachment_id.raw, SCAN_PNG)
        self.assertNotEqual(commitment.signature_attachment_id, own, "the signed scan is a copy")

    def test_one_commitment_per_check_and_only_on_open_cases(self):
        """One commitment settles one certificate of a case in progress; a second one, or one for a closed case,
        is refused."""
        case = self.make_case()
        self.sign(case)
        with self.assertRaisesRegex(UserError, "already settled"):
            self.sign(case)
        closed = self.make_case(applicant=self.li)
        closed.with_user(self.clerk).action_cancel()
        with self.assertRaisesRegex(UserError, "no longer in progress"):
            self.sign(closed)

    def test_applicant_may_bring_the_certificate_instead(self):
        """Taizhou art. 15: an applicant who can and wants to provide the certificate may not be refused; the
        voluntary provision is recorded in the ledger for inspection."""
        case = self.make_case()
        check = self.check_for(case).with_user(self.clerk)
        self.assertIn("voluntary", check._noproof_allowed_resolutions())
        action = check.action_open_voluntary_certificate()
        self.assertEqual(action["context"]["default_resolution"], "voluntary")
        check._noproof_resolve("voluntary", "申请人自愿提交派出所出具的Kinship Certificate原件")
        self.assertEqual((check.state, check.resolution), ("done", "voluntary"))
        entry = self.env["noproof.ledger.entry"].search(
            [("res_model", "=", "noproof.case.check"), ("res_id", "=", check.id)]
        )
        self.assertEqual(entry.entry_type, "voluntary_provision")
        self.assertEqual((entry.applicant_id, entry.certificate_id), (self.zhang, self.cert_kinship))
        with self.assertRaisesRegex(UserError, "already settled"):
            self.sign(case)
        # Once a commitment is signed, the certificate serves as verification evidence instead.
        other = self.make_case(applicant=self.li)
        commitment = self.sign(other)
        with self.assertRaisesRegex(UserError, f"already covered by the commitment {commitment.name}"):
            self.check_for(other).with_user(self.clerk)._noproof_resolve("voluntary", "brought it after all")

    def test_commitments_are_made_by_signing_and_kept(self):
        """A commitment is kept for inspection: it is made only by signing, its text and status change only by
        its workflow, and it is never deleted."""
        Commitment = self.env["noproof.commitment"].with_user(self.clerk)
        case = self.make_case()
        with self.assertRaisesRegex(UserError, "Sign Commitment"):
            Commitment.create({"check_id": self.check_for(case).id})
        commitment = self.sign(case)
        for vals in (
            {"state": "verified"},
            {"content": "tampered"},
            {"access_token": "x" * 43},
            {"follow_up_deadline": "2030-01-01 00:00:00"},
        ):
            with self.assertRaisesRegex(UserError, "keeps what was signed"):
                commitment.write(vals)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            commitment.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            commitment.sudo().unlink()

    def test_sign_wizard_is_prefilled_and_signs(self):
        """The clerk signs from the check: the wizard shows the text the applicant signs, filled with the case."""
        case = self.make_case()
        check = self.check_for(case).with_user(self.clerk)
        action = check.action_open_sign_commitment()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.clerk).with_context(action["context"]))
        self.assertEqual(wizard_form.template_id, self.kinship_template)
        self.assertEqual(wizard_form.content, f"本人张三承诺与逝者系直系亲属（案件 {case.name}）。")
        self.assertIn("approved as soon as the applicant signs", wizard_form.follow_up)
        wizard_form.signature_method = "esign"
        wizard_form.signature_reference = "ESIGN-2024-9"
        wizard_form.save().action_sign()
        self.assertEqual(check.commitment_id.signature_reference, "ESIGN-2024-9")

    def test_other_organizations_cannot_sign(self):
        """Only the handling organization's clerks sign for its cases."""
        case = self.make_case()
        check = self.check_for(case)
        with self.assertRaises(AccessError):
            self.env["noproof.commitment"].with_user(self.other_clerk)._noproof_sign(
                check.with_user(self.other_clerk), "esign", "ESIGN-1"
            )
        with self.assertRaises(AccessError):
            self.env["noproof.commitment"].with_user(self.office)._noproof_sign(
                check.with_user(self.office), "esign", "ESIGN-1"
            )
        self.assertFalse(check.commitment_id)
