from odoo.addons.noproof_catalog.tests.test_onboarding import OnboardingCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestLedgerPreset(OnboardingCase):
    def test_classified_channels(self):
        """Luzhou art. 11: the Luzhou preset refuses offline channels for classified matters; Taizhou's allows
        them; a county follows its city."""
        self.apply(self.city, "luzhou")
        self.assertEqual(self.city.noproof_classified_channels, "refuse")
        self.apply(self.county, "city")
        self.assertFalse(self.county.noproof_classified_channels)
        self.apply(self.city, "taizhou")
        self.assertEqual(self.city.noproof_classified_channels, "allow")
