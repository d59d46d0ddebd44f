import base64

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import LETTER, NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestRecord(NoproofLedgerCase):
    """Each refusal quotes the article of the level's statute (Taizhou for the city, unless a test says)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.city.noproof_statute = "taizhou"

    def assertNothingRecorded(self, before):
        self.assertEqual(self.counts(), before, "a refused entry must leave nothing behind")

    def test_supplement_request_needs_reason_and_document(self):
        """Taizhou art. 12 ¶2, Luzhou art. 15: asking the applicant to supplement material is
        recorded with the reason (the missing or mismatching data) and the case it concerns."""
        before = self.counts()
        Entry = self.Entry.with_user(self.clerk)
        with self.assertRaisesRegex(ValidationError, r"needs a reason and the document.*\(Taizhou art\. 12\)"):
            Entry.record("supplement_request", organization=self.civil, applicant=self.applicant)
        with self.assertRaisesRegex(ValidationError, "the document it concerns"):
            Entry.record("supplement_request", organization=self.civil, reason="Declared income differs")
        self.assertNothingRecorded(before)
        entry = Entry.record(
            "supplement_request",
            organization=self.civil,
            applicant=self.applicant,
            item=self.item,
            certificate=self.cert_income,
            reason="Shared data shows 4200 a month, the applicant declared 2800",
            document=self.item,
            material="Six months of bank statements",
        )
        self.assertRecordValues(
            entry,
            [
                {
                    "entry_type": "supplement_request",
                    "company_id": self.city.id,
                    "organization_id": self.civil.id,
                    "user_id": self.clerk.id,
                    "applicant_name": "张伟",
                    "certificate_name": "Income Certificate",
                    "res_model": "noproof.service.item",
                    "res_id": self.item.id,
                    "document_name": self.item.display_name,
                    "material": "Six months of bank statements",
                    "sequence": 1,
                }
            ],
        )

    def test_voluntary_provision_needs_applicant_and_certificate(self):
        """Taizhou art. 15: a certificate the applicant chooses to provide is accepted and recorded."""
        before = self.counts()
        with self.assertRaisesRegex(ValidationError, r"needs the applicant and the certificate \(Taizhou art\. 15\)"):
            self.Entry.with_user(self.clerk).record("voluntary_provision", organization=self.civil)
        self.assertNothingRecorded(before)
        entry = self.Entry.with_user(self.clerk).record(
            "voluntary_provision",
            organization=self.civil,
            applicant_name="李娜",
            certificate_name="户口簿复印件",
            attachments=[("household-register.jpg", b"\xff\xd8\xff scanned copy")],
        )
        self.assertEqual(
            (entry.applicant_name, entry.certificate_name, entry.attachment_count), ("李娜", "户口簿复印件", 1)
        )

    def test_query_authorization_needs_the_letter_attached(self):
        """Taizhou art. 14: querying an institution needs the applicant's letter of authorization."""
        before = self.counts()
        Entry = self.Entry.with_user(self.clerk)
        with self.assertRaisesRegex(ValidationError, r"attached letter or document \(Taizhou art\. 14\)"):
            Entry.record("query_authorization", organization=self.civil, applicant=self.applicant, counterparty="Bank")
        self.assertNothingRecorded(before)
        entry = Entry.record(
            "query_authorization",
            organization=self.civil,
            applicant=self.applicant,
            counterparty="ICBC Taizhou",
            attachments=[LETTER],
        )
        attachment = entry.sudo().attachment_ids
        self.assertEqual((attachment.name, attachment.raw), LETTER)
        # An uploaded letter (e.g. on the case) is copied into the ledger; the original stays where it was.
        uploaded = self.env["ir.attachment"].create(
            {
                "name": "letter.png",
                "datas": base64.b64encode(b"\x89PNG letter"),
                "res_model": "noproof.service.item",
                "res_id": self.item.id,
            }
        )
        second = Entry.record(
            "query_authorization", organization=self.civil, applicant=self.applicant, attachments=uploaded
        )
        copy = second.sudo().attachment_ids
        self.assertEqual(
            (copy.name, copy.raw, copy.res_model), ("letter.png", b"\x89PNG letter", "noproof.ledger.entry")
        )
        self.assertEqual(uploaded.res_model, "noproof.service.item")

    def test_attachment_that_is_not_a_file_is_refused(self):
        """Bad input: a link, an empty file or a path is not a letter; nothing is written."""
        before = self.counts()
        link = self.env["ir.attachment"].create({"name": "letter link", "type": "url", "url": "https://example.com/x"})
        Entry = self.Entry.with_user(self.clerk)
        for attachments in (link, ["/tmp/letter.pdf"], [("letter.pdf", b"")], [("letter.pdf", "not bytes")], [42]):
            with (
                self.subTest(attachments=attachments),
                self.assertRaisesRegex(ValidationError, "not a file|holds no file"),
            ):
                Entry.record(
                    "query_authorization", organization=self.civil, applicant=self.applicant, attachments=attachments
                )
        self.assertNothingRecorded(before)

    def test_outbound_certificate_needs_the_register_fields(self):
        """Luzhou art. 16: the register records the applicant's name and contact, the certificate,
        its purpose and the requesting unit."""
        self.city.noproof_statute = "luzhou"
        before = self.counts()
        required = {
            "applicant": "the applicant",
            "contact": "the applicant's contact",
            "certificate": "the certificate",
            "purpose": "the purpose",
            "requesting_unit": "the requesting unit",
        }
        for missing, label in required.items():
            with (
                self.subTest(missing=missing),
                self.assertRaisesRegex(ValidationError, f"needs {label}.*Luzhou art. 16"),
            ):
                self.outbound(user=self.clerk, **{missing: None})
        self.assertNothingRecorded(before)
        entry = self.outbound(user=self.clerk)
        self.assertRecordValues(
            entry,
            [
                {
                    "applicant_name": "张伟",
                    "contact": "13800000001",
                    "certificate_name": "Kinship Certificate",
                    "purpose": "Inheritance notarization in another city",
                    "requesting_unit": "Chongqing Notary Office",
                }
            ],
        )
        # A certificate that is not in the catalog is registered by its name.
        other = self.outbound(user=self.clerk, certificate=None, certificate_name="Proof of no objection")
        self.assertEqual(other.certificate_name, "Proof of no objection")

    def test_offline_exchange_of_classified_matters_not_by_instant_messaging(self):
        """Luzhou art. 11: before the platform runs, information may go by document, fax, WeChat, QQ or
        DingTalk, except for state and work secrets: under Luzhou's setting (the default) a classified matter
        goes by none of them, an official document included (the article excepts classified matters from
        the whole list); a level that does not restrict channels (Taizhou) records it by document."""
        self.city.noproof_statute = "luzhou"
        Entry = self.Entry.with_user(self.clerk)
        with self.assertRaisesRegex(ValidationError, r"needs the channel.*Luzhou art\. 11"):
            Entry.record("offline_exchange", organization=self.civil, counterparty="Police", reason="Household check")
        with self.assertRaisesRegex(ValidationError, "not a channel"):
            Entry.record(
                "offline_exchange", organization=self.civil, channel="email", counterparty="Police", reason="x"
            )
        for channel in ("wechat", "qq", "dingtalk", "document", "fax"):
            with self.subTest(channel=channel), self.assertRaisesRegex(ValidationError, "may not be exchanged"):
                Entry.record(
                    "offline_exchange",
                    organization=self.civil,
                    channel=channel,
                    is_classified=True,
                    counterparty="Police",
                    reason="Work secret",
                )
        wechat = Entry.record(
            "offline_exchange",
            organization=self.civil,
            channel="wechat",
            counterparty="Police",
            reason="Household check by the WeChat work group",
        )
        self.city.noproof_classified_channels = "allow"
        document = Entry.record(
            "offline_exchange",
            organization=self.civil,
            channel="document",
            is_classified=True,
            counterparty="Police",
            reason="Work secret by official document",
        )
        self.assertEqual((wechat.channel, document.is_classified), ("wechat", True))

    def test_onsite_and_third_party_checks(self):
        """Taizhou art. 13, Luzhou art. 14: on-site checks and checks by a commissioned third party
        are recorded with what was checked and what was found."""
        Entry = self.Entry.with_user(self.clerk)
        with self.assertRaisesRegex(
            ValidationError, r"On-Site Check entry needs the findings or a reason.*Taizhou art\. 13"
        ):
            Entry.record("onsite_check", organization=self.civil, applicant=self.applicant)
        self.city.noproof_statute = "luzhou"
        with self.assertRaisesRegex(ValidationError, r"needs the counterparty.*Luzhou art\. 14 ¶2"):
            Entry.record("third_party_check", organization=self.civil, applicant=self.applicant, result="True")
        onsite = Entry.record(
            "onsite_check",
            organization=self.civil,
            applicant=self.applicant,
            location="Xicheng street",
            result="Lives there as declared",
        )
        third = Entry.record(
            "third_party_check",
            organization=self.civil,
            document=self.item,
            counterparty="Assessment Ltd (purchased service)",
            result="Premises exist",
        )
        self.assertEqual(
            (onsite.location, third.counterparty), ("Xicheng street", "Assessment Ltd (purchased service)")
        )

    def test_data_query_needs_what_was_queried(self):
        """Taizhou art. 10, Luzhou art. 13: a shared-data query is recorded for an applicant or a case."""
        with self.assertRaisesRegex(ValidationError, r"\(Taizhou art\. 10\)"):
            self.Entry.with_user(self.verifier).record("data_query", organization=self.police, result="Match")
        entry = self.Entry.with_user(self.verifier).record(
            "data_query", organization=self.police, applicant=self.applicant, counterparty="Shared data platform"
        )
        self.assertEqual(entry.user_id, self.verifier)

    def test_false_commitment_needs_applicant_and_reason(self):
        """Taizhou art. 8 ¶3: a false commitment found afterwards is recorded against the applicant."""
        with self.assertRaisesRegex(ValidationError, r"needs the applicant and a reason \(Taizhou art\. 8 ¶3\)"):
            self.Entry.with_user(self.clerk).record("false_commitment", organization=self.civil)
        entry = self.Entry.with_user(self.clerk).record(
            "false_commitment",
            organization=self.civil,
            applicant=self.applicant,
            item=self.item,
            reason="Declared no housing; the real-estate register shows a flat",
        )
        self.assertEqual(entry.applicant_id, self.applicant)

    def test_information_use_needs_purpose(self):
        """Taizhou art. 16, Luzhou art. 18: obtained information serves the duty it was obtained for."""
        with self.assertRaisesRegex(ValidationError, r"needs the purpose \(Taizhou art\. 16\)"):
            self.Entry.with_user(self.clerk).record(
                "information_use", organization=self.civil, applicant=self.applicant
            )
        entry = self.Entry.with_user(self.clerk).record(
            "information_use",
            organization=self.civil,
            applicant=self.applicant,
            purpose="Minimum living allowance review",
        )
        self.assertEqual(entry.purpose, "Minimum living allowance review")

    def test_correction_is_a_new_entry_referencing_the_corrected_one(self):
        """Luzhou art. 16 ¶2: a register line with a wrong contact is corrected by a new line; the old one stays."""
        first = self.outbound(user=self.clerk, contact="13800000000")
        original = first.read(["contact", "entry_hash"])[0]
        with self.assertRaisesRegex(ValidationError, "needs a reason"):
            self.outbound(user=self.clerk, contact="13800000011", corrects=first)
        fixed = self.outbound(user=self.clerk, contact="13800000011", corrects=first, reason="Contact mistyped")
        void = self.Entry.with_user(self.clerk).record(
            "correction", organization=self.civil, corrects=first, reason="Registered twice"
        )
        first.invalidate_recordset()
        self.assertEqual(first.read(["contact", "entry_hash"])[0], original)
        self.assertTrue(first.is_corrected)
        self.assertEqual(first.correction_ids, fixed | void)
        self.assertEqual((fixed.sequence, void.sequence), (2, 3))
        with self.assertRaisesRegex(ValidationError, r"needs the entry it corrects and a reason"):
            self.Entry.record("correction", organization=self.civil)
        county_entry = self.outbound(organization=self.county_civil)
        with self.assertRaisesRegex(ValidationError, "record its correction at that level"):
            self.outbound(corrects=county_entry, reason="Wrong level")

    def test_bad_arguments_are_refused_with_a_clear_message(self):
        before = self.counts()
        with self.assertRaisesRegex(ValidationError, "'gossip' is not a kind of ledger entry"):
            self.Entry.record("gossip", organization=self.civil)
        with self.assertRaisesRegex(ValidationError, "A ledger entry has no colour"):
            self.outbound(colour="red")
        with self.assertRaisesRegex(ValidationError, "Organization must be a record of noproof.organization"):
            self.outbound(organization=self.item)
        with self.assertRaisesRegex(ValidationError, "single Applicant"):
            self.outbound(applicant=self.applicant | self.env.user.partner_id)
        with self.assertRaisesRegex(ValidationError, "record the entry at the organization's level"):
            self.outbound(company=self.county)
        with self.assertRaisesRegex(ValidationError, "must be text"):
            self.outbound(contact=13800000001)
        with self.assertRaisesRegex(ValidationError, "one saved record"):
            self.outbound(document=self.env["noproof.service.item"].new({"name": "Unsaved"}))
        self.assertNothingRecorded(before)

    def test_level_defaults_to_the_organization_then_the_current_company(self):
        self.assertEqual(self.outbound(organization=self.county_civil).company_id, self.county)
        entry = (
            self.Entry.with_user(self.clerk)
            .with_company(self.city)
            .record("voluntary_provision", applicant=self.applicant, certificate=self.cert_household)
        )
        self.assertEqual(entry.company_id, self.city)
        self.assertFalse(entry.organization_id)

    def test_any_no_proof_staff_may_record_others_may_not(self):
        """The API other add-ons call works for clerks, verifiers and the office, and returns the entry
        in the caller's environment."""
        for user in (self.clerk, self.verifier, self.office, self.manager):
            with self.subTest(user=user.login):
                entry = self.outbound(user=user)
                self.assertEqual((entry.env.uid, entry.env.su, entry.user_id), (user.id, False, user))
                self.assertEqual(entry.read(["sequence"])[0]["sequence"], entry.sudo().sequence)
        employee = new_test_user(self.env, login="t_employee", groups="base.group_user")
        with self.assertRaisesRegex(AccessError, "only No-Proof City staff"):
            self.outbound(user=employee)
