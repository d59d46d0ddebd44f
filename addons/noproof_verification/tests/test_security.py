from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VerificationCase


@tagged("post_install", "-at_install")
class TestVerificationSecurity(VerificationCase):
    """Who sees and does what: clerks their organizations' cases, verifiers the tickets addressed to their
    organizations, offices their level and counties."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Case = cls.env["noproof.case"]
        cls.case = (
            Case.with_user(cls.clerk)
            .create({"item_id": cls.item.id, "applicant_id": cls.applicant.id})
            .with_env(cls.env)
        )
        cls.county_case = (
            Case.with_user(cls.county_clerk)
            .create({"item_id": cls.county_item.id, "applicant_id": cls.applicant.id})
            .with_env(cls.env)
        )
        cls.lz_case = (
            Case.with_user(cls.lz_clerk)
            .create({"item_id": cls.lz_item.id, "applicant_id": cls.lz_applicant.id})
            .with_env(cls.env)
        )
        Ticket = cls.env["noproof.verification.ticket"]
        cls.ticket = Ticket.browse(
            cls.case.check_ids.filtered(lambda c: c.rule_id == cls.rule_kinship)
            .with_user(cls.clerk)
            .action_create_ticket()["res_id"]
        )
        cls.ticket.action_send()
        cls.draft = Ticket.browse(
            cls.county_case.check_ids.with_user(cls.county_clerk).action_create_ticket()["res_id"]
        )
        cls.lz_ticket = Ticket.browse(
            cls.lz_case.check_ids.filtered(lambda c: c.disposition == "assistance")
            .with_user(cls.lz_clerk)
            .action_create_ticket()["res_id"]
        )
        cls.lz_ticket.action_send()
        cls.cases = cls.case | cls.county_case | cls.lz_case
        cls.tickets = cls.ticket | cls.draft | cls.lz_ticket

    def visible(self, records, user):
        return records.with_user(user).search([("id", "in", records.ids)])

    def test_clerk_sees_the_cases_of_the_organizations_they_act_for(self):
        self.assertEqual(self.visible(self.cases, self.clerk), self.case)
        self.assertEqual(self.visible(self.cases, self.county_clerk), self.county_case)
        self.assertEqual(self.visible(self.cases, self.lz_clerk), self.lz_case)
        with self.assertRaises(AccessError):
            self.county_case.with_user(self.clerk).read(["name"])
        with self.assertRaises(AccessError):
            self.case.with_user(self.lz_clerk).write({"applicant_phone": "1"})
        self.assertEqual(self.visible(self.cases.check_ids, self.clerk), self.case.check_ids)

    def test_clerk_cannot_open_a_case_for_another_organization(self):
        with self.assertRaises(AccessError):
            self.env["noproof.case"].with_user(self.clerk).create(
                {"item_id": self.county_item.id, "applicant_id": self.applicant.id}
            )

    def test_clerk_sees_the_tickets_their_organizations_sent(self):
        self.assertEqual(self.visible(self.tickets, self.clerk), self.ticket)
        self.assertEqual(self.visible(self.tickets, self.county_clerk), self.draft)

    def test_verifier_sees_tickets_addressed_to_their_organizations(self):
        """Taizhou art. 11: the designated verifiers see the tickets sent to their organization, not drafts,
        not other organizations', and not the cases themselves."""
        self.assertEqual(self.visible(self.tickets, self.verifier), self.ticket)
        self.assertEqual(self.visible(self.tickets, self.lz_verifier), self.lz_ticket)
        self.assertFalse(self.visible(self.tickets, self.bank_verifier))
        with self.assertRaises(AccessError):
            self.case.with_user(self.verifier).read(["name"])
        with self.assertRaises(AccessError):
            self.env["noproof.verification.ticket"].with_user(self.verifier).create(
                {
                    "check_id": self.case.check_ids[:1].id,
                    "assisting_organization_id": self.bank.id,
                    "question": "?",
                }
            )
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.verifier).unlink()
        # What the verifier needs to answer is on the ticket itself.
        ticket = self.ticket.with_user(self.verifier)
        self.assertEqual(ticket.applicant_id, self.applicant)
        # The stored letter shows the masked number; printed by the verifier it carries the whole one.
        self.assertNotIn("331002198503121231", ticket.request_letter)
        self.assertIn("331002198503121231", ticket._noproof_printed_request_letters()[ticket.id])

    def test_office_reads_its_level_and_counties_without_changing_them(self):
        """Taizhou art. 11 ¶3: the office investigates; it reads its level's and its counties' cases and
        tickets, and changes none of them."""
        self.assertEqual(self.visible(self.cases, self.office), self.case | self.county_case)
        self.assertEqual(self.visible(self.tickets, self.office), self.ticket | self.draft)
        self.assertEqual(self.visible(self.cases, self.county_office_user), self.county_case)
        self.assertEqual(self.visible(self.cases, self.lz_office), self.lz_case)
        with self.assertRaises(AccessError):
            self.county_case.with_user(self.office).write({"applicant_phone": "1"})
        with self.assertRaises(AccessError):
            self.case.with_user(self.office).action_approve()

    def test_escalations_are_for_the_office(self):
        self.ticket.sudo()._noproof_on_overdue(self.ticket.sent_at)
        escalation = self.ticket.escalation_ids
        self.assertEqual(self.visible(escalation, self.office), escalation)
        self.assertFalse(self.visible(escalation, self.lz_office))
        for user in (self.clerk, self.verifier):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                escalation.with_user(user).read(["state"])
        escalation.with_user(self.office).write({"conclusion": "The verifier was on leave"})
        escalation.with_user(self.office).action_done()
        self.assertEqual(escalation.state, "done")

    def test_configuration_is_for_administrators(self):
        for user in (self.clerk, self.verifier, self.office):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.tz_immediate.with_user(user).duration = 60
                with self.assertRaises(AccessError):
                    self.env["noproof.holiday"].with_user(user).create(
                        {"calendar_id": self.calendar.id, "date": "2024-12-31", "name": "Eve"}
                    )
                with self.assertRaises(AccessError):
                    self.household_source.with_user(user).read(["api_key"])
        self.tz_immediate.with_user(self.manager).duration = 45
        self.assertEqual(self.tz_immediate.duration, 45)
        with self.assertRaises(AccessError):
            self.lz_electronic.with_user(self.manager).duration = 45

    def test_data_queries_are_an_immutable_log(self):
        query = self.env["noproof.data.query"]._workflow_create(
            {
                "source_id": self.household_source.id,
                "case_id": self.case.id,
                "state": "error",
                "error_message": "Timed out",
            }
        )
        self.assertEqual(self.visible(query, self.clerk), query)
        self.assertFalse(self.visible(query, self.lz_clerk))
        with self.assertRaises(AccessError):
            query.with_user(self.verifier).read(["state"])
        for user in (self.clerk, self.manager, self.env.user):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                query.with_user(user).write({"state": "match"})
        self.assertEqual(query.state, "error")
        with self.assertRaises(AccessError):
            query.with_user(self.clerk).unlink()
