from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import VerificationFixture


@tagged("post_install", "-at_install")
class TestVerificationTour(VerificationFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.tour_police = cls.env["noproof.organization"].create(
            {
                "name": "Tour Police",
                "company_id": cls.city.id,
                "user_ids": [Command.set(cls.verifier.ids)],
                "verifier_ids": [Command.set(cls.verifier.ids)],
            }
        )
        cls.tour_item = cls.env["noproof.service.item"].create(
            {
                "name": "Tour Allowance",
                "code": "TOUR-1",
                "company_id": cls.city.id,
                "organization_id": cls.civil.id,
                "handling_type": "non_immediate",
            }
        )
        cls.tour_cert = cls.env["noproof.certificate"].create({"name": "Tour Kinship", "category": "relationship"})
        cls.tour_rule = cls.make_rule(
            cls.tour_item, cls.tour_cert, "assistance", assisting_organization_id=cls.tour_police.id
        )
        cls.make_rule(cls.tour_item, cls.cert_poverty, "cancelled")
        cls.env["res.partner"].create(
            {
                "name": "Tour Applicant",
                "company_id": cls.city.id,  # applicants belong to a level (issue 11)
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331003199007212346",
            }
        )

    def test_clerk_sends_verifier_answers_clerk_approves(self):
        """Taizhou art. 11, Luzhou art. 9-10: a clerk opens a case and sends a verification ticket, the
        designated verifier answers it in the system, and the clerk approves the case without any certificate."""
        self.start_tour("/odoo", "noproof_verification_clerk_sends_ticket", login=self.clerk.login)
        case = self.env["noproof.case"].search([("item_id", "=", self.tour_item.id)])
        self.assertEqual(len(case), 1)
        ticket = case.ticket_ids
        self.assertEqual((ticket.state, ticket.assigned_user_id), ("sent", self.verifier))
        self.start_tour("/odoo", "noproof_verification_verifier_answers", login=self.verifier.login)
        self.assertEqual((ticket.state, ticket.answer_result), ("answered", "confirmed"))
        self.start_tour("/odoo", "noproof_verification_clerk_approves", login=self.clerk.login)
        self.assertEqual(case.state, "approved")
        self.assertEqual(ticket.state, "closed")
