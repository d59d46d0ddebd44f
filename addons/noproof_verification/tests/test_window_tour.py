from odoo.tests import HttpCase, tagged

from .common import VerificationFixture


@tagged("post_install", "-at_install")
class TestWindowTour(VerificationFixture, HttpCase):
    """The clerk's and the verifier's day at the window, in Chinese, in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.env["res.lang"]._activate_lang("zh_CN")
        (cls.clerk | cls.verifier | cls.verifier2 | cls.lz_verifier).write({"lang": "zh_CN"})
        cls.window_item = cls.env["noproof.service.item"].create(
            {
                "name": "Window Allowance",
                "code": "WIN-1",
                "company_id": cls.city.id,
                "organization_id": cls.civil.id,
                "handling_type": "non_immediate",
            }
        )
        cls.window_income = cls.env["noproof.certificate"].create({"name": "Window Income", "category": "income"})
        cls.make_rule(cls.window_item, cls.window_income, "self_investigation")
        cls.make_rule(cls.window_item, cls.cert_poverty, "cancelled")

    def test_clerk_registers_an_applicant_and_approves(self):
        """Taizhou arts. 6, 10: the clerk registers a new applicant from the case by the number on the identity
        card, opens the case, resolves its check without a certificate, prints the receipt with its tracking
        code and approves."""
        self.start_tour("/odoo", "noproof_window_clerk_registers_and_approves", login=self.clerk.login)
        applicant = self.env["res.partner"].search([("noproof_id_number", "=", "11010519491231002X")])
        self.assertEqual(
            (applicant.name, applicant.noproof_id_type, applicant.company_id), ("窗口申请人", "resident_id", self.city)
        )
        case = self.env["noproof.case"].search([("applicant_id", "=", applicant.id)])
        self.assertEqual(case.state, "approved")
        self.assertTrue(case.tracking_code)

    def test_verifier_reclassifies_and_answers(self):
        """Luzhou arts. 9-10: the verifier reads the whole identity number of the applicant, reclassifies an
        electronic-data ticket as paper archives (1 working day) and answers it."""
        cert = self.env["noproof.certificate"].create({"name": "Window Kinship", "category": "relationship"})
        rule = self.make_rule(self.lz_item, cert, "assistance", assisting_organization_id=self.lz_police.id)
        case = self.open_case(self.lz_item)
        ticket = self.make_ticket(case, rule)
        ticket.action_send()
        self.assertEqual(ticket.sla_policy_id, self.lz_electronic)
        self.start_tour("/odoo", "noproof_window_verifier_reclassifies_and_answers", login=self.lz_verifier.login)
        self.assertEqual((ticket.data_kind, ticket.sla_policy_id, ticket.state), ("paper", self.lz_paper, "answered"))
