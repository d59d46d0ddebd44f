from freezegun import freeze_time

from odoo.tests import tagged

from .common import VerificationCase, utc


@tagged("post_install", "-at_install")
class TestEscalation(VerificationCase):
    """Overdue verification tickets are reported to the joint-conference office."""

    def send_immediate(self, moment, item=None, rule=None, user=None):
        with freeze_time(utc(moment)):
            case = self.open_case(item or self.immediate_item, user=user)
            ticket = self.make_ticket(case, rule or self.rule_immediate_kinship)
            ticket.action_send()
        return ticket

    def escalate(self, moment, limit=500):
        with freeze_time(utc(moment)):
            return self.env["noproof.verification.ticket"]._noproof_process_overdue(limit)

    def test_an_overdue_ticket_is_escalated_once_to_the_office(self):
        """Taizhou art. 11 ¶3: a ticket not answered in time is reported to the joint-conference office of the
        requesting level, which organizes an investigation; the verifier is told. Once, not at every run."""
        ticket = self.send_immediate("2024-10-08 10:00")  # due 10:30
        self.assertEqual(self.escalate("2024-10-08 10:29"), (0, 0))
        with freeze_time(utc("2024-10-08 10:31")):
            self.assertTrue(ticket.is_overdue)
            self.assertIn(ticket, self.env["noproof.verification.ticket"].search([("is_overdue", "=", True)]))
        self.assertEqual(self.escalate("2024-10-08 10:31"), (1, 0))
        escalation = ticket.escalation_ids
        self.assertEqual(len(escalation), 1)
        self.assertEqual(escalation.company_id, self.city)
        self.assertEqual(escalation.office_organization_id, self.office_org)
        self.assertEqual(escalation.assisting_organization_id, self.police)
        self.assertEqual(escalation.activity_ids.user_id, self.office)
        self.assertEqual(
            escalation.activity_ids.activity_type_id, self.env.ref("noproof_verification.mail_activity_type_escalation")
        )
        notice = self.env["mail.message"].search(
            [
                ("model", "=", ticket._name),
                ("res_id", "=", ticket.id),
                ("partner_ids", "in", ticket.assigned_user_id.partner_id.ids),
                ("subject", "=", "Overdue verification tickets"),
            ]
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(ticket.name, notice.body)
        self.assertEqual(self.escalate("2024-10-08 16:00"), (0, 0))
        self.assertEqual(self.escalate("2024-10-09 10:00"), (0, 0))
        self.assertEqual(len(ticket.escalation_ids), 1)
        self.assertEqual(ticket.overdue_at, utc("2024-10-08 10:31"))

    def test_luzhou_escalates_to_its_office(self):
        """Luzhou art. 12: the approving department reports the overdue ticket to the city's joint-conference
        office (司法局)."""
        ticket = self.send_immediate("2024-10-11 17:10", item=self.lz_item, rule=self.rule_lz_kinship)
        self.assertEqual(self.escalate("2024-10-12 09:09"), (0, 0))  # due on the make-up Saturday 09:10
        self.assertEqual(self.escalate("2024-10-12 09:11"), (1, 0))
        self.assertEqual(ticket.escalation_ids.office_organization_id, self.lz_office_org)
        self.assertEqual(ticket.escalation_ids.activity_ids.user_id, self.lz_office)

    def test_a_county_ticket_goes_to_the_county_office(self):
        ticket = self.send_immediate(
            "2024-10-08 10:00", item=self.county_item, rule=self.rule_county_kinship, user=self.county_clerk
        )
        self.escalate("2024-10-08 11:00")
        self.assertEqual(ticket.escalation_ids.office_organization_id, self.county_office)
        self.assertEqual(ticket.escalation_ids.activity_ids.user_id, self.county_office_user)

    def test_answered_tickets_are_not_escalated(self):
        ticket = self.send_immediate("2024-10-08 10:00")
        with freeze_time(utc("2024-10-08 10:20")):
            ticket.with_user(ticket.assigned_user_id).action_answer("confirmed", "In time")
        late = self.send_immediate("2024-10-08 10:00")
        with freeze_time(utc("2024-10-08 10:40")):
            late.with_user(late.assigned_user_id).action_answer("confirmed", "Late but before the scan")
        self.assertEqual(self.escalate("2024-10-08 11:00"), (0, 0))
        self.assertTrue(ticket.on_time)
        self.assertFalse(late.on_time)

    def test_escalation_works_in_batches_and_reports_what_remains(self):
        tickets = self.env["noproof.verification.ticket"]
        for _i in range(5):
            tickets |= self.send_immediate("2024-10-08 10:00")
        self.assertEqual(self.escalate("2024-10-08 11:00", limit=2), (2, 3))
        self.assertEqual(self.escalate("2024-10-08 11:00", limit=2), (2, 1))
        self.assertEqual(self.escalate("2024-10-08 11:00", limit=2), (1, 0))
        self.assertEqual(len(tickets.escalation_ids), 5)
        with freeze_time(utc("2024-10-08 11:00")):
            self.assertEqual(self.env["noproof.sla.policy"]._cron_process_overdue(), 0)

    def test_the_overdue_scan_has_its_partial_index(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'noproof_verification_ticket_overdue_idx'"
        )
        definition = self.env.cr.fetchone()[0]
        self.assertIn("(deadline)", definition)
        self.assertIn("overdue_at IS NULL", definition)
        self.assertIn("'sent'", definition)
