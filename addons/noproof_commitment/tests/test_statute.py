"""Issue 12: the provisions of both statutes on commitments, run by the settings of
each level (Taizhou art. 8, Luzhou arts. 8, 14 and 20)."""

from ast import literal_eval
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestFalsePromiseActor(NoproofCommitmentCase):
    """Taizhou art. 8 ¶3: the organ that decided acts on a false promise; the office oversees."""

    def approved_on_commitment(self, applicant=None):
        case = self.make_case(applicant=applicant)
        self.settle_other_checks(case)
        commitment = self.sign(case)
        case.with_user(self.clerk).action_approve()
        return case, commitment

    def test_taizhou_the_deciding_organ_acts_and_the_office_oversees(self):
        """Taizhou art. 8 ¶3: the administrative organ that decided (the item's handling organization: its clerks,
        and a configuration manager of its level acting for it) orders rectification or revokes its decision;
        the joint-conference office, a clerk of another organization and another city cannot; the office sees
        every such decision in its 'False Promises' list."""
        self.city.noproof_false_promise_actor = "organization"
        case, commitment = self.approved_on_commitment()
        self.assertTrue(commitment.with_user(self.clerk).can_act)
        self.assertFalse(commitment.with_user(self.office).can_act)
        for user in (self.office, self.other_clerk):
            with self.assertRaisesRegex(AccessError, "Only the organ that decided"):
                commitment.with_user(user).action_open_false()
            with self.assertRaisesRegex(AccessError, "Only the organ that decided"):
                commitment.with_user(user)._noproof_declare_false("虚构", "revocation")
        with self.assertRaises(AccessError):
            commitment.with_user(self.lz_clerk)._noproof_declare_false("虚构", "revocation")
        self.assertEqual(commitment.state, "signed")
        # The clerk clicks 'False Promise' and confirms the wizard.
        action = commitment.with_user(self.clerk).action_open_false()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.clerk)
            .with_context(**action["context"])
            .create({"note": "公安户籍信息显示无亲属关系", "measure": "rectification"})
        )
        wizard.action_confirm()
        self.assertEqual((commitment.state, commitment.false_by_id), ("rectification", self.clerk))
        # A configuration manager of the level acts for the organ: it revokes the decision.
        commitment.with_user(self.manager)._noproof_revoke("申请人拒不整改")
        self.assertEqual((commitment.state, case.state), ("revoked", "revoked"))
        # The office oversees: every false promise of its level and counties is in its list.
        county_case = self.make_case(item=self.county_funeral_item, clerk=self.county_clerk, applicant=self.li)
        county_commitment = self.sign(county_case)
        county_commitment.with_user(self.county_clerk)._noproof_declare_false("虚构", "revocation")
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_commitment.action_noproof_commitment_false")
        seen = self.env["noproof.commitment"].with_user(self.office).search(literal_eval(action["domain"]))
        self.assertEqual(seen & (commitment | county_commitment), commitment | county_commitment)

    def test_a_level_may_give_the_office_the_power_to_act(self):
        """Taizhou art. 8 ¶3 read as a level setting: where a level's statute gives the joint-conference office the
        power to act on false promises, its office acts and the handling organization's clerk does not; a county
        follows its city unless it sets its own."""
        self.city.noproof_false_promise_actor = "office"
        _case, commitment = self.approved_on_commitment()
        with self.assertRaisesRegex(AccessError, "only the joint-conference office"):
            commitment.with_user(self.clerk)._noproof_declare_false("虚构", "revocation")
        commitment.with_user(self.office)._noproof_declare_false("虚构", "revocation")
        self.assertEqual(commitment.state, "revoked")
        self.assertEqual(self.county._noproof_false_promise_actor(), "office")
        self.county.noproof_false_promise_actor = "organization"
        self.assertEqual(self.county._noproof_false_promise_actor(), "organization")

    def test_luzhou_the_approving_department_acts(self):
        """Luzhou arts. 8, 19-20: the approving department (审批部门) completes the follow-up and acts on the false
        promise; the Luzhou office (司法局) supervises but does not act in its place."""
        self.lz.noproof_false_promise_actor = "organization"
        case = self.make_case(item=self.lz_funeral_item, clerk=self.lz_clerk)
        commitment = self.sign(case)
        with self.assertRaisesRegex(AccessError, "Only the organ that decided"):
            commitment.with_user(self.lz_office)._noproof_declare_false("虚构", "revocation")
        commitment.with_user(self.lz_clerk)._noproof_declare_false("虚构", "revocation")
        self.assertEqual(commitment.state, "revoked")


@tagged("post_install", "-at_install")
class TestBarDecision(NoproofCommitmentCase):
    """Taizhou art. 8 ¶4: the bar is a decision, after an unrectified false promise or a revocation."""

    def test_bar_is_decided_after_revocation_or_failed_rectification_only(self):
        """Taizhou art. 8 ¶4: no bar follows a false promise by itself; 'Decide Bar' is refused while the promise
        stands, while the rectification period runs and once it was rectified, and allowed after the period
        passed without rectification; the length is chosen in the wizard, at most the city's longest bar."""
        self.city.write({"noproof_commitment_bar_policy": "decision", "noproof_commitment_bar_months": 24})
        with freeze_time(date(2024, 3, 1)):
            commitment = self.sign(self.make_case())
            with self.assertRaisesRegex(UserError, "only after the applicant failed to rectify"):
                commitment.with_user(self.clerk).action_open_decide_bar()
            commitment.with_user(self.clerk)._noproof_declare_false(
                "虚构亲属关系", "rectification", rectification_deadline=date(2024, 3, 15)
            )
            self.assertFalse(commitment.bar_ids, "no bar by itself")
            self.assertFalse(commitment.with_user(self.clerk).can_decide_bar)
            with self.assertRaisesRegex(UserError, "only after the applicant failed to rectify"):
                commitment.with_user(self.clerk)._noproof_decide_bar(24)
        with freeze_time(date(2024, 3, 16)):
            commitment.invalidate_recordset(["can_decide_bar"])
            self.assertTrue(commitment.with_user(self.clerk).can_decide_bar)
            with self.assertRaisesRegex(AccessError, "Only the organ that decided"):
                commitment.with_user(self.office).action_open_decide_bar()
            action = commitment.with_user(self.clerk).action_open_decide_bar()
            self.assertEqual(action["context"]["default_months"], 24)
            Wizard = self.env[action["res_model"]].with_user(self.clerk).with_context(**action["context"])
            with self.assertRaisesRegex(UserError, "from 1 to 24 months"):
                Wizard.create({"months": 25, "reason": "too long"}).action_decide()
            Wizard.create({"months": 12, "reason": "情节一般"}).action_decide()
            bar = commitment.bar_ids
            self.assertEqual(
                (bar.date_from, bar.date_to, bar.organization_id, bar.decided_by_id, bar.company_id),
                (date(2024, 3, 16), date(2025, 3, 15), self.civil, self.clerk, self.city),
            )
            self.assertIn("情节一般", bar.reason)
            with self.assertRaisesRegex(UserError, "already decided"):
                commitment.with_user(self.clerk)._noproof_decide_bar(6)
        # Rectified in time: no bar can follow.
        rectified = self.sign(self.make_case(applicant=self.li))
        rectified.with_user(self.clerk)._noproof_declare_false(
            "虚构", "rectification", rectification_deadline=fields.Date.today() + timedelta(days=3)
        )
        rectified.with_user(self.clerk)._noproof_mark_rectified("已补正")
        with self.assertRaisesRegex(UserError, "only after the applicant failed to rectify"):
            rectified.with_user(self.clerk)._noproof_decide_bar(6)

    def test_luzhou_does_not_bar(self):
        """Luzhou's measures have no bar on commitment (only Taizhou art. 8 ¶4 has): with the level's setting 'No
        bar on commitment', 'Decide Bar' is refused after a revocation and the office cannot record one by hand."""
        self.lz.noproof_commitment_bar_policy = "none"
        commitment = self.sign(self.make_case(item=self.lz_funeral_item, clerk=self.lz_clerk))
        commitment.with_user(self.lz_clerk)._noproof_declare_false("虚构", "revocation")
        self.assertFalse(commitment.with_user(self.lz_clerk).can_decide_bar)
        with self.assertRaisesRegex(UserError, "does not bar applicants from commitment"):
            commitment.with_user(self.lz_clerk)._noproof_decide_bar(6)
        with self.assertRaisesRegex(UserError, "does not bar applicants"):
            self.env["noproof.commitment.bar"].with_user(self.lz_office).create(
                {"applicant_id": self.lz_wang.id, "company_id": self.lz.id, "date_to": "2025-01-01", "reason": "x"}
            )
        self.assertFalse(self.env["noproof.commitment.bar"].search([("company_id", "=", self.lz.id)]))

    def test_a_bar_never_exceeds_two_years(self):
        """Taizhou art. 8 ¶4 ("两年内"): the city's longest bar is at most 24 months, and a bar the office records by
        hand cannot be longer than the city allows."""
        from odoo.exceptions import ValidationError

        with self.assertRaisesRegex(ValidationError, "at most 24 months"):
            self.city.noproof_commitment_bar_months = 36
        self.city.noproof_commitment_bar_months = 12
        Bar = self.env["noproof.commitment.bar"].with_user(self.office)
        with self.assertRaisesRegex(ValidationError, "at most 12 months"):
            Bar.create(
                {
                    "applicant_id": self.li.id,
                    "company_id": self.city.id,
                    "date_from": "2024-01-01",
                    "date_to": "2025-01-01",
                    "reason": "x",
                }
            )
        bar = Bar.create(
            {
                "applicant_id": self.li.id,
                "company_id": self.city.id,
                "date_from": "2024-01-01",
                "date_to": "2024-12-31",
                "reason": "x",
            }
        )
        self.assertEqual(bar.state, "active")


@tagged("post_install", "-at_install")
class TestCommitmentFallback(NoproofCommitmentCase):
    """Luzhou art. 14 ¶1: commitment when neither shared data nor a ticket confirms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_lz_kinship.commitment_fallback = True
        cls.lz.noproof_commitment_fallback = "allowed"
        cls.env["noproof.commitment.template"].create(
            {
                "name": "Luzhou Kinship Commitment",
                "company_id": cls.lz.id,
                "certificate_ids": [(6, 0, cls.cert_kinship.ids)],
                "content": "本人{{applicant}}承诺与当事人系直系亲属。",
                "standard": "以户籍登记为准。",
                "liability": "虚假承诺的，依法撤销审批决定。",
            }
        )

    def ticket_answered(self, result):
        case = self.open_case(item=self.lz_item)
        check = self.check_of(case, self.rule_lz_kinship)
        ticket = self.make_ticket(case, self.rule_lz_kinship)
        ticket.action_send()
        ticket.with_user(ticket.assigned_user_id).action_answer(result, "户籍系统中查无此亲属关系")
        return case, check.with_user(self.lz_clerk)

    def test_fallback_after_a_ticket_found_no_information(self):
        """Luzhou art. 14 ¶1: when the police answer that they hold no such information, the clerk clicks
        'Commitment Instead' and the applicant signs the rule's template; the check is settled by commitment and
        the case can be decided on it."""
        case, check = self.ticket_answered("not_found")
        self.assertEqual(check.state, "discrepancy")
        self.assertTrue(check.commitment_fallback_open)
        action = check.action_open_commitment_fallback()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.lz_clerk)
            .with_context(**action["context"])
            .create({"signature_method": "esign", "signature_reference": "ESIGN-FB-1"})
        )
        self.assertEqual(wizard.template_id.name, "Luzhou Kinship Commitment")
        wizard.action_sign()
        commitment = check.commitment_id
        self.assertEqual((check.state, check.resolution, commitment.state), ("waiting", "commitment", "signed"))
        self.assertTrue(commitment.is_fallback)
        self.assertIn("直系亲属", commitment.content)
        self.assertFalse(check._noproof_check_blocks_approval(), "the case is decided on the commitment")

    def test_no_fallback_while_something_may_still_confirm(self):
        """Luzhou art. 14 ¶1: the fallback opens only when nothing could confirm: not before the ticket is
        answered, not when it answered that the data does not match (a discrepancy, for a supplement), not when the
        rule does not allow it, not at a level whose statute does not provide it (Taizhou)."""
        case = self.open_case(item=self.lz_item)
        check = self.check_of(case, self.rule_lz_kinship).with_user(self.lz_clerk)
        with self.assertRaisesRegex(UserError, "only once a look-up found no data"):
            check.action_open_commitment_fallback()
        _case, mismatch = self.ticket_answered("not_confirmed")
        self.assertFalse(mismatch.commitment_fallback_open)
        with self.assertRaisesRegex(UserError, "only once a look-up found no data"):
            self.env["noproof.commitment"].with_user(self.lz_clerk)._noproof_sign(mismatch, "esign", "ESIGN-X")
        _case, nothing = self.ticket_answered("not_found")
        self.rule_lz_kinship.commitment_fallback = False
        with self.assertRaisesRegex(UserError, "does not allow the applicant's commitment"):
            nothing.action_open_commitment_fallback()
        self.rule_lz_kinship.commitment_fallback = True
        self.lz.noproof_commitment_fallback = "no"
        with self.assertRaisesRegex(UserError, "does not handle a certificate on commitment"):
            nothing.action_open_commitment_fallback()
        self.assertFalse(nothing.commitment_id)


@tagged("post_install", "-at_install")
class TestFollowUpTicket(NoproofCommitmentCase):
    """Luzhou art. 8: the follow-up with the assisting unit is a real verification ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_lz_funeral_kinship.assisting_organization_id = cls.lz_police

    def signed(self):
        case = self.make_case(item=self.lz_funeral_item, clerk=self.lz_clerk)
        self.settle_other_checks(case)
        return case, self.sign(case)

    def test_follow_up_is_a_ticket_that_approval_does_not_cancel(self):
        """Luzhou art. 8: signing sends a verification ticket to the assisting unit, with the deadline of the
        level's policy; approving the case on the commitment does not cancel it, nor may the clerk; the verifier's
        confirmation verifies the commitment."""
        case, commitment = self.signed()
        ticket = commitment.follow_up_ticket_id
        self.assertTrue(ticket)
        self.assertEqual(
            (ticket.state, ticket.assisting_organization_id, ticket.sla_policy_id, ticket.assigned_user_id),
            ("sent", self.lz_police, self.lz_electronic, self.lz_verifier),
        )
        self.assertEqual(ticket.deadline, self.lz_electronic.compute_deadline(ticket.sent_at))
        self.assertIn(commitment.name, ticket.question)
        case.with_user(self.lz_clerk).action_approve()
        self.assertEqual((case.state, ticket.state), ("approved", "sent"), "approval does not cancel the follow-up")
        with self.assertRaisesRegex(UserError, "must be verified"):
            ticket.with_user(self.lz_clerk).action_cancel()
        ticket.with_user(self.lz_verifier).action_answer("confirmed", "户籍信息显示系母子关系")
        self.assertEqual(ticket.state, "answered")
        self.assertEqual((commitment.state, commitment.verified_by_id), ("verified", self.lz_verifier))
        self.assertIn("母子关系", commitment.verification_note)
        self.assertEqual(self.check_for(case).state, "done")

    def test_an_unconfirmed_answer_goes_to_the_deciding_organ(self):
        """Luzhou art. 8 with Taizhou art. 8 ¶3: an answer that does not confirm leaves the commitment awaiting the
        decision of the organ (nothing is declared false by itself), with an activity for it."""
        _case, commitment = self.signed()
        ticket = commitment.follow_up_ticket_id
        ticket.with_user(self.lz_verifier).action_answer("not_confirmed", "户籍信息显示无亲属关系")
        self.assertEqual(commitment.state, "signed")
        self.assertIn("did not confirm", " ".join(commitment.activity_ids.mapped("summary")))
        commitment.with_user(self.lz_clerk)._noproof_declare_false("无亲属关系", "revocation")
        self.assertEqual(commitment.state, "revoked")

    def test_overdue_follow_up_ticket_is_escalated(self):
        """Luzhou arts. 8 and 12: an unanswered follow-up ticket is escalated like any ticket once its deadline
        passes; verifying the commitment otherwise, or the case being withdrawn, ends the ticket."""
        case, commitment = self.signed()
        ticket = commitment.follow_up_ticket_id
        Ticket = self.env["noproof.verification.ticket"]
        with freeze_time(ticket.deadline + timedelta(days=1)):
            Ticket._noproof_process_overdue()
        self.assertTrue(ticket.overdue_at)
        self.assertTrue(ticket.escalation_ids)
        commitment.with_user(self.lz_clerk)._noproof_confirm("现场核实属实")
        self.assertEqual(ticket.state, "cancelled")
        # A withdrawn case withdraws its commitment and ends the ticket.
        other_case, other = self.signed()
        other_case.with_user(self.lz_clerk).write({"decision_note": "申请人撤回"})
        other_case.with_user(self.lz_clerk).action_reject()
        self.assertEqual((other.state, other.follow_up_ticket_id.state), ("void", "cancelled"))

    def test_without_an_assisting_unit_the_organization_follows_up_itself(self):
        """Luzhou art. 8: where the rule names no assisting unit, the approving department follows up itself
        (its follow-up activity and deadline); no ticket is sent to itself."""
        case = self.make_case()
        commitment = self.sign(case)
        self.assertFalse(commitment.follow_up_ticket_ids)
        self.assertTrue(commitment.follow_up_deadline)
