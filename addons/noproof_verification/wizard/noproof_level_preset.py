from odoo import Command, _, api, models

# Verification's statute settings of each preset (README "Statute settings of a level"); "city" follows the city.
VERIFICATION_SETTINGS = {
    "taizhou": {
        "noproof_waiting_excluded": "all",
        "noproof_overdue_office": "same_level",
        "noproof_supplement_grounds": "shared_or_ticket",
        "noproof_retention_days": 180,
    },
    "luzhou": {
        "noproof_waiting_excluded": "immediate",
        "noproof_overdue_office": "city",
        "noproof_supplement_grounds": "mismatch",
        "noproof_retention_days": 180,
    },
    "city": {"noproof_overdue_office": False, "noproof_supplement_grounds": False, "noproof_retention_days": 0},
    "own": {"noproof_retention_days": 180},
}
TAIZHOU_TICKETS = "台政办发〔2019〕17号 第十一条第二款"
LUZHOU_TICKETS = "泸市府发〔2019〕36号 第十条"


class NoproofLevelPreset(models.TransientModel):
    """Verification's part of a preset: settings, the office calendar with the year's holidays, and the
    deadline policies of tickets and cases."""

    _inherit = "noproof.level.preset"

    def _noproof_company_values(self):
        values = super()._noproof_company_values()
        values.update(VERIFICATION_SETTINGS[self.preset])
        if self.preset == "city":
            values["noproof_waiting_excluded"] = self.company_id.parent_id._noproof_setting("noproof_waiting_excluded")
        return values

    def _noproof_apply(self):
        super()._noproof_apply()
        calendar = self._noproof_apply_calendar()
        if self.preset != "city":
            self._noproof_apply_policies(calendar)
            self._noproof_apply_letters()

    # ------------------------------------------------------------- letters
    def _noproof_apply_letters(self):
        """Luzhou art. 9: the level's own request and response letters (协查函 / 反馈函), editable copies of the
        standard ones, unless the level has its letters already. A county "as my city" uses its city's."""
        company = self.company_id.sudo()
        titles = {"request": _("Request Letter"), "response": _("Response Letter")}
        for kind, title in titles.items():
            field = f"noproof_ticket_{kind}_template_id"
            if company[field]:
                continue
            standard = self.env.ref(f"noproof_verification.mail_template_ticket_{kind}").sudo()
            own = standard.copy()
            own.name = _("%(level)s %(letter)s", level=company.name, letter=title)  # copy() would add "(copy)"
            company[field] = own

    # ------------------------------------------------------------- calendar
    def _noproof_apply_calendar(self):
        """The level's office calendar: its city's for a county following it; else the level's own when it is
        already an office calendar (office hours on Mondays and holidays entered), or a new Chinese office calendar
        in place of Odoo's "Standard 40 hours/week". The year's holidays are imported."""
        company = self.company_id.sudo()
        if self.preset == "city":
            calendar = company.parent_id.resource_calendar_id
        else:
            calendar = company.resource_calendar_id
            if not (calendar and calendar._noproof_has_monday_hours() and calendar.noproof_holiday_count):
                calendar = self.env["resource.calendar"].create(
                    self._noproof_office_calendar_values(_("%(level)s Office Hours", level=company.name))
                )
        company.resource_calendar_id = calendar
        if self.year and calendar:
            self.env["noproof.holiday.import"]._noproof_import_year(calendar, self.year)
        return calendar

    @api.model
    def _noproof_office_calendar_values(self, name):
        """A Chinese government office calendar: Monday to Friday, 8:30–12:00 and 14:00–17:30, Beijing time."""
        days = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday")]
        spans = ((_("Morning"), 8.5, 12.0, "morning"), (_("Afternoon"), 14.0, 17.5, "afternoon"))
        return {
            "name": name,
            "tz": "Asia/Shanghai",
            # Shared: the level's counties count time on it too.
            "company_id": False,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{days[day]} {label}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for label, start, end, period in spans
            ],
        }

    # ------------------------------------------------------------- policies
    def _noproof_policy_values(self, calendar):
        """The deadline policies of the preset, by document type (``res_model``); add-ons add theirs."""
        base = {"company_id": self.company_id.id, "calendar_id": calendar.id, "time_basis": "office"}
        case = {
            **base,
            "name": _("Case Handling Time"),
            "res_model": "noproof.case",
            "use_item_days": True,
            "duration": 20,
            "duration_unit": "working_days",
        }
        if self.preset == "taizhou":
            return {
                "noproof.verification.ticket": [
                    {
                        **base,
                        "name": _("Immediate Items: Verification Time"),
                        "handling_type": "immediate",
                        "duration": 30,
                        "duration_unit": "minutes",
                        "legal_reference": TAIZHOU_TICKETS,
                    },
                    {
                        **base,
                        "name": _("Non-Immediate Items: Verification Time"),
                        "handling_type": "non_immediate",
                        "duration": 24,
                        "duration_unit": "hours",
                        "time_basis": "calendar",
                        "legal_reference": TAIZHOU_TICKETS,
                    },
                ],
                "noproof.case": [{**case, "legal_reference": "台政办发〔2019〕17号 第十一条第四款"}],
            }
        if self.preset == "luzhou":
            kinds = (
                ("electronic", _("Electronic Data: Verification Time"), 30, "minutes"),
                ("paper", _("Paper Archives: Verification Time"), 1, "working_days"),
                ("historical", _("Historical Archives: Verification Time"), 2, "working_days"),
            )
            return {
                "noproof.verification.ticket": [
                    {
                        **base,
                        "name": name,
                        "data_kind": kind,
                        "duration": duration,
                        "duration_unit": unit,
                        "legal_reference": LUZHOU_TICKETS,
                    }
                    for kind, name, duration, unit in kinds
                ],
                "noproof.case": [{**case, "legal_reference": LUZHOU_TICKETS}],
            }
        return {
            "noproof.verification.ticket": [
                {**base, "name": _("Verification Time"), "duration": 1, "duration_unit": "working_days"}
            ],
            "noproof.case": [case],
        }

    def _noproof_apply_policies(self, calendar):
        """Create the preset's policies of each document type the level has none of yet."""
        Policy = self.env["noproof.sla.policy"]
        for res_model, vals_list in self._noproof_policy_values(calendar).items():
            if not Policy.search_count([("company_id", "=", self.company_id.id), ("res_model", "=", res_model)]):
                Policy.create(vals_list)
