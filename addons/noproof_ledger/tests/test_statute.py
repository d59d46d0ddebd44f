"""Issue 12: the ledger's provisions against both statutes' text, by each level's settings."""

from ast import literal_eval

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from ..models.noproof_ledger_entry import CLASSIFICATIONS, EXCHANGE_CHANNELS, OFFLINE_CHANNELS
from .common import NoproofLedgerCase, triggers_disabled


@tagged("post_install", "-at_install")
class TestClassifiedChannels(NoproofLedgerCase):
    """Luzhou art. 11: 除涉及国家秘密和工作秘密事项外, organizations may exchange information by official
    document, fax, WeChat, QQ, DingTalk groups and the like. The Taizhou regulation has no such article."""

    def as_luzhou(self, company=None):
        (company or self.city).write({"noproof_statute": "luzhou", "noproof_classified_channels": "refuse"})

    def as_taizhou(self, company=None):
        (company or self.city).write({"noproof_statute": "taizhou", "noproof_classified_channels": "allow"})

    def exchange(self, user=None, **values):
        kwargs = {"organization": self.civil, "counterparty": "Police", "reason": "Household check"}
        kwargs.update(values)
        return self.Entry.with_user(user or self.clerk).record("offline_exchange", **kwargs)

    def test_luzhou_refuses_classified_matters_on_every_listed_channel(self):
        """Luzhou art. 11: a state or work secret may go by none of the listed channels (official document,
        fax, WeChat, QQ, DingTalk or any other way outside the platform); the refusal names the article and
        nothing is recorded."""
        self.as_luzhou()
        before = self.counts()
        for channel in OFFLINE_CHANNELS:
            for classification, __ in CLASSIFICATIONS:
                with (
                    self.subTest(channel=channel, classification=classification),
                    self.assertRaisesRegex(ValidationError, r"may not be exchanged by .*\(Luzhou art\. 11\)"),
                ):
                    self.exchange(channel=channel, classification=classification)
        # A classified matter of unstated level (the boolean of earlier callers) is refused too.
        with self.assertRaisesRegex(ValidationError, r"Luzhou art\. 11"):
            self.exchange(channel="document", is_classified=True)
        self.assertEqual(self.counts(), before, "a refused exchange leaves nothing behind")
        # Matters without a secret use them freely.
        entry = self.exchange(channel="wechat")
        self.assertEqual((entry.channel, entry.is_classified, entry.classification), ("wechat", False, False))

    def test_taizhou_setting_does_not_restrict_channels(self):
        """Taizhou regulation (no counterpart of Luzhou art. 11): a level running it records a classified
        exchange by official document or any other channel; the classification is kept."""
        self.as_taizhou()
        entry = self.exchange(channel="document", classification="work_secret")
        self.assertEqual((entry.classification, entry.is_classified), ("work_secret", True))
        self.assertTrue(self.exchange(channel="wechat", classification="state_secret"))

    def test_county_follows_its_city_unless_it_sets_its_own(self):
        """Luzhou art. 11 as a level setting: a county with the setting empty applies its city's; a county
        that sets its own applies that one."""
        self.as_luzhou()
        clerk = self.county_clerk
        with self.assertRaisesRegex(ValidationError, r"Luzhou art\. 11"):
            self.exchange(user=clerk, organization=self.county_civil, channel="qq", classification="work_secret")
        self.county.noproof_classified_channels = "allow"
        entry = self.exchange(user=clerk, organization=self.county_civil, channel="qq", classification="work_secret")
        self.assertEqual(entry.company_id, self.county)
        self.as_taizhou()
        self.county.noproof_classified_channels = "refuse"
        with self.assertRaisesRegex(ValidationError, "may not be exchanged"):
            self.exchange(user=clerk, organization=self.county_civil, channel="fax", classification="state_secret")

    def test_one_rule_for_every_caller(self):
        """Luzhou art. 11, defined once: ``_noproof_check_channel`` (which verification tickets call) allows the
        verification system always, refuses the listed channels for classified matters where the level
        refuses them, and refuses by default on a level where nothing is set."""
        Entry = self.Entry.with_user(self.clerk)
        self.assertFalse(self.city.noproof_classified_channels)
        self.assertEqual(Entry._noproof_classified_channel_rule(self.city), "refuse")
        self.assertIn("system", dict(EXCHANGE_CHANNELS))
        for classification in ("state_secret", "work_secret", True):
            Entry._noproof_check_channel("system", classification, self.city)
            for channel in OFFLINE_CHANNELS:
                with self.assertRaises(ValidationError):
                    Entry._noproof_check_channel(channel, classification, self.city)
        for channel in OFFLINE_CHANNELS:
            Entry._noproof_check_channel(channel, False, self.city)
        self.as_taizhou()
        Entry._noproof_check_channel("wechat", "state_secret", self.city)
        self.assertEqual(Entry._noproof_channel_refusal("wechat", "state_secret", self.city), "")

    def test_record_wizard_warns_and_refuses(self):
        """Luzhou art. 11 through the "Record an Entry" wizard a clerk clicks: the wizard warns before
        recording, and recording a classified matter by fax is refused; in Taizhou it is recorded."""
        self.as_luzhou()
        Wizard = self.env["noproof.ledger.record.wizard"].with_user(self.clerk)
        with Form(Wizard.with_context(default_entry_type="offline_exchange")) as form:
            form.organization_id = self.civil
            form.channel = "fax"
            form.counterparty = "Police"
            form.reason = "Work secret"
            form.classification = "work_secret"
            self.assertIn("Luzhou art. 11", form.channel_warning)
            self.assertEqual(form.article, "Luzhou art. 11")
            wizard = form.save()
        before = self.counts()
        with self.assertRaisesRegex(ValidationError, r"Luzhou art\. 11"):
            wizard.action_record()
        self.assertEqual(self.counts(), before)
        self.as_taizhou()
        wizard.invalidate_recordset(["channel_warning"])
        self.assertFalse(wizard.channel_warning)
        action = wizard.action_record()
        entry = self.Entry.browse(action["res_id"])
        self.assertEqual((entry.channel, entry.classification), ("fax", "work_secret"))

    def test_classification_is_part_of_the_hash(self):
        """Luzhou art. 11 records kept for inspection: the classification of an exchange is hashed, so that
        lowering it afterwards (even in SQL, triggers off) breaks the chain; entries without one keep the
        hash they had before the field existed."""
        self.as_taizhou()
        self.exchange(channel="wechat")
        entry = self.exchange(channel="document", classification="state_secret")
        chain = self.chain_of(self.city)
        self.assertEqual(chain._verify().state, "valid")
        with triggers_disabled(self.env.cr):
            self.env.cr.execute(
                "UPDATE noproof_ledger_entry SET classification = 'work_secret' WHERE id = %s", [entry.id]
            )
        verification = chain._verify()
        self.assertEqual((verification.state, verification.broken_sequence), ("broken", entry.sequence))


@tagged("post_install", "-at_install")
class TestOutboundCertificate(NoproofLedgerCase):
    """Luzhou art. 16: ¶1 a certificate needed outside the city is issued, even if it is cancelled here;
    ¶2 each one is registered with the applicant's name and contact, the certificate, its purpose and the
    requesting unit."""

    def issue_form(self, user=None):
        form = Form(self.env["noproof.ledger.outbound.wizard"].with_user(user or self.clerk))
        form.organization_id = self.civil
        form.applicant_id = self.applicant
        form.certificate_id = self.cert_kinship
        form.purpose = "Inheritance notarization in Chongqing"
        form.requesting_unit = "Chongqing Notary Office"
        form.statement = "is the son of 张建国"
        return form

    def test_clerk_records_and_issues_in_one_go(self):
        """Luzhou art. 16 ¶1–¶2: "Issue a Certificate Needed Outside the City" records the request in the
        outbound register and prints the certificate with its register number."""
        self.city.noproof_statute = "luzhou"
        form = self.issue_form()
        self.assertEqual(
            (form.applicant_name, form.contact, form.certificate_name), ("张伟", "13800000001", "Kinship Certificate")
        )
        self.assertIn("Luzhou art. 16", form.article)
        wizard = form.save()
        action = wizard.action_issue()
        self.assertEqual(action["report_name"], "noproof_ledger.report_outbound_certificate")
        entry = self.Entry.browse(action["context"]["active_ids"])
        self.assertEqual(
            (entry.entry_type, entry.applicant_name, entry.contact, entry.certificate_name, entry.purpose),
            (
                "outbound_certificate",
                "张伟",
                "13800000001",
                "Kinship Certificate",
                "Inheritance notarization in Chongqing",
            ),
        )
        self.assertEqual(
            (entry.requesting_unit, entry.result, entry.user_id),
            ("Chongqing Notary Office", "is the son of 张建国", self.clerk),
        )
        # It is in the register the menu opens, and on the printed register and certificate.
        register = self.env["ir.actions.act_window"]._for_xml_id("noproof_ledger.action_noproof_outbound_register")
        self.assertIn(entry, self.Entry.with_user(self.clerk).search(literal_eval(register["domain"])))
        Report = self.env["ir.actions.report"].with_user(self.clerk)
        html = Report._render_qweb_html("noproof_ledger.report_outbound_register", entry.ids)[0].decode()
        self.assertIn("Chongqing Notary Office", html)
        html = Report._render_qweb_html("noproof_ledger.report_outbound_certificate", entry.ids)[0].decode()
        self.assertIn("is the son of 张建国", html)
        self.assertIn(entry.entry_hash[:16], html)
        self.assertEqual(self.chain_of(self.city)._verify().state, "valid")

    def test_a_cancelled_certificate_is_still_issued(self):
        """Luzhou art. 16 ¶1 (不得以证明事项已取消为由不予办理): when the certificate is on the level's
        published cancellation list, the wizard tells the clerk to issue it anyway, and issuing works."""
        self.city.noproof_statute = "luzhou"
        self.make_rule(certificate=self.cert_kinship, disposition="cancelled").action_activate()
        self.env["noproof.cancellation.list"].create({"name": "City List", "company_id": self.city.id}).action_publish()
        form = self.issue_form()
        self.assertIn("Luzhou art. 16 ¶1", form.cancelled_notice)
        self.assertIn("not allowed", form.cancelled_notice)
        entry = self.Entry.browse(form.save().action_issue()["context"]["active_ids"])
        self.assertEqual(entry.certificate_id, self.cert_kinship)
        form = self.issue_form()
        form.certificate_id = self.cert_income
        self.assertFalse(form.cancelled_notice, "a certificate still in use raises no notice")

    def test_the_register_fields_are_required(self):
        """Luzhou art. 16 ¶2: without the requesting unit (or any register field) nothing is issued."""
        self.city.noproof_statute = "luzhou"
        wizard = self.issue_form().save()
        wizard.requesting_unit = " "
        before = self.counts()
        with self.assertRaisesRegex(ValidationError, r"needs the requesting unit.*Luzhou art\. 16"):
            wizard.action_issue()
        self.assertEqual(self.counts(), before)

    def test_only_for_the_clerks_own_organization(self):
        """Luzhou art. 16 ¶2 (the register is the issuing unit's): a clerk cannot issue in another
        organization's name."""
        wizard = self.issue_form().save()
        wizard.sudo().organization_id = self.county_civil
        with self.assertRaisesRegex(UserError, "do not act for"):
            wizard.action_issue()

    def test_only_register_entries_print_as_certificates(self):
        """Luzhou art. 16: only an entry of the outbound register prints as an issued certificate."""
        other = self.Entry.with_user(self.clerk).record(
            "voluntary_provision", organization=self.civil, applicant=self.applicant, certificate=self.cert_kinship
        )
        with self.assertRaisesRegex(Exception, "Only entries of the outbound certificate register"):
            self.env["ir.actions.report"]._render_qweb_html("noproof_ledger.report_outbound_certificate", other.ids)


@tagged("post_install", "-at_install")
class TestStatuteCitations(NoproofLedgerCase):
    """Screens quote the article of the statute the level runs (noproof_statute_effective)."""

    def test_requirement_messages_cite_the_levels_statute(self):
        """Taizhou art. 12, Luzhou art. 15: a supplement request without a reason cites the article of the
        level's statute; a level without one names the regulation it runs, never another city's article."""
        Entry = self.Entry.with_user(self.clerk)
        for statute, expected in (
            ("taizhou", r"\(Taizhou art\. 12\)"),
            ("luzhou", r"\(Luzhou art\. 15\)"),
            (False, r"\(the level's No-Proof City regulation\)"),
        ):
            self.city.noproof_statute = statute
            with self.subTest(statute=statute), self.assertRaisesRegex(ValidationError, expected):
                Entry.record("supplement_request", organization=self.civil, document=self.item)
        # A county follows its city's statute.
        self.city.noproof_statute = "luzhou"
        with self.assertRaisesRegex(ValidationError, r"\(Luzhou art\. 15\)"):
            self.Entry.with_user(self.county_clerk).record(
                "supplement_request", organization=self.county_civil, document=self.item
            )
