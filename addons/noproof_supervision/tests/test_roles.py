from odoo.addons.noproof_catalog.tests.test_roles import RoleFormCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSupervisionRole(RoleFormCase):
    def test_supervision_window_is_a_choice(self):
        """Taizhou art. 17: the supervision window role is given on the user form without developer mode."""
        self.assertRolesOffered("noproof_supervision.group_supervisor")
