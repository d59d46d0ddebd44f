from odoo.addons.noproof_catalog.tests.test_onboarding import OnboardingCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCommitmentPreset(OnboardingCase):
    """Commitment's part of a statute preset and of the setup checklist (issue 16)."""

    def test_taizhou_preset(self):
        """Taizhou art. 8 ¶3-4: the deciding organ acts, staff are exempt by law, a bar of at most 24 months may be
        decided; the level gets a general commitment template quoting art. 8 and a follow-up deadline."""
        self.assertEqual(self.steps(self.city)["templates"]["state"], "missing")
        self.apply(self.city, "taizhou")
        self.assertRecordValues(
            self.city,
            [
                {
                    "noproof_staff_exemption_rule": "by_law",
                    "noproof_commitment_bar_policy": "decision",
                    "noproof_commitment_bar_months": 24,
                }
            ],
        )
        template = self.env["noproof.commitment.template"].search([("company_id", "=", self.city.id)])
        self.assertEqual(len(template), 1)
        self.assertIn("台政办发〔2019〕17号 第八条", template.liability)
        self.assertTrue(template.current_version_id)
        policy = self.env["noproof.sla.policy"].search(
            [("company_id", "=", self.city.id), ("res_model", "=", "noproof.commitment")]
        )
        self.assertEqual((policy.duration, policy.duration_unit, policy.time_basis), (3.0, "working_days", "office"))
        self.assertEqual(self.steps(self.city)["templates"]["state"], "done")

    def test_luzhou_preset(self):
        """Luzhou arts. 8, 14 ¶1, 20: follow-up within 3 calendar days, fallback on commitment allowed, staff
        exemption under five conditions, no bar."""
        self.apply(self.city, "luzhou")
        self.assertRecordValues(
            self.city,
            [
                {
                    "noproof_commitment_fallback": "allowed",
                    "noproof_staff_exemption_rule": "conditions",
                    "noproof_commitment_bar_policy": "none",
                }
            ],
        )
        policy = self.city._noproof_commitment_policy()
        self.assertEqual((policy.duration, policy.duration_unit, policy.time_basis), (3.0, "working_days", "calendar"))

    def test_county_uses_its_citys_template(self):
        """A county following its city gets no template of its own: its city's serve it."""
        self.apply(self.city, "luzhou")
        self.apply(self.county, "city")
        self.assertFalse(self.env["noproof.commitment.template"].search([("company_id", "=", self.county.id)]))
        self.assertEqual(self.steps(self.county)["templates"]["state"], "done")
