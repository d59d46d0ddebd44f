from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models, tools


class NoproofAccessLogReport(models.Model):
    """Per user and day: how many applicants' unmasked data the user read, and how
    many of them without a case. More than the level's threshold without a case
    is unusual access, for the office to look into (Taizhou art. 16, Luzhou art. 18)."""

    _name = "noproof.access.log.report"
    _description = "Unusual Access Report"
    _auto = False
    _order = "day desc, partners_without_case desc"
    _depends = {
        "noproof.access.log": ["date", "user_id", "company_id", "partner_id", "res_model"],
        "res.company": ["noproof_unusual_access_threshold"],
        "res.users": ["partner_id"],
        "res.partner": ["tz"],
    }

    day = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="User", readonly=True)
    company_id = fields.Many2one("res.company", string="Level", readonly=True)
    read_count = fields.Integer(string="Reads", readonly=True)
    partner_count = fields.Integer(string="Applicants", readonly=True)
    partners_without_case = fields.Integer(string="Applicants Without a Case", readonly=True)
    threshold = fields.Integer(readonly=True)
    is_unusual = fields.Boolean(string="Unusual", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The day is the user's local day (their timezone, else UTC).
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT min(log.id) AS id,
                       (log.date AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(NULLIF(partner.tz, ''), 'UTC'))::date AS day,
                       log.user_id,
                       log.company_id,
                       count(*) AS read_count,
                       count(DISTINCT log.partner_id) AS partner_count,
                       count(DISTINCT log.partner_id) FILTER (WHERE log.res_model IS NULL) AS partners_without_case,
                       company.noproof_unusual_access_threshold AS threshold,
                       count(DISTINCT log.partner_id) FILTER (WHERE log.res_model IS NULL)
                           > COALESCE(company.noproof_unusual_access_threshold, 0) AS is_unusual
                  FROM noproof_access_log log
                  JOIN res_company company ON company.id = log.company_id
                  JOIN res_users users ON users.id = log.user_id
                  JOIN res_partner partner ON partner.id = users.partner_id
              GROUP BY 2, log.user_id, log.company_id, company.noproof_unusual_access_threshold
            )"""
        )

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_ledger.action_noproof_access_log")
        tz = self.user_id.tz or "UTC"
        start, end = day_bounds(self.day, tz)
        action["domain"] = [
            ("user_id", "=", self.user_id.id),
            ("company_id", "=", self.company_id.id),
            ("date", ">=", start),
            ("date", "<", end),
        ]
        action["context"] = {}
        return action


def day_bounds(day, tz, last_day=None):
    """The naive UTC bounds [start, end) of the local days ``day`` to ``last_day`` in ``tz``."""
    zone = pytz.timezone(tz)
    start = zone.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
    end = (
        zone.localize(datetime.combine((last_day or day) + timedelta(days=1), time.min))
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )
    return start, end
