from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestFalsePromise(NoproofCommitmentCase):
    def approved_on_commitment(self, applicant=None, item=None, clerk=None):
        case = self.make_case(item=item, applicant=applicant, clerk=clerk)
        self.settle_other_checks(case)
        commitment = self.sign(case)
        case.with_user(case.clerk_id).action_approve()
        return case, commitment

    def test_false_promise_rectification_then_revocation(self):
        """Taizhou art. 8 ¶3: the organ that decided orders the applicant to rectify a false promise within a
        deadline; the event is kept in the ledger; without rectification in time, it revokes its decision."""
        case, commitment = self.approved_on_commitment()
        deadline = fields.Date.today() + timedelta(days=15)
        commitment.with_user(self.clerk)._noproof_declare_false(
            "公安户籍信息显示申请人与逝者无亲属关系", "rectification", rectification_deadline=deadline
        )
        self.assertEqual(
            (commitment.state, commitment.measure, commitment.rectification_deadline),
            ("rectification", "rectification", deadline),
        )
        self.assertEqual(case.state, "approved", "rectification leaves the decision standing")
        entry = commitment.ledger_entry_id
        self.assertEqual(entry.entry_type, "false_commitment")
        self.assertEqual(
            (entry.applicant_id, entry.item_id, entry.certificate_id, entry.organization_id),
            (self.zhang, self.funeral_item, self.cert_kinship, self.civil),
        )
        self.assertEqual((entry.res_model, entry.res_id), ("noproof.commitment", commitment.id))
        self.assertIn("无亲属关系", entry.reason)
        self.assertEqual(entry.result, "Order Rectification")
        self.assertEqual(entry.user_id, self.clerk)
        self.assertEqual(
            self.check_for(case).note,
            f"Commitment {commitment.name} found false: 公安户籍信息显示申请人与逝者无亲属关系",
        )

        with freeze_time(deadline + timedelta(days=1)):
            commitment.invalidate_recordset(["is_overdue"])
            self.assertTrue(commitment.is_overdue)
            self.env["noproof.commitment"]._noproof_process_overdue()
            self.assertTrue(commitment.overdue_at)
            self.assertIn(
                self.env.ref("noproof_commitment.mail_activity_type_commitment_overdue"),
                commitment.activity_ids.activity_type_id,
            )
            # The office oversees; the organ that decided acts (Taizhou art. 8 ¶3).
            with self.assertRaisesRegex(AccessError, "Only the organ that decided"):
                commitment.with_user(self.office)._noproof_revoke("未按期整改")
            commitment.with_user(self.clerk)._noproof_revoke("申请人未在期限内整改")
        self.assertEqual((commitment.state, case.state), ("revoked", "revoked"))
        self.assertIn("未在期限内整改", case.revocation_reason)
        self.assertTrue(case.date_revoked)

    def test_rectified_in_time(self):
        """Taizhou art. 8 ¶3: an applicant who rectifies within the deadline keeps the decision."""
        case, commitment = self.approved_on_commitment()
        commitment.with_user(self.clerk)._noproof_declare_false(
            "申报的亲属关系有误", "rectification", rectification_deadline=fields.Date.today() + timedelta(days=5)
        )
        with self.assertRaisesRegex(UserError, "Describe how the applicant rectified"):
            commitment.with_user(self.clerk)._noproof_mark_rectified("")
        commitment.with_user(self.clerk)._noproof_mark_rectified(
            "申请人补正了亲属关系并退回多领补助", attachments=[("退款凭证.pdf", b"%PDF-1.4 receipt")]
        )
        self.assertEqual((commitment.state, case.state), ("rectified", "approved"))
        self.assertEqual(commitment.evidence_attachment_ids.mapped("name"), ["退款凭证.pdf"])
        with self.assertRaisesRegex(UserError, "cannot be revoked"):
            commitment.with_user(self.clerk)._noproof_revoke("too late")

    def test_rectification_before_approval(self):
        """Taizhou art. 8 ¶3 with Luzhou art. 8: a risky item's verification finds the promise false before
        approval; the case waits until the applicant rectifies within the deadline."""
        case = self.make_case(item=self.risky_item)
        commitment = self.sign(case, certificate=self.cert_income)
        commitment.with_user(self.clerk)._noproof_declare_false(
            "申报收入低于实际收入", "rectification", rectification_deadline=fields.Date.today() + timedelta(days=10)
        )
        check = self.check_for(case, self.cert_income)
        self.assertEqual((case.state, check.state), ("open", "discrepancy"))
        with self.assertRaisesRegex(UserError, "cannot be approved yet"):
            case.with_user(self.clerk).action_approve()
        commitment.with_user(self.clerk)._noproof_mark_rectified("申请人如实补报收入，经核实仍符合条件")
        self.assertEqual((commitment.state, check.state), ("rectified", "done"))
        case.with_user(self.clerk).action_approve()
        self.assertEqual(case.state, "approved")

    def test_false_promise_revokes_the_decision(self):
        """Taizhou art. 8 ¶3: the deciding organ may instead revoke the decision at once; the benefit obtained by a
        false promise is not protected. An application not yet decided is refused."""
        case, commitment = self.approved_on_commitment()
        commitment.with_user(self.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
        self.assertEqual((commitment.state, case.state), ("revoked", "revoked"))
        self.assertFalse(commitment.rectification_deadline)

        risky = self.make_case(item=self.risky_item, applicant=self.li)
        pending = self.sign(risky, certificate=self.cert_income)
        pending.with_user(self.clerk)._noproof_declare_false("隐瞒经营收入", "revocation")
        self.assertEqual(risky.state, "rejected")
        self.assertIn("隐瞒经营收入", risky.decision_note)
        self.assertEqual(self.check_for(risky, self.cert_income).state, "discrepancy")

    def test_false_promise_bad_input(self):
        """A false promise needs the finding, the measure and, for rectification, a deadline after today; only the
        deciding organ acts on it (Taizhou art. 8 ¶3); nothing is half-written."""
        case, commitment = self.approved_on_commitment()
        Entry = self.env["noproof.ledger.entry"]
        before = Entry.search_count([("entry_type", "=", "false_commitment")])
        office = commitment.with_user(self.clerk)  # the deciding organ's clerk
        with self.assertRaisesRegex(AccessError, "Only the organ that decided"):
            commitment.with_user(self.office)._noproof_declare_false("false", "revocation")
        with self.assertRaisesRegex(UserError, "Describe what the applicant promised"):
            office._noproof_declare_false("  ", "revocation")
        with self.assertRaisesRegex(UserError, "Choose the measure"):
            office._noproof_declare_false("false", "fine")
        for day in (None, fields.Date.today(), fields.Date.today() - timedelta(days=1)):
            with self.assertRaisesRegex(UserError, "after today"):
                office._noproof_declare_false("false", "rectification", rectification_deadline=day)
        self.assertEqual(commitment.state, "signed")
        self.assertEqual(Entry.search_count([("entry_type", "=", "false_commitment")]), before)
        self.assertFalse(self.env["noproof.commitment.bar"].search([("applicant_id", "=", self.zhang.id)]))
        # An office of another level reads the commitment only if it is in its counties; the county's office
        # cannot act on the city's commitments.
        with self.assertRaises(AccessError):
            commitment.with_user(self.county_office_user)._noproof_declare_false("false", "revocation")

    def test_false_promise_bars_the_applicant_across_the_city(self):
        """Taizhou art. 8 ¶4: an applicant barred by the deciding organ after a false promise may not use commitment
        instead of a certificate for the bar's length (two years here), in the city and all its counties, checked at
        signature with a clear message."""
        today = date(2024, 6, 3)
        with freeze_time(today):
            case, commitment = self.approved_on_commitment()
            commitment.with_user(self.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
            self.assertFalse(commitment.bar_ids, "a bar is decided, never automatic")
            commitment.with_user(self.clerk)._noproof_decide_bar(24)
            bar = commitment.bar_ids
            self.assertEqual(
                (bar.applicant_id, bar.company_id, bar.date_from, bar.date_to),
                (self.zhang, self.city, today, date(2026, 6, 2)),
            )
            self.assertTrue(bar.is_in_force)
            exemption = commitment.exemption_ids.filtered(lambda e: e.role == "clerk")
            self.assertEqual((exemption.user_id, exemption.state), (self.clerk, "draft"))

            county_case = self.make_case(item=self.county_funeral_item, clerk=self.county_clerk)
            with self.assertRaisesRegex(
                UserError,
                r"张三 may not use commitment instead of a certificate until .*"
                r"anywhere in Test Taizhou and its counties",
            ):
                self.sign(county_case)
            self.assertFalse(self.check_for(county_case).commitment_id)
            # The same person under another partner record (registered again by the county) is barred too; another
            # city is not concerned.
            Partner = self.env["res.partner"]
            number = {"name": "张三", "noproof_id_type": "resident_id", "noproof_id_number": "331002199006152349"}
            twin = Partner.create({**number, "company_id": self.county.id})
            with self.assertRaisesRegex(UserError, "may not use commitment"):
                self.sign(self.make_case(item=self.county_funeral_item, applicant=twin, clerk=self.county_clerk))
            # Applicants belong to a level: Luzhou registers the same person as its own applicant.
            lz_twin = Partner.create({**number, "company_id": self.lz.id})
            other = self.make_case(item=self.lz_funeral_item, applicant=lz_twin, clerk=self.lz_clerk)
            self.assertEqual(self.sign(other).state, "signed")
            # The sign wizard warns before the clerk even tries.
            wizard = (
                self.env["noproof.commitment.sign.wizard"]
                .with_user(self.county_clerk)
                .create({"check_id": self.check_for(county_case).id})
            )
            self.assertIn("barred from commitment", wizard.bar_warning)

        with freeze_time(date(2026, 6, 2)):
            bar.invalidate_recordset(["is_in_force"])
            self.assertTrue(bar.is_in_force, "the last day of the bar still counts")
            with self.assertRaisesRegex(UserError, "may not use commitment"):
                self.sign(county_case)

    def test_bar_expires_by_itself(self):
        """Taizhou art. 8 ¶4: the bar lasts two years and then ends without anyone acting; the daily job marks it
        expired, once."""
        with freeze_time(date(2024, 6, 3)):
            _case, commitment = self.approved_on_commitment()
            commitment.with_user(self.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
            commitment.with_user(self.clerk)._noproof_decide_bar(24)
        bar = commitment.bar_ids
        Bar = self.env["noproof.commitment.bar"]
        with freeze_time(date(2026, 6, 3)):
            bar.invalidate_recordset(["is_in_force"])
            self.assertFalse(bar.is_in_force)
            self.assertNotIn(bar, Bar.search([("is_in_force", "=", True)]))
            self.assertIn(bar, Bar.search([("is_in_force", "=", False)]))
            self.assertEqual(bar.state, "active", "not marked yet, but no longer in force")
            county_case = self.make_case(item=self.county_funeral_item, clerk=self.county_clerk)
            self.assertEqual(self.sign(county_case).state, "signed")
            self.assertEqual(Bar._noproof_expire(), (1, 0))
            self.assertEqual(bar.state, "expired")
            self.assertEqual(Bar._noproof_expire(), (0, 0), "idempotent")

    def test_bar_lifted_with_a_recorded_reason(self):
        """Credit repair: the city's office may lift a bar early, with the reason kept; others may not."""
        _case, commitment = self.approved_on_commitment()
        commitment.with_user(self.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
        commitment.with_user(self.clerk)._noproof_decide_bar(24)
        bar = commitment.bar_ids
        with self.assertRaisesRegex(AccessError, "Only the office"):
            bar.with_user(self.clerk)._noproof_lift("信用修复")
        with self.assertRaises(AccessError):
            bar.with_user(self.county_office_user)._noproof_lift("信用修复")
        with self.assertRaisesRegex(UserError, "Write why the bar is lifted"):
            bar.with_user(self.office)._noproof_lift(" ")
        with self.assertRaisesRegex(UserError, "Lift Bar"):
            bar.with_user(self.office).write({"state": "lifted"})
        wizard = (
            self.env["noproof.commitment.bar.lift.wizard"]
            .with_user(self.office)
            .create({"bar_id": bar.id, "reason": "申请人已完成信用修复"})
        )
        wizard.action_lift()
        self.assertEqual(
            (bar.state, bar.lifted_by_id, bar.lifted_reason), ("lifted", self.office, "申请人已完成信用修复")
        )
        self.assertFalse(bar.is_in_force)
        self.assertEqual(self.sign(self.make_case()).state, "signed")
        with self.assertRaisesRegex(UserError, "kept as it was"):
            bar.with_user(self.office).date_to = date(2030, 1, 1)
        with self.assertRaisesRegex(UserError, "kept for inspection"):
            bar.with_user(self.office).unlink()

    def test_bar_length_is_configured_by_the_city(self):
        """Taizhou art. 8 ¶4 ("两年内"): the deciding organ chooses the length, up to the longest bar the city sets,
        itself never above two years; a city that sets 0 months allows no bar."""
        self.city.noproof_commitment_bar_months = 6
        with freeze_time(date(2024, 1, 15)):
            _case, commitment = self.approved_on_commitment()
            commitment.with_user(self.clerk)._noproof_declare_false("虚构", "revocation")
            with self.assertRaisesRegex(UserError, "from 1 to 6 months"):
                commitment.with_user(self.clerk)._noproof_decide_bar(7)
            commitment.with_user(self.clerk)._noproof_decide_bar(6)
        self.assertEqual(commitment.bar_ids.date_to, date(2024, 7, 14))
        with self.assertRaisesRegex(ValidationError, "at most 24 months"):
            self.city.noproof_commitment_bar_months = 25
        self.city.noproof_commitment_bar_months = 0
        _case, commitment = self.approved_on_commitment(applicant=self.li)
        commitment.with_user(self.clerk)._noproof_declare_false("虚构", "revocation")
        with self.assertRaisesRegex(UserError, "sets no bar length"):
            commitment.with_user(self.clerk)._noproof_decide_bar(1)
        self.assertFalse(commitment.bar_ids)
        Bar = self.env["noproof.commitment.bar"].with_user(self.office)
        with self.assertRaisesRegex(ValidationError, "applies to a whole city"):
            Bar.create(
                {
                    "applicant_id": self.li.id,
                    "company_id": self.county.id,
                    "date_to": fields.Date.today() + timedelta(days=30),
                    "reason": "x",
                }
            )
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            Bar.create(
                {
                    "applicant_id": self.li.id,
                    "company_id": self.city.id,
                    "date_from": "2024-01-02",
                    "date_to": "2024-01-01",
                    "reason": "x",
                }
            )

    def test_county_false_promise_bars_across_the_city(self):
        """Taizhou art. 8 ¶4: a false promise found in a county bars the applicant in the whole city: in the city
        itself and in its other counties, but not in another city."""
        county_case = self.make_case(item=self.county_funeral_item, clerk=self.county_clerk)
        commitment = self.sign(county_case)
        commitment.with_user(self.county_clerk)._noproof_declare_false("虚构亲属关系", "revocation")
        commitment.with_user(self.county_clerk)._noproof_decide_bar(24)
        bar = commitment.bar_ids
        self.assertEqual(bar.company_id, self.city, "the bar is set on the city, whatever level found it")
        self.assertEqual(county_case.state, "rejected")
        with self.assertRaisesRegex(UserError, "anywhere in Test Taizhou and its counties"):
            self.sign(self.make_case())
        sister = self.env["res.company"].create({"name": "Test Huangyan", "parent_id": self.city.id})
        Bar = self.env["noproof.commitment.bar"]
        self.assertEqual(Bar._noproof_bar_for(self.zhang, sister), bar)
        self.assertFalse(Bar._noproof_bar_for(self.zhang, self.lz))
        self.assertEqual(self.sign(self.make_case(item=self.lz_funeral_item, clerk=self.lz_clerk)).state, "signed")
