from odoo.addons.noproof_catalog.tests.test_onboarding import OnboardingCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSupervisionPreset(OnboardingCase):
    def test_complaint_deadline_and_target(self):
        """Taizhou art. 17, art. 18 ¶2: a preset gives the level its complaint deadline (15 days) and its
        evaluation target (80)."""
        self.city.noproof_evaluation_target = 60.0
        self.apply(self.city, "taizhou")
        self.assertEqual(self.city.noproof_evaluation_target, 80.0)
        policy = self.env["noproof.sla.policy"].search(
            [("company_id", "=", self.city.id), ("res_model", "=", "noproof.complaint")]
        )
        self.assertEqual((policy.duration, policy.duration_unit), (15.0, "working_days"))
