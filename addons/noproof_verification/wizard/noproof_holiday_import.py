from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError

try:
    import chinese_calendar
except ImportError:  # declared in external_dependencies
    chinese_calendar = None


class NoproofHolidayImport(models.TransientModel):
    """Import a year's official public holidays and make-up working days (调休)
    into a working calendar, from the ``chinese-calendar`` library, which follows
    the State Council's yearly announcements."""

    _name = "noproof.holiday.import"
    _description = "Import Official Holidays"

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        required=True,
        domain=lambda self: self.env["resource.calendar"]._noproof_office_domain(self.env.companies),
        default=lambda self: (
            self.env.context.get("active_model") == "resource.calendar"
            and self.env.context.get("active_id")
            or self.env.company.resource_calendar_id
        ),
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)

    @api.model
    def _noproof_occasion_names(self):
        return {
            "New Year's Day": _("New Year's Day"),
            "Spring Festival": _("Spring Festival"),
            "Tomb-sweeping Day": _("Tomb-Sweeping Day"),
            "Labour Day": _("Labour Day"),
            "Dragon Boat Festival": _("Dragon Boat Festival"),
            "National Day": _("National Day"),
            "Mid-autumn Festival": _("Mid-Autumn Festival"),
            "Anti-Fascist 70th Day": _("Victory Day (70th Anniversary)"),
        }

    @api.model
    def _noproof_official_days(self, year):
        """{date: (kind, occasion)} of the official holidays and make-up days of ``year``."""
        if chinese_calendar is None:
            raise UserError(_("The chinese-calendar library is not installed on the server."))
        known = {day.year for day in chinese_calendar.holidays}
        if year not in known:
            raise UserError(
                _(
                    "The holiday library knows the years %(first)s to %(last)s only; %(year)s has not been "
                    "announced or the library is out of date. Upgrade chinese-calendar on the server, or enter "
                    "the days by hand.",
                    first=min(known),
                    last=max(known),
                    year=year,
                )
            )
        names = self._noproof_occasion_names()
        days = {}
        for source, kind in ((chinese_calendar.holidays, "holiday"), (chinese_calendar.workdays, "workday")):
            for day, occasion in source.items():
                if day.year == year:
                    label = getattr(occasion, "value", occasion)
                    days[day] = (kind, names.get(label, label))
        return days

    @api.model
    def _noproof_import_year(self, calendar, year):
        """Create or update ``calendar``'s exceptions of ``year``; return how many changed."""
        if not 1900 < year < 2200:
            raise UserError(_("%(year)s is not a plausible year.", year=year))
        days = self._noproof_official_days(year)
        Holiday = self.env["noproof.holiday"]
        existing = {
            holiday.date: holiday
            for holiday in Holiday.search(
                [
                    ("calendar_id", "=", calendar.id),
                    ("date", ">=", date(year, 1, 1)),
                    ("date", "<=", date(year, 12, 31)),
                ]
            )
        }
        to_create, changed = [], 0
        for day, (kind, name) in sorted(days.items()):
            holiday = existing.get(day)
            if holiday:
                if (holiday.kind, holiday.name) != (kind, name):
                    holiday.write({"kind": kind, "name": name})
                    changed += 1
            else:
                to_create.append({"calendar_id": calendar.id, "date": day, "kind": kind, "name": name})
        Holiday.create(to_create)
        return changed + len(to_create)

    @api.model
    def _noproof_import_years(self, calendar_id, years):
        calendar = self.env["resource.calendar"].browse(calendar_id)
        return sum(self._noproof_import_year(calendar, year) for year in years)

    def action_import(self):
        self.ensure_one()
        self._noproof_import_year(self.calendar_id, self.year)
        return {
            "type": "ir.actions.act_window",
            "name": _("Holidays and Make-Up Days"),
            "res_model": "noproof.holiday",
            "view_mode": "list,form",
            "domain": [("calendar_id", "=", self.calendar_id.id)],
            "context": {"default_calendar_id": self.calendar_id.id, "search_default_group_year": 1},
        }
