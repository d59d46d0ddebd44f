from odoo.addons.noproof_catalog.tests.form_new import FormNewMixin
from odoo.tests import tagged

from .common import NoproofSupervisionCase


@tagged("post_install", "-at_install")
class TestSupervisionFormNew(FormNewMixin, NoproofSupervisionCase):
    """Every "New" of supervision opens empty and saves with its required fields only (issue 16)."""

    def test_complaint(self):
        """Taizhou art. 17: the supervision window registers a complaint: what happened and whom it concerns."""
        self.assertNewSaves(
            "noproof.complaint",
            self.window,
            {"description": "窗口仍要求提供居住证明", "target_organization_id": self.civil},
        )

    def test_evaluation(self):
        """Taizhou art. 18: the office starts an evaluation of a period."""
        self.assertNewSaves("noproof.evaluation", self.office, {})

    def test_interview(self):
        """Taizhou art. 18 ¶2: the office records an interview of an organization with its reason."""
        self.assertNewSaves(
            "noproof.interview", self.office, {"organization_id": self.civil, "reason": "考评得分低于目标"}
        )
