from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VerificationCase, local, utc


@tagged("post_install", "-at_install")
class TestHolidayImport(VerificationCase):
    """A year's official holidays and make-up working days come from a maintained library."""

    def import_year(self, calendar, year):
        wizard = (
            self.env["noproof.holiday.import"]
            .with_user(self.manager)
            .create({"calendar_id": calendar.id, "year": year})
        )
        return wizard.action_import()

    def test_import_the_official_days_of_a_year(self):
        calendar = self.make_calendar("Imported", [(8.5, 12.0), (14.0, 17.5)])
        self.import_year(calendar, 2025)
        days = {h.date: h.kind for h in calendar.noproof_holiday_ids}
        self.assertEqual(days[date(2025, 1, 1)], "holiday")  # New Year's Day
        self.assertEqual(days[date(2025, 1, 28)], "holiday")  # Spring Festival eve
        self.assertEqual(days[date(2025, 1, 26)], "workday")  # make-up Sunday
        self.assertEqual(days[date(2025, 10, 1)], "holiday")  # National Day
        self.assertEqual(days[date(2025, 10, 11)], "workday")  # make-up Saturday
        self.assertTrue(all(day.year == 2025 for day in days))
        count = len(calendar.noproof_holiday_ids)
        self.import_year(calendar, 2025)  # idempotent
        self.assertEqual(len(calendar.noproof_holiday_ids), count)

    def test_imported_days_drive_the_deadlines(self):
        """Luzhou art. 10 with the 2025 Spring Festival: the make-up Sunday 26 January is worked, the
        festival week is not."""
        self.import_year(self.lz_calendar, 2025)
        start = utc("2025-01-24 15:00")  # Friday
        self.assertEqual(local(self.lz_paper.compute_deadline(start)), "2025-01-26 15:00")
        start = utc("2025-01-27 15:00")  # Monday, last working day before the festival
        self.assertEqual(local(self.lz_paper.compute_deadline(start)), "2025-02-05 15:00")

    def test_a_year_the_library_does_not_know(self):
        with self.assertRaisesRegex(UserError, "chinese-calendar"):
            self.import_year(self.calendar, 2099)
        with self.assertRaises(UserError):
            self.import_year(self.calendar, 12)

    def test_only_administrators_import(self):
        with self.assertRaises(AccessError):
            self.env["noproof.holiday.import"].with_user(self.clerk).create(
                {"calendar_id": self.calendar.id, "year": 2025}
            ).action_import()
        self.assertFalse(self.calendar.noproof_holiday_ids.filtered(lambda h: h.date.year == 2025))
