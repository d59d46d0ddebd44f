from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.noproof_exemption import CONDITIONS
from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestExemption(NoproofCommitmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Luzhou art. 20: the five conditions are reviewed (the level's setting).
        cls.city.noproof_staff_exemption_rule = "conditions"
        cls.commitment = cls.signed_commitment(cls.clerk, cls.funeral_item, cls.zhang, reference="ESIGN-EX-1")
        # The deciding organ (the civil affairs clerk) acts on the false promise (Taizhou art. 8 ¶3).
        cls.commitment.with_user(cls.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
        cls.exemption = cls.commitment.exemption_ids.filtered(lambda e: e.role == "clerk")

    def all_conditions(self):
        values = {}
        for name in CONDITIONS:
            values[name] = True
            values[f"{name}_evidence"] = f"evidence for {name}"
        return values

    def test_exempt_only_when_all_five_conditions_hold(self):
        """Luzhou art. 20 (and Taizhou art. 8 ¶3): no negative evaluation and no responsibility for staff when a
        false promise caused a mistake, but only when all five conditions hold."""
        self.assertEqual((self.exemption.user_id, self.exemption.state), (self.clerk, "draft"))
        office = self.exemption.with_user(self.office)
        values = self.all_conditions()
        for missing in CONDITIONS:
            office.write({**values, missing: False})
            self.assertFalse(office.is_exempt, f"{missing} does not hold: not exempt")
        office.write(values)
        self.assertTrue(office.is_exempt)
        office.action_decide()
        self.assertEqual((office.state, office.decided_by_id), ("decided", self.office))
        self.assertIn("Exempt", office.message_ids[0].body)

    def test_not_exempt_needs_a_written_decision(self):
        """Luzhou art. 20: when a condition fails the staff member is not exempt, and the office writes what
        follows."""
        office = self.exemption.with_user(self.office)
        office.write({**self.all_conditions(), "condition_supervision": False})
        with self.assertRaisesRegex(UserError, "not exempt: write the decision"):
            office.action_decide()
        office.decision_note = "未在规定期限内开展事后核查，予以通报。"
        office.action_decide()
        self.assertFalse(office.is_exempt)
        self.assertEqual(office.state, "decided")

    def test_each_ticked_condition_needs_evidence(self):
        """Luzhou art. 20: each condition that holds is shown by its evidence, or the decision waits."""
        office = self.exemption.with_user(self.office)
        office.write({**self.all_conditions(), "condition_procedure_evidence": "  "})
        with self.assertRaisesRegex(UserError, r"Give the evidence.*\(3\) Lawful decision procedure"):
            office.action_decide()
        self.assertEqual(office.state, "draft")

    def test_decision_is_frozen_and_only_the_office_decides(self):
        """Luzhou art. 20: the office decides; a decision stays as taken until the office reopens it; the staff
        member reads the assessment about them."""
        office = self.exemption.with_user(self.office)
        office.write(self.all_conditions())
        with self.assertRaises(AccessError):
            self.exemption.with_user(self.clerk).write({"condition_reform": False})
        with self.assertRaisesRegex(AccessError, "Only the office"):
            self.exemption.with_user(self.clerk).action_decide()
        office.action_decide()
        with self.assertRaisesRegex(UserError, "reopen it"):
            office.condition_reform = False
        office.action_reopen()
        office.condition_reform = False
        self.assertFalse(office.is_exempt)
        # The staff member reads the assessment about them.
        self.assertEqual(self.exemption.with_user(self.clerk).read(["is_exempt"])[0]["is_exempt"], False)
        with self.assertRaisesRegex(ValidationError, "not found false"):
            other = self.sign(self.make_case(applicant=self.li))
            self.env["noproof.exemption"].with_user(self.office).create(
                {"commitment_id": other.id, "user_id": self.clerk.id}
            )

    def test_luzhou_review_covers_the_unit_the_clerk_and_the_approver(self):
        """Luzhou art. 20 (单位及工作人员): after a false promise the office reviews the unit, the staff member who
        took the commitment and the one who approved the case, each against the five conditions; none is exempt
        before the office decides."""
        approver = new_test_user(
            self.env, login="c_civil_head", groups="noproof_catalog.group_clerk", company_id=self.city.id
        )
        self.civil.user_ids = [Command.link(approver.id)]
        case = self.make_case(applicant=self.li)
        self.settle_other_checks(case)
        commitment = self.sign(case)
        case.with_user(approver).action_approve()
        self.assertEqual(case.approved_by_id, approver)
        commitment.with_user(self.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
        reviews = commitment.sudo().exemption_ids
        self.assertEqual(
            sorted((e.role, e.user_id.login or "") for e in reviews),
            [("approver", approver.login), ("clerk", self.clerk.login), ("unit", "")],
        )
        self.assertEqual(set(reviews.mapped("state")), {"draft"})
        self.assertEqual(set(reviews.mapped("basis")), {"conditions"})
        self.assertFalse(any(reviews.mapped("is_exempt")))
        unit = reviews.filtered(lambda e: e.role == "unit")
        self.assertEqual(unit.organization_id, self.civil)
        self.assertIn(self.civil.name, unit.name)
        unit.with_user(self.office).write(self.all_conditions())
        unit.with_user(self.office).action_decide()
        self.assertTrue(unit.is_exempt)

    def test_taizhou_exemption_is_granted_by_law_without_review(self):
        """Taizhou art. 8 ¶3: the organ and its staff are never evaluated negatively nor held liable for an
        applicant's false promise, unconditionally: the exemption is recorded as granted by law, citing the
        article, and no review is opened (nothing to decide or reopen)."""
        self.city.write({"noproof_staff_exemption_rule": "by_law", "noproof_statute": "taizhou"})
        commitment = self.sign(self.make_case(applicant=self.li))
        commitment.with_user(self.clerk)._noproof_declare_false("虚构亲属关系", "revocation")
        exemptions = commitment.sudo().exemption_ids
        self.assertEqual(sorted(exemptions.mapped("role")), ["clerk", "unit"])
        for exemption in exemptions:
            self.assertEqual((exemption.basis, exemption.state, exemption.is_exempt), ("by_law", "decided", True))
            self.assertIn("Taizhou art. 8 ¶3", exemption.decision_note)
            self.assertFalse(any(exemption[name] for name in CONDITIONS), "no condition was reviewed")
        with self.assertRaisesRegex(UserError, "exempt by law"):
            exemptions.with_user(self.office).action_decide()
        with self.assertRaisesRegex(UserError, "nothing to reopen"):
            exemptions.with_user(self.office).action_reopen()
        # A county follows its city's rule.
        self.assertEqual(self.county._noproof_staff_exemption_rule(), "by_law")
        self.county.noproof_staff_exemption_rule = "conditions"
        self.assertEqual(self.county._noproof_staff_exemption_rule(), "conditions")
