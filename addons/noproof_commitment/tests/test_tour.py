from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestCommitmentTour(HttpCase, NoproofCommitmentCase):
    def test_clerk_signs_and_approves(self):
        """Luzhou art. 8: the clerk has the applicant sign the commitment from the case in two clicks and approves
        the case right away; the follow-up verification is then due."""
        case = self.make_case()
        self.settle_other_checks(case)
        self.start_tour(
            f"/odoo/action-noproof_verification.action_noproof_case/{case.id}",
            "noproof_commitment_sign_tour",
            login="v_clerk",
        )
        commitment = self.check_for(case).commitment_id
        self.assertEqual(case.state, "approved")
        self.assertEqual(
            (commitment.state, commitment.signature_method, commitment.signature_reference),
            ("signed", "esign", "ESIGN-TOUR-0001"),
        )
        self.assertEqual(commitment.clerk_id, self.clerk)
        self.assertTrue(commitment.follow_up_deadline)

    def test_office_follows_up(self):
        """Luzhou art. 8: the office's follow-up view lists the commitments awaiting verification with their
        deadlines, overdue ones in red, and records the verification."""
        with freeze_time(fields.Datetime.now() - timedelta(days=5)):
            late = self.sign(self.make_case(applicant=self.li))
        commitment = self.sign(self.make_case())
        self.assertTrue(late.is_overdue)
        self.start_tour(
            "/odoo/action-noproof_commitment.action_noproof_commitment_follow_up",
            "noproof_commitment_follow_up_tour",
            login="v_office",
        )
        self.assertEqual((commitment.state, commitment.verified_by_id), ("verified", self.office))
        self.assertEqual(commitment.verification_note, "经公安人口信息系统核实，亲属关系属实。")
        self.assertEqual(late.state, "signed")
