from datetime import date

from odoo.addons.noproof_catalog.tests.test_onboarding import OnboardingCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestVerificationPreset(OnboardingCase):
    """Verification's part of a statute preset and of the setup checklist (issue 16)."""

    def policies(self, company, res_model="noproof.verification.ticket"):
        return self.env["noproof.sla.policy"].search([("company_id", "=", company.id), ("res_model", "=", res_model)])

    def test_office_calendar_with_the_years_holidays(self):
        """A preset gives the level a Chinese office calendar, 8:30–12:00 and 14:00–17:30 Monday to Friday in
        Beijing time, with the year's official holidays and make-up working days imported."""
        self.apply(self.city, "taizhou", year=2025)
        calendar = self.city.resource_calendar_id
        self.assertEqual(calendar.tz, "Asia/Shanghai")
        self.assertEqual(
            sorted({(line.hour_from, line.hour_to) for line in calendar.attendance_ids}), [(8.5, 12.0), (14.0, 17.5)]
        )
        self.assertEqual(sorted(set(calendar.attendance_ids.mapped("dayofweek"))), ["0", "1", "2", "3", "4"])
        national_day = calendar.noproof_holiday_ids.filtered(lambda holiday: holiday.date == date(2025, 10, 1))
        self.assertEqual(national_day.kind, "holiday")
        self.assertTrue(calendar.noproof_holiday_ids.filtered(lambda holiday: holiday.kind == "workday"))
        # Everything stays editable, and applying again keeps the level's calendar.
        calendar.attendance_ids.filtered(lambda line: line.hour_from == 8.5).hour_from = 9.0
        self.apply(self.city, "taizhou", year=2025)
        self.assertEqual(self.city.resource_calendar_id, calendar)

    def test_taizhou_ticket_deadlines(self):
        """Taizhou art. 11 ¶2: immediate items 30 office minutes, other items 24 hours; cases by the item's
        promised working days."""
        self.apply(self.city, "taizhou")
        tickets = self.policies(self.city)
        self.assertEqual(
            sorted((p.handling_type, p.duration, p.duration_unit, p.time_basis) for p in tickets),
            [("immediate", 30.0, "minutes", "office"), ("non_immediate", 24.0, "hours", "calendar")],
        )
        self.assertTrue(self.policies(self.city, "noproof.case").use_item_days)
        self.assertEqual(self.city.noproof_overdue_office, "same_level")

    def test_luzhou_ticket_deadlines(self):
        """Luzhou art. 10: electronic data 30 office minutes, paper archives 1 working day, historical archives
        2 working days; Luzhou art. 12: overdue tickets go to the city's office."""
        self.apply(self.city, "luzhou")
        self.assertEqual(
            sorted((p.data_kind, p.duration, p.duration_unit) for p in self.policies(self.city)),
            [("electronic", 30.0, "minutes"), ("historical", 2.0, "working_days"), ("paper", 1.0, "working_days")],
        )
        self.assertEqual(self.city.noproof_overdue_office, "city")

    def test_county_counts_on_its_citys_calendar_and_policies(self):
        """A county "as my city" counts time on its city's calendar and falls back on its city's policies."""
        self.apply(self.city, "luzhou")
        self.apply(self.county, "city")
        self.assertEqual(self.county.resource_calendar_id, self.city.resource_calendar_id)
        self.assertFalse(self.policies(self.county))
        self.assertEqual(self.steps(self.county)["policies"]["state"], "done")

    def test_checklist_warns_of_a_calendar_without_monday_hours(self):
        """Make-up working days are worked with Monday's hours: a calendar without them is flagged, as is a
        calendar without this year's holidays."""
        self.apply(self.city, "taizhou")
        calendar = self.city.resource_calendar_id
        self.assertEqual(self.steps(self.city)["calendar"]["state"], "warning")  # year=0: no holidays imported
        self.assertIn("no public holidays", self.steps(self.city)["calendar"]["message"])
        self.env["noproof.holiday.import"]._noproof_import_year(calendar, date.today().year)
        self.assertEqual(self.steps(self.city)["calendar"]["state"], "done")
        calendar.attendance_ids.filtered(lambda line: line.dayofweek == "0").unlink()
        step = self.steps(self.city)["calendar"]
        self.assertEqual(step["state"], "warning")
        self.assertIn("no office hours on Mondays", step["message"])

    def test_checklist_policies_and_data_sources(self):
        """A level without deadline policies or data sources has those steps missing until it gets them."""
        steps = self.steps(self.city)
        self.assertEqual((steps["policies"]["state"], steps["data_sources"]["state"]), ("missing", "missing"))
        self.apply(self.city, "taizhou")
        self.assertEqual(self.steps(self.city)["policies"]["state"], "done")

    def test_preset_gives_the_level_its_own_letters(self):
        """Luzhou art. 9: a preset gives the level its own request and response letters (协查函 / 反馈函), editable
        copies of the standard ones; applying it again keeps the edited letters; a county "as my city" uses its
        city's."""
        standard = {
            kind: self.env.ref(f"noproof_verification.mail_template_ticket_{kind}") for kind in ("request", "response")
        }
        self.assertFalse(self.city.noproof_ticket_request_template_id)
        self.apply(self.city, "luzhou")
        for kind, template in standard.items():
            own = self.city[f"noproof_ticket_{kind}_template_id"]
            self.assertTrue(own)
            self.assertNotEqual(own, template)
            self.assertIn("Test City", own.name)
            self.assertEqual((own.model, str(own.body_html)), (template.model, str(template.body_html)))
            self.assertFalse(own.get_external_id()[own.id], "a copy of the level's own, not a data record")
        request = self.city.noproof_ticket_request_template_id
        request.with_user(self.manager).body_html = "<p>温州市协查函</p>"
        self.apply(self.city, "luzhou")
        self.assertEqual(self.city.noproof_ticket_request_template_id, request)
        self.assertIn("温州市协查函", str(request.body_html))
        self.apply(self.county, "city")
        self.assertFalse(self.county.noproof_ticket_request_template_id)
        self.assertEqual(self.county._noproof_setting("noproof_ticket_request_template_id"), request)
