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
            login="c_clerk",
        )
        commitment = self.check_of(case).commitment_id
        self.assertEqual(case.state, "approved")
        self.assertEqual(
            (commitment.state, commitment.signature_method, commitment.signature_reference),
            ("signed", "esign", "ESIGN-TOUR-0001"),
        )
        self.assertEqual(commitment.clerk_id, self.clerk)
        self.assertTrue(commitment.follow_up_deadline)
