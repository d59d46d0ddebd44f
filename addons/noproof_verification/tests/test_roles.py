from odoo.addons.noproof_catalog.tests.test_roles import RoleFormCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestDataClientRole(RoleFormCase):
    def test_data_client_is_a_choice(self):
        """The shared-data API client (共享数据接口用户) is given on the user form without developer mode."""
        self.assertRolesOffered("noproof_verification.group_data_client")
