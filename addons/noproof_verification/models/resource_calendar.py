from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from ..tools.office_clock import Attendance, OfficeClock

DEFAULT_TZ = "Asia/Shanghai"
# Changing these on a calendar changes its office time.
CLOCK_FIELDS = {"attendance_ids", "tz", "two_weeks_calendar", "flexible_hours"}


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "noproof.office.clock.mixin"]
    _noproof_clock_fields = CLOCK_FIELDS

    noproof_office = fields.Boolean(
        string="Office Hours of a Level",
        index=True,
        default=lambda self: self.env.context.get("noproof_office_calendar", False),
        help="Offered wherever a No-Proof City deadline is counted (deadline policies, holidays, a level's office "
        "hours). Odoo's own working schedules, such as the standard 40 hours a week, are not.",
    )
    noproof_holiday_ids = fields.One2many("noproof.holiday", "calendar_id", string="Holidays and Make-Up Days")
    noproof_holiday_count = fields.Integer(compute="_compute_noproof_holiday_count", string="Dated Exceptions")

    @api.model
    def _noproof_office_domain(self, company):
        """The office calendars a level may count its deadlines on: its own, its city's and the shared ones."""
        return [
            ("noproof_office", "=", True),
            "|",
            ("company_id", "=", False),
            ("company_id", "parent_of", company.ids),
        ]

    def _compute_noproof_holiday_count(self):
        counts = dict(
            self.env["noproof.holiday"]._read_group([("calendar_id", "in", self.ids)], ["calendar_id"], ["__count"])
        )
        for calendar in self:
            calendar.noproof_holiday_count = counts.get(calendar, 0)

    @api.model
    @tools.ormcache("calendar_id")
    def _noproof_office_clock(self, calendar_id):
        """The :class:`OfficeClock` of a calendar: its office hours in its time zone,
        minus its holidays, plus its make-up working days. Cached per registry and
        invalidated whenever the hours or the dated exceptions change."""
        calendar = self.sudo().browse(calendar_id)
        attendances = [
            Attendance(
                line.dayofweek,
                line.hour_from,
                line.hour_to,
                week_type=line.week_type if calendar.two_weeks_calendar else None,
                date_from=line.date_from,
                date_to=line.date_to,
            )
            for line in calendar.attendance_ids
            if not line.resource_id and not line.display_type and line.day_period != "lunch"
        ]
        self.env.cr.execute("SELECT date, kind FROM noproof_holiday WHERE calendar_id = %s", [calendar_id])
        return OfficeClock(calendar.tz or DEFAULT_TZ, attendances, dict(self.env.cr.fetchall()))

    def _noproof_has_monday_hours(self):
        """Whether the calendar has office hours on Mondays: make-up working days (调休) are worked with them."""
        self.ensure_one()
        return any(
            line.dayofweek == "0" and not line.resource_id and not line.display_type and line.day_period != "lunch"
            for line in self.attendance_ids
        )

    def _noproof_clock(self):
        """The office clock of this calendar, refusing calendars without office hours."""
        self.ensure_one()
        clock = self._noproof_office_clock(self.id)
        if not clock.attendances:
            raise UserError(
                _(
                    "The working calendar %(calendar)s has no office hours, so office time cannot be counted on "
                    "it. Add its office hours, or choose another calendar.",
                    calendar=self.name,
                )
            )
        return clock
