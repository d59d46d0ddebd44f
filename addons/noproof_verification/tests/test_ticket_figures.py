from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import VerificationCase


@tagged("post_install", "-at_install")
class TestTicketFigures(VerificationCase):
    def test_supervising_authority_reads_the_figures_of_what_it_supervises(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: the supervising authority reads the ticket figures of the
        public-service organizations it guides (not what the tickets say about applicants); an organization
        reads its own; nobody reads another city's."""
        case = self.open_case()
        self.make_ticket(case, self.rule_kinship).action_send()
        to_bank = self.make_ticket(case, self.rule_deposit)
        to_bank.authorization_attachment_ids = [Command.create({"name": "authorization.pdf", "raw": b"%PDF-1.4"})]
        to_bank.action_send()
        Figures = self.env["noproof.ticket.figures"]
        Figures.flush_model()
        finance_clerk = new_test_user(
            self.env, login="v_finance_clerk", groups="noproof_catalog.group_clerk", company_id=self.city.id
        )
        self.finance.user_ids = [Command.link(finance_clerk.id)]

        def seen(user):
            return {(row.organization_id, row.ticket_count) for row in Figures.with_user(user).search([])}

        self.assertEqual(seen(finance_clerk), {(self.bank, 1)}, "the bank's authority sees the bank's figures")
        self.assertEqual(seen(self.verifier), {(self.police, 1)}, "the police see their own")
        self.assertFalse(seen(self.lz_verifier), "another city sees nothing")
        self.assertEqual(seen(self.office), {(self.police, 1), (self.bank, 1)}, "the office sees its level")
        self.assertNotIn("applicant_id", Figures._fields, "figures say nothing about applicants")
