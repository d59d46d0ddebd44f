from odoo import Command
from odoo.addons.noproof_catalog.tests.common import NoproofCatalogCase
from odoo.tests import new_test_user


class NoproofSupervisionCase(NoproofCatalogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.window = new_test_user(
            cls.env,
            login="t_window",
            groups="noproof_supervision.group_supervisor",
            company_id=cls.city.id,
            company_ids=[Command.set(cls.city.ids)],
        )
        cls.water = cls.env["noproof.organization"].create(
            {
                "name": "City Water Company",
                "company_id": cls.city.id,
                "kind": "water",
                "supervising_authority_id": cls.police.id,
            }
        )
        cls.civil.head_id = cls.clerk

    @classmethod
    def complaint(cls, **values):
        """A complaint as the window registers it; ``values`` may set its workflow fields (a received date,
        a conclusion), as the hotline import and the conclusion do."""
        return cls.env["noproof.complaint"]._workflow_create(
            {
                "company_id": cls.city.id,
                "description": "Asked for a cancelled household certificate",
                "target_organization_id": cls.civil.id,
                "complaint_type": "cancelled_certificate",
                **values,
            }
        )
