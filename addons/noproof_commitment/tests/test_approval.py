from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestApprovalOnCommitment(NoproofCommitmentCase):
    def test_item_without_risk_is_approved_at_signature(self):
        """Luzhou art. 8: outside the risk categories, the case is approved as soon as the applicant has signed
        the commitment; the verification follows."""
        case = self.make_case()
        self.settle_other_checks(case)
        with self.assertRaisesRegex(UserError, "resolve Kinship Certificate first"):
            case.with_user(self.clerk).action_approve()
        commitment = self.sign(case)
        check = self.check_for(case)
        self.assertFalse(check._noproof_check_blocks_approval())
        case.with_user(self.clerk).action_approve()
        self.assertEqual(case.state, "approved")
        self.assertEqual((commitment.state, check.state), ("signed", "waiting"), "verification is still to come")
        self.assertIn("Approved on commitment", case.message_ids[0].body)
        activity = commitment.activity_ids
        self.assertEqual(
            activity.activity_type_id, self.env.ref("noproof_commitment.mail_activity_type_commitment_follow_up")
        )
        self.assertEqual(activity.user_id, self.clerk)

        commitment.with_user(self.clerk)._noproof_confirm("经公安人口信息系统核实亲属关系属实")
        self.assertEqual((commitment.state, commitment.verified_by_id), ("verified", self.clerk))
        self.assertEqual((check.state, check.resolution), ("done", "commitment"))
        self.assertFalse(commitment.activity_ids, "the follow-up activity is done")
        with self.assertRaisesRegex(UserError, "Verified: it cannot be verified"):
            commitment.with_user(self.clerk)._noproof_confirm("again")

    def test_risky_item_is_approved_only_after_verification(self):
        """Luzhou art. 8: environment, production safety, personal relationship, major property, fiscal funds and
        social-security funds are verified before approval, even with a signed commitment."""
        self.city.noproof_statute = "luzhou"
        case = self.make_case(item=self.risky_item)
        commitment = self.sign(case, certificate=self.cert_income)
        self.assertTrue(self.check_for(case, self.cert_income)._noproof_check_blocks_approval())
        with self.assertRaisesRegex(
            UserError,
            r"concerns Fiscal Funds: it is approved only after the commitment for "
            r"Income Certificate has been verified \(Luzhou art. 8\)",
        ):
            case.with_user(self.clerk).action_approve()
        self.assertEqual(case.state, "open")
        with self.assertRaisesRegex(UserError, "Describe how the promise was verified"):
            commitment.with_user(self.clerk)._noproof_confirm("  ")
        commitment.with_user(self.clerk)._noproof_confirm("经税务、社保数据核实收入属实")
        case.with_user(self.clerk).action_approve()
        self.assertEqual(case.state, "approved")

    def test_each_risk_category_waits_for_verification(self):
        """Luzhou art. 8: every one of the six risk categories keeps the case from approval on signature alone."""
        categories = [key for key, _label in self.env["noproof.service.item"]._fields["risk_category"].selection]
        self.assertEqual(len(categories), 6)
        for category in categories:
            self.risky_item.risk_category = category
            case = self.make_case(item=self.risky_item)
            self.sign(case, certificate=self.cert_income)
            with self.assertRaisesRegex(UserError, "approved only after the commitment"):
                case.with_user(self.clerk).action_approve()
        self.risky_item.risk_category = False
        case = self.make_case(item=self.risky_item, applicant=self.li)
        self.sign(case, certificate=self.cert_income)
        case.with_user(self.clerk).action_approve()
        self.assertEqual(case.state, "approved")

    def test_follow_up_due_within_three_days(self):
        """Luzhou art. 8: the follow-up verification is completed within 3 days of signature; past the deadline
        the commitment shows as overdue and the office is told once."""
        signed_at = datetime(2024, 5, 6, 2, 0, 0)  # Monday 10:00 in Asia/Shanghai
        with freeze_time(signed_at):
            case = self.make_case()
            self.settle_other_checks(case)
            commitment = self.sign(case)
            case.with_user(self.clerk).action_approve()
        self.assertEqual(commitment.follow_up_deadline, signed_at + timedelta(days=3))
        Commitment = self.env["noproof.commitment"]
        with freeze_time(signed_at + timedelta(days=3) - timedelta(minutes=1)):
            commitment.invalidate_recordset(["is_overdue"])
            self.assertFalse(commitment.is_overdue)
            self.assertNotIn(commitment, Commitment.search([("is_overdue", "=", True)]))
            self.assertEqual(Commitment._noproof_process_overdue()[0], 0)
        with freeze_time(signed_at + timedelta(days=3, minutes=1)):
            commitment.invalidate_recordset(["is_overdue"])
            self.assertTrue(commitment.is_overdue)
            self.assertIn(commitment, Commitment.search([("is_overdue", "=", True)]))
            self.assertNotIn(commitment, Commitment.search([("is_overdue", "=", False)]))
            reported, remaining = Commitment._noproof_process_overdue()
            self.assertEqual((reported, remaining), (1, 0))
            overdue = commitment.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("noproof_commitment.mail_activity_type_commitment_overdue")
            )
            self.assertEqual(overdue.user_id, self.office, "reported to the level's office")
            self.assertEqual(Commitment._noproof_process_overdue(), (0, 0), "reported once")
            commitment.with_user(self.clerk)._noproof_confirm("核实属实（逾期完成）")
            commitment.invalidate_recordset(["is_overdue"])
            self.assertFalse(commitment.is_overdue)

    def test_follow_up_deadline_is_configured_per_level(self):
        """Luzhou art. 8: 3 days in Luzhou; each level sets its own figure in a deadline policy for commitments,
        in calendar or working days, and a county without one uses its city's."""
        self.assertIn("Test Taizhou", self.county.noproof_commitment_follow_up_summary)
        self.assertEqual(self.county._noproof_commitment_policy().company_id, self.city)
        self.city._noproof_commitment_policy().unlink()
        calendar = self.env["resource.calendar"].create(
            {"name": "Office 9-17", "tz": "Asia/Shanghai", "company_id": False}
        )
        self.city.resource_calendar_id = calendar
        self.county.resource_calendar_id = calendar
        self.commitment_policy(self.city, 2, "working")
        friday = datetime(2024, 5, 10, 2, 0, 0)  # Friday 10:00 local
        with freeze_time(friday):
            case = self.make_case(item=self.county_funeral_item, clerk=self.county_clerk)
            commitment = self.sign(case)
        day_seconds = calendar._noproof_clock().day_seconds
        self.assertEqual(commitment.follow_up_deadline, calendar._noproof_clock().add(friday, 2 * day_seconds))
        self.assertEqual(commitment.follow_up_deadline.weekday(), 1, "two working days after a Friday: Tuesday")
        self.assertEqual(commitment.deadline, commitment.follow_up_deadline)
        county_policy = self.commitment_policy(self.county, 5, "calendar")
        self.assertEqual(self.county._noproof_commitment_policy(), county_policy)
        with freeze_time(friday):
            later = self.sign(self.make_case(item=self.county_funeral_item, clerk=self.county_clerk, applicant=self.li))
        self.assertEqual(later.follow_up_deadline, friday + timedelta(days=5))

    def test_no_commitment_without_a_follow_up_deadline(self):
        """Luzhou art. 8: every follow-up has its deadline. A level (and its city) without a deadline policy for
        commitments cannot take one: the clerk is told to have the policy set, and nothing is signed."""
        self.city._noproof_commitment_policy().unlink()
        case = self.make_case()
        with self.assertRaisesRegex(UserError, "No deadline policy for commitment follow-ups"):
            self.sign(case)
        self.assertFalse(self.env["noproof.commitment"].search([("case_id", "=", case.id)]))

    def test_closing_the_case_withdraws_the_pending_commitment(self):
        """A case refused or cancelled before any decision rests on the commitment withdraws it: nothing is left
        to verify."""
        case = self.make_case()
        commitment = self.sign(case)
        case.with_user(self.clerk).write({"decision_note": "申请人撤回申请"})
        case.with_user(self.clerk).action_reject()
        self.assertEqual(commitment.state, "void")
        self.assertFalse(commitment.activity_ids)
        self.assertNotIn(commitment, self.env["noproof.commitment"].search([("is_overdue", "=", True)]))

    def test_follow_up_goes_to_the_assisting_organization(self):
        """Luzhou art. 8: the approving department and the assisting unit complete the follow-up. Where the rule
        names an assisting organization, its designated verifiers get the follow-up in turn; otherwise the
        handling organization checks itself, through the clerk who took the commitment."""
        own = self.sign(self.make_case(applicant=self.li))
        self.assertEqual((own.follow_up_user_id, own.activity_ids.user_id), (self.clerk, self.clerk))
        self.rule_funeral_kinship.assisting_organization_id = self.police
        wang = self.env["res.partner"].create(
            {
                "name": "王五",
                "company_id": self.city.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331002198001010013",
            }
        )
        first = self.sign(self.make_case())
        second = self.sign(self.make_case(applicant=wang))
        self.assertEqual(first.follow_up_user_id, self.verifier, "the designated verifier with no pending follow-up")
        self.assertEqual(second.follow_up_user_id, self.verifier2, "the next one goes to the less loaded verifier")
        self.assertEqual(first.activity_ids.user_id, self.verifier)
        self.assertIn(
            first,
            self.env["noproof.commitment"]
            .with_user(self.verifier)
            .search([("follow_up_user_id", "=", self.verifier.id)]),
        )
        first.with_user(self.verifier)._noproof_confirm("公安户籍信息核实亲属关系属实")
        self.assertEqual((first.state, first.verified_by_id), ("verified", self.verifier))
        self.assertFalse(first.activity_ids)

    def test_overdue_follow_ups_are_reported_in_batches(self):
        """Luzhou art. 8: a follow-up not completed within its deadline is reported to the level's office by the
        deadline engine's scan, in batches, each commitment once."""
        Commitment = self.env["noproof.commitment"]
        applicants = self.zhang | self.li
        applicants |= self.env["res.partner"].create(
            {
                "name": "王五",
                "company_id": self.city.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331002198001010013",
            }
        )
        with freeze_time(fields.Datetime.now() - timedelta(days=5)):
            late = Commitment.union(*(self.sign(self.make_case(applicant=applicant)) for applicant in applicants))
        on_time = self.sign(self.make_case(item=self.risky_item), certificate=self.cert_income)
        self.assertEqual(Commitment._noproof_process_overdue(2), (2, 1), "the scheduler calls again for the rest")
        self.assertEqual(Commitment._noproof_process_overdue(2), (1, 0))
        self.assertEqual(Commitment._noproof_process_overdue(2), (0, 0), "each commitment is reported once")
        overdue_type = self.env.ref("noproof_commitment.mail_activity_type_commitment_overdue")
        for commitment in late:
            self.assertTrue(commitment.overdue_at)
            self.assertEqual(
                commitment.activity_ids.filtered(lambda a: a.activity_type_id == overdue_type).user_id, self.office
            )
        self.assertFalse(on_time.overdue_at)
        self.assertEqual(Commitment.search([("id", "in", (late | on_time).ids), ("is_overdue", "=", True)]), late)

    def test_luzhou_three_days_and_taizhou_its_own_figure(self):
        """Luzhou art. 8: Luzhou completes the follow-up within 3 days of signature. Taizhou's statute sets no
        figure, so its office sets its own deadline policy (here 3 working days of its office calendar)."""
        self.city._noproof_commitment_policy().unlink()
        self.commitment_policy(self.city, 3, "working")
        friday = datetime(2024, 5, 10, 2, 0, 0)  # Friday 10:00 in Asia/Shanghai
        with freeze_time(friday):
            lz_commitment = self.sign(self.make_case(item=self.lz_funeral_item, clerk=self.lz_clerk))
            tz_commitment = self.sign(self.make_case())
        self.assertEqual(lz_commitment.follow_up_deadline, datetime(2024, 5, 13, 2, 0, 0), "Monday 10:00")
        # Taizhou office hours 08:30-12:00 and 14:00-17:30: 5.5 h left on Friday, 7 h on Monday and Tuesday,
        # 1.5 h on Wednesday.
        self.assertEqual(tz_commitment.follow_up_deadline, datetime(2024, 5, 15, 2, 0, 0), "Wednesday 10:00")
        self.assertEqual(lz_commitment.activity_ids.date_deadline, datetime(2024, 5, 13).date())
