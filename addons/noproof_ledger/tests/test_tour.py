from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import triggers_disabled


@tagged("post_install", "-at_install")
class TestLedgerTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.organization = cls.env["noproof.organization"].create(
            {"name": "Tour Civil Affairs", "company_id": cls.company.id}
        )
        cls.clerk = new_test_user(
            cls.env,
            login="tour_ledger_clerk",
            groups="noproof_catalog.group_clerk",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="en_US",
            tz="Asia/Shanghai",
        )
        cls.office = new_test_user(
            cls.env,
            login="tour_ledger_office",
            groups="noproof_catalog.group_office",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="en_US",
        )
        cls.organization.user_ids = cls.clerk

    def test_clerk_registers_an_outbound_certificate(self):
        """Luzhou art. 16: the clerk registers a certificate issued for use outside the city."""
        self.start_tour("/odoo", "noproof_ledger_outbound_tour", login="tour_ledger_clerk")
        entry = self.env["noproof.ledger.entry"].search([("applicant_name", "=", "Tour Applicant")])
        self.assertRecordValues(
            entry,
            [
                {
                    "entry_type": "outbound_certificate",
                    "organization_id": self.organization.id,
                    "user_id": self.clerk.id,
                    "contact": "13900000009",
                    "certificate_name": "Tour Kinship Certificate",
                    "purpose": "Tour inheritance notarization",
                    "requesting_unit": "Tour Notary Office",
                }
            ],
        )

    def test_office_sees_the_banner_of_a_broken_chain(self):
        entry = self.env["noproof.ledger.entry"].record(
            "voluntary_provision", organization=self.organization, applicant_name="Tour", certificate_name="Tour"
        )
        self.env.flush_all()
        with triggers_disabled(self.env.cr):  # as the database owner would
            self.env.cr.execute("UPDATE noproof_ledger_entry SET applicant_name = 'Forged' WHERE id = %s", [entry.id])
        self.env.invalidate_all()
        chain = self.env["noproof.ledger.chain"].search([("company_id", "=", self.company.id)])
        self.assertEqual(chain._verify(trigger="cron").state, "broken")
        self.start_tour("/odoo", "noproof_ledger_banner_tour", login="tour_ledger_office")
        self.assertEqual(chain.verification_ids[:2].mapped("trigger"), ["manual", "cron"])
        self.assertEqual(chain.verification_ids[:2].mapped("state"), ["broken", "broken"])
