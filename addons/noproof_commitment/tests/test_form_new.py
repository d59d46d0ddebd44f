from odoo.addons.noproof_catalog.tests.form_new import FormNewMixin
from odoo.tests import tagged

from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestCommitmentFormNew(FormNewMixin, NoproofCommitmentCase):
    """Every "New" of commitments opens empty and saves with its required fields only (issue 16)."""

    def test_template(self):
        """A configuration administrator writes a commitment template: name, text, standard and liability."""
        self.assertNewSaves(
            "noproof.commitment.template",
            self.manager,
            {
                "name": "亲属关系承诺书",
                "content": "本人承诺所填信息真实。",
                "standard": "真实有效",
                "liability": "承担法律责任",
            },
        )

    def test_bar(self):
        """Taizhou art. 8 ¶4: the office records a bar; the form opens while its end date is empty (it crashed)."""
        self.assertNewSaves(
            "noproof.commitment.bar",
            self.office,
            {"applicant_id": self.zhang, "date_to": "2027-01-01", "reason": "虚假承诺"},
        )
