from datetime import date, timedelta

from odoo import _, fields, models

KEY_WARNING_DAYS = 30


class ResCompany(models.Model):
    """Verification's setup steps of a level (issue 16): office calendar and holidays, deadline policies,
    letter templates and data sources."""

    _inherit = "res.company"

    def _noproof_setup_steps(self):
        steps = super()._noproof_setup_steps()
        company = self.sudo()
        calendar = company.resource_calendar_id
        Policy = self.env["noproof.sla.policy"].sudo()
        levels = company.parent_ids.ids
        missing_policies = [
            label
            for res_model, label in (
                ("noproof.verification.ticket", _("verification tickets")),
                ("noproof.case", _("cases")),
            )
            if not Policy.search_count([("company_id", "in", levels), ("res_model", "=", res_model)], limit=1)
        ]
        Source = self.env["noproof.data.source"].sudo()
        sources = Source.search([("company_id", "=", company.id)])
        datasets = self.env["noproof.dataset"].sudo().search_count([("company_id", "=", company.id)], limit=1)
        steps += [
            self._noproof_step(
                "calendar",
                30,
                _("Office Calendar and Holidays"),
                problems=self._noproof_calendar_problems(calendar),
                missing=not calendar and _("Give the level an office calendar: apply a preset."),
            ),
            self._noproof_step(
                "policies",
                90,
                _("Deadline Policies"),
                missing=missing_policies
                and _(
                    "No deadline policy for %(documents)s: apply a preset or add them.",
                    documents=", ".join(missing_policies),
                ),
            ),
            self._noproof_step(
                "templates",
                110,
                _("Letter and Commitment Templates"),
                missing=not self.env.ref("noproof_verification.mail_template_ticket_request", raise_if_not_found=False)
                and _("The standard verification letters are missing: update the verification add-on."),
            ),
            self._noproof_step(
                "data_sources",
                120,
                _("Data Sources"),
                problems=self._noproof_data_source_problems(sources),
                missing=not sources
                and not datasets
                and _("Wire the shared-data look-ups the level's rules use, or the datasets it serves."),
            ),
        ]
        return steps

    def _noproof_calendar_problems(self, calendar):
        """What makes office time wrong: no Monday hours (make-up working days are worked with them), no
        holidays for this year."""
        if not calendar:
            return []
        problems = []
        if not calendar._noproof_has_monday_hours():
            problems.append(
                _(
                    "%(calendar)s has no office hours on Mondays: make-up working days (调休) are worked with Monday's "
                    "hours, so they would count no office time.",
                    calendar=calendar.name,
                )
            )
        year = fields.Date.context_today(self).year
        if (
            not self.env["noproof.holiday"]
            .sudo()
            .search_count(
                [
                    ("calendar_id", "=", calendar.id),
                    ("date", ">=", date(year, 1, 1)),
                    ("date", "<=", date(year, 12, 31)),
                ],
                limit=1,
            )
        ):
            problems.append(
                _(
                    "%(calendar)s has no public holidays for %(year)s: import them (Import Official Holidays).",
                    calendar=calendar.name,
                    year=year,
                )
            )
        return problems

    def _noproof_data_source_problems(self, sources):
        """Keys that will stop the look-ups: a data source without a key or whose key expires within 30 days,
        and, on the providing side, a client of the level whose key does."""
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=KEY_WARNING_DAYS)
        problems = []
        for source in sources.filtered("active"):
            if not source.api_key:
                problems.append(
                    _("%(data_source)s has no API key: its look-ups will be refused.", data_source=source.name)
                )
            elif source.api_key_expiry and source.api_key_expiry <= soon:
                problems.append(
                    _(
                        "The key of %(data_source)s is valid until %(day)s: ask the provider for a new one "
                        "(Give a Level Access to Datasets) before then.",
                        data_source=source.name,
                        day=source.api_key_expiry,
                    )
                )
        clients = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("company_ids", "in", self.ids),
                    ("groups_id", "in", self.env.ref("noproof_verification.group_data_client").ids),
                ]
            )
        )
        keys = self.env["res.users.apikeys"].sudo().search([("user_id", "in", clients.ids)])
        for client in clients:
            own = keys.filtered(lambda key, client=client: key.user_id == client)
            if not own:
                problems.append(
                    _(
                        "The data client %(client)s has no key: issue one (Give a Level Access to Datasets).",
                        client=client.name,
                    )
                )
            for key in own.filtered(lambda key: key.expiration_date and key.expiration_date.date() <= soon):
                problems.append(
                    _(
                        "The key of the data client %(client)s expires on %(day)s: rotate it (Give a Level Access to "
                        "Datasets) before then.",
                        client=client.name,
                        day=key.expiration_date.date(),
                    )
                )
        return problems

    def _noproof_setup_open(self, key):
        Action = self.env["ir.actions.act_window"]
        if key == "calendar":
            calendar = self.sudo().resource_calendar_id
            if calendar:
                return {
                    "type": "ir.actions.act_window",
                    "res_model": "resource.calendar",
                    "res_id": calendar.id,
                    "view_mode": "form",
                    "views": [(False, "form")],
                    "target": "current",
                }
            return Action._for_xml_id("resource.action_resource_calendar_form")
        xmlids = {
            "policies": "noproof_verification.action_noproof_sla_policy",
            "templates": "noproof_verification.action_noproof_letter_template",
            "data_sources": "noproof_verification.action_noproof_data_source",
        }
        if key in xmlids:
            action = Action._for_xml_id(xmlids[key])
            action["context"] = {"default_company_id": self.id}
            return action
        return super()._noproof_setup_open(key)
