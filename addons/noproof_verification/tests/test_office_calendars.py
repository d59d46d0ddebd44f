from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestOfficeCalendars(TransactionCase):
    """Where office time is configured, the level's office calendars are offered, not Odoo's own schedules."""

    def test_pickers_offer_the_office_calendars_only(self):
        """Odoo's 'Standard 40 hours/week' (of the same company) is not offered for a deadline or a holiday; the
        demo cities' office hours are."""
        taizhou = self.env.ref("base.main_company")
        Calendar = self.env["resource.calendar"]
        offered = Calendar.search(Calendar._noproof_office_domain(taizhou))
        self.assertIn(self.env.ref("noproof_verification.calendar_taizhou"), offered)
        self.assertNotIn(self.env.ref("resource.resource_calendar_std"), offered)
        holiday_domain = self.env["noproof.holiday"]._fields["calendar_id"].domain
        self.assertIn("noproof_office", holiday_domain)
        created = Calendar.with_context(noproof_office_calendar=True).create({"name": "Office hours of a county"})
        self.assertTrue(created.noproof_office, "a calendar made from the Office Hours menu is an office calendar")

    def test_holiday_title_never_says_false(self):
        """A holiday line being entered shows what it has, never 'False'."""
        Holiday = self.env["noproof.holiday"].with_context(lang="en_US")
        calendar = self.env.ref("noproof_verification.calendar_taizhou")
        blank = Holiday.new({"calendar_id": calendar.id, "kind": "holiday"})
        self.assertEqual(blank.display_name, "Public Holiday")
        dated = Holiday.new({"calendar_id": calendar.id, "kind": "workday", "date": fields.Date.to_date("2026-02-14")})
        self.assertEqual(dated.display_name, "2026-02-14 (Make-Up Working Day)")
        named = Holiday.new({"calendar_id": calendar.id, "date": fields.Date.to_date("2026-10-01"), "name": "国庆节"})
        self.assertEqual(named.display_name, "2026-10-01 国庆节 (Public Holiday)")
        self.assertNotIn("False", blank.display_name + dated.display_name + named.display_name)
