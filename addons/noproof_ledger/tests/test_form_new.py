from odoo.addons.noproof_catalog.tests.form_new import FormNewMixin
from odoo.tests import tagged

from .common import NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestLedgerFormNew(FormNewMixin, NoproofLedgerCase):
    """The ledger's forms a clerk opens from its menu open empty and save with their required fields (issue 16)."""

    def test_outbound_register(self):
        """Luzhou art. 16: a clerk registers an outbound certificate from an empty form."""
        self.assertNewSaves(
            "noproof.ledger.outbound.wizard",
            self.clerk,
            {
                "applicant_name": "张伟",
                "contact": "13800000000",
                "certificate_name": "无犯罪记录证明",
                "purpose": "异地就业",
                "requesting_unit": "杭州某公司",
            },
        )

    def test_record_wizard(self):
        """A clerk records a voluntary provision from the ledger's "Record" form."""
        self.assertNewSaves(
            "noproof.ledger.record.wizard",
            self.clerk,
            {"applicant_name": "张伟", "certificate_name": "居住证明"},
            context={"default_entry_type": "voluntary_provision"},
        )

    def test_export_wizard(self):
        """The export form opens with its period filled in."""
        self.assertNewSaves("noproof.ledger.export.wizard", self.clerk, {})
