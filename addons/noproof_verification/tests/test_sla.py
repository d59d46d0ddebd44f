from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import VerificationCase, local, utc


@tagged("post_install", "-at_install")
class TestSlaDeadlines(VerificationCase):
    """Deadlines of verification tickets, in office time of each city's calendar."""

    def send_at(self, moment, item, data_kind="electronic"):
        """Open a case and send its verification ticket at Shanghai time ``moment``."""
        with freeze_time(utc(moment)):
            case = self.open_case(item)
            rule = case.check_ids.filtered(lambda c: c.disposition == "assistance")[:1].rule_id
            ticket = self.make_ticket(case, rule, data_kind=data_kind)
            ticket.action_send()
        self.assertEqual(ticket.sent_at, utc(moment))
        return ticket

    def assert_deadlines(self, item, cases, data_kind="electronic", policy=None):
        for sent, due in cases:
            with self.subTest(sent=sent):
                ticket = self.send_at(sent, item, data_kind)
                if policy:
                    self.assertEqual(ticket.sla_policy_id, policy)
                self.assertEqual(local(ticket.deadline), due)

    def test_taizhou_immediate_items_30_office_minutes(self):
        """Taizhou art. 11 ¶2: immediate items are answered within 30 minutes, counted in office time across
        the lunch break, evenings, weekends, public holidays and make-up working days."""
        self.assert_deadlines(
            self.immediate_item,
            [
                ("2024-10-08 10:00", "2024-10-08 10:30"),  # Tuesday morning
                ("2024-10-08 11:45", "2024-10-08 14:15"),  # across the lunch break
                ("2024-10-08 17:20", "2024-10-09 08:50"),  # into the next morning
                ("2024-10-08 20:00", "2024-10-09 09:00"),  # sent in the evening
                ("2024-10-11 17:20", "2024-10-12 08:50"),  # Friday evening: Saturday 12 is a make-up working day
                ("2024-10-12 17:20", "2024-10-14 08:50"),  # from the make-up Saturday over Sunday
                ("2024-10-19 10:00", "2024-10-21 09:00"),  # sent on an ordinary Saturday
                ("2024-09-30 17:20", "2024-10-08 08:50"),  # over the National Day holidays
                ("2024-10-03 10:00", "2024-10-08 09:00"),  # sent during the holidays
                ("2024-09-29 09:00", "2024-09-29 09:30"),  # on the make-up Sunday itself
            ],
            policy=self.tz_immediate,
        )

    def test_taizhou_non_immediate_items_24_calendar_hours(self):
        """Taizhou art. 11 ¶2: non-immediate items are answered within 24 hours in principle: calendar time,
        holidays and weekends included."""
        self.assert_deadlines(
            self.item,
            [
                ("2024-10-08 10:00", "2024-10-09 10:00"),
                ("2024-09-30 17:20", "2024-10-01 17:20"),  # a holiday does not stop the clock
                ("2024-10-19 22:00", "2024-10-20 22:00"),  # nor a weekend evening
            ],
            policy=self.tz_non_immediate,
        )

    def test_luzhou_electronic_data_30_office_minutes(self):
        """Luzhou art. 10: information held in databases is answered within 30 minutes of office time."""
        self.assert_deadlines(
            self.lz_item,
            [
                ("2024-10-08 09:40", "2024-10-08 10:10"),
                ("2024-10-08 11:50", "2024-10-08 13:50"),  # Luzhou's lunch break ends at 13:30
                ("2024-10-11 17:10", "2024-10-12 09:10"),  # make-up Saturday
                ("2024-09-30 17:10", "2024-10-08 09:10"),  # National Day holidays
                ("2024-10-19 10:00", "2024-10-21 09:30"),  # weekend
            ],
            data_kind="electronic",
            policy=self.lz_electronic,
        )

    def test_luzhou_paper_archives_one_working_day(self):
        """Luzhou art. 10: paper archives get 1 working day, a full office day counted from sending."""
        self.assert_deadlines(
            self.lz_item,
            [
                ("2024-10-08 10:00", "2024-10-09 10:00"),
                ("2024-10-11 15:00", "2024-10-12 15:00"),  # Friday afternoon: the make-up Saturday counts
                ("2024-10-12 15:00", "2024-10-14 15:00"),  # from the make-up Saturday to Monday
                ("2024-09-30 10:00", "2024-10-08 10:00"),  # over the holidays
                ("2024-10-08 19:00", "2024-10-09 17:30"),  # evening: counted from the next opening
                ("2024-10-18 16:00", "2024-10-21 16:00"),  # Friday to Monday over the weekend
            ],
            data_kind="paper",
            policy=self.lz_paper,
        )

    def test_luzhou_historical_archives_two_working_days(self):
        """Luzhou art. 10: incomplete historical archives get 2 working days."""
        self.assert_deadlines(
            self.lz_item,
            [
                ("2024-10-08 10:00", "2024-10-10 10:00"),
                ("2024-09-26 14:00", "2024-09-29 14:00"),  # Thursday: Friday, then the make-up Sunday
                ("2024-09-30 09:00", "2024-10-08 17:30"),  # Monday before the holidays, then Tuesday after
                ("2024-10-19 11:00", "2024-10-22 17:30"),  # Saturday: Monday and Tuesday, whole days
            ],
            data_kind="historical",
            policy=self.lz_historical,
        )

    def test_county_follows_its_city_policies(self):
        """Taizhou art. 11 ¶2 applies to the counties: a county without its own policies uses its city's."""
        with freeze_time(utc("2024-10-08 17:20")):
            case = self.open_case(self.county_item, user=self.county_clerk)
            ticket = self.make_ticket(case, self.rule_county_kinship)
            ticket.action_send()
        self.assertEqual(ticket.sla_policy_id, self.tz_immediate)
        self.assertEqual(local(ticket.deadline), "2024-10-09 08:50")

    def test_compute_deadline_public_api_in_naive_utc(self):
        """compute_deadline() takes and returns naive UTC datetimes, to the second."""
        start = datetime(2024, 10, 8, 2, 0, 0, 123456)  # 10:00:00.123456 in Shanghai
        deadline = self.tz_immediate.compute_deadline(start)
        self.assertEqual(deadline, datetime(2024, 10, 8, 2, 30))
        self.assertIsNone(deadline.tzinfo)
        self.assertEqual(self.tz_immediate.compute_deadline("2024-10-08 02:00:00"), datetime(2024, 10, 8, 2, 30))
        self.assertEqual(self.lz_paper.compute_deadline(utc("2024-10-08 10:00")), utc("2024-10-09 10:00"))

    def test_new_holiday_moves_the_deadline(self):
        """A holiday entered after the office clock was built is taken into account at once."""
        start = utc("2024-10-08 17:20")
        self.assertEqual(local(self.tz_immediate.compute_deadline(start)), "2024-10-09 08:50")
        self.env["noproof.holiday"].create(
            {"calendar_id": self.calendar.id, "date": "2024-10-09", "kind": "holiday", "name": "Typhoon closure"}
        )
        self.assertEqual(local(self.tz_immediate.compute_deadline(start)), "2024-10-10 08:50")
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "3" and a.hour_from < 12).hour_from = 10.0
        self.assertEqual(local(self.tz_immediate.compute_deadline(start)), "2024-10-10 10:20")

    def test_changing_a_policy_or_a_calendar_moves_the_deadlines(self):
        """The cached terms of a policy and the office clock of a calendar follow their changes at once."""
        start = utc("2024-10-08 10:00")
        self.assertEqual(local(self.tz_immediate.compute_deadline(start)), "2024-10-08 10:30")
        self.tz_immediate.write({"duration": 2, "duration_unit": "hours"})
        self.assertEqual(local(self.tz_immediate.compute_deadline(start)), "2024-10-08 12:00")
        self.tz_immediate.time_basis = "calendar"
        self.assertEqual(local(self.tz_immediate.compute_deadline(utc("2024-10-08 23:00"))), "2024-10-09 01:00")
        self.tz_immediate.time_basis = "office"
        self.calendar.tz = "UTC"  # the same hours read in UTC: 02:00 UTC is before the 08:30 opening, + 2 hours
        self.assertEqual(self.tz_immediate.compute_deadline(start), datetime(2024, 10, 8, 10, 30))

    def test_policy_with_zero_or_negative_duration_is_refused(self):
        Policy = self.env["noproof.sla.policy"].with_user(self.manager)
        for duration in (0, -30):
            with self.subTest(duration=duration), self.assertRaises(ValidationError):
                Policy.create(
                    {
                        "name": "Broken",
                        "company_id": self.city.id,
                        "duration": duration,
                        "calendar_id": self.calendar.id,
                    }
                )
        with self.assertRaises(ValidationError):
            self.tz_immediate.with_user(self.manager).duration = 0
        self.assertEqual(self.tz_immediate.duration, 30)

    def test_office_policy_needs_a_calendar_with_office_hours(self):
        empty = self.env["resource.calendar"].create({"name": "Empty", "attendance_ids": [Command.clear()]})
        with self.assertRaises(ValidationError):
            self.env["noproof.sla.policy"].create(
                {"name": "No hours", "company_id": self.city.id, "calendar_id": empty.id}
            )
        with self.assertRaises(ValidationError):
            self.env["noproof.sla.policy"].create(
                {"name": "No calendar", "company_id": self.city.id, "calendar_id": False}
            )

    def test_most_specific_policy_wins(self):
        """A policy naming both the handling type and the kind of data beats a more general one."""
        specific = self.env["noproof.sla.policy"].create(
            {
                "name": "Immediate paper",
                "company_id": self.city.id,
                "handling_type": "immediate",
                "data_kind": "paper",
                "duration": 2,
                "duration_unit": "hours",
                "time_basis": "office",
                "calendar_id": self.calendar.id,
            }
        )
        ticket = self.send_at("2024-10-08 10:00", self.immediate_item, data_kind="paper")
        self.assertEqual(ticket.sla_policy_id, specific)
        self.assertEqual(local(ticket.deadline), "2024-10-08 12:00")  # ends on a closing time
        ticket = self.send_at("2024-10-08 10:00", self.immediate_item, data_kind="electronic")
        self.assertEqual(ticket.sla_policy_id, self.tz_immediate)

    def test_no_policy_means_the_ticket_cannot_be_sent(self):
        self.tz_immediate.active = False
        case = self.open_case(self.immediate_item)
        ticket = self.make_ticket(case, self.rule_immediate_kinship)
        with self.assertRaises(UserError):
            ticket.action_send()
        self.assertEqual(ticket.state, "draft")
