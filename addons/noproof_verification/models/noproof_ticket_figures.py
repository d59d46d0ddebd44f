import logging
from datetime import date, datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.addons.noproof_catalog.tools import exchange

_logger = logging.getLogger(__name__)

FIGURES_MESSAGE = "noproof.evaluation.figures"
# What an instance measures of an organization in a period (the evaluation adds the complaints it holds).
PERIOD_FIGURES = (
    "cancelled_count",
    "replaced_count",
    "retained_count",
    "case_count",
    "overdue_case_count",
    "commitment_count",
    "check_count",
    "ticket_count",
    "on_time_count",
    "overdue_count",
    "answered_count",
    "median_answer_hours",
    "supplement_count",
    "false_commitment_count",
)


class NoproofTicketFigures(models.Model):
    """Verification tickets counted per assisting organization and month, without
    what a ticket says about an applicant: what a supervising authority reads of the
    public-service organizations it guides (Taizhou art. 21, Luzhou arts. 4 and 24),
    and what the office compares across departments."""

    _name = "noproof.ticket.figures"
    _description = "Verification Ticket Figures"
    _auto = False
    _order = "month desc, organization_id"
    _depends = {
        "noproof.verification.ticket": [
            "assisting_organization_id",
            "assisting_company_id",
            "sent_at",
            "state",
            "answered_at",
            "on_time",
            "office_hours",
            "overdue_at",
        ],
    }

    month = fields.Date(readonly=True)
    organization_id = fields.Many2one("noproof.organization", string="Assisting Organization", readonly=True)
    company_id = fields.Many2one("res.company", string="Level", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    on_time_count = fields.Integer(string="Answered on Time", readonly=True)
    escalated_count = fields.Integer(string="Escalated", readonly=True)
    answer_hours = fields.Float(string="Average Answer Time (Office Hours)", aggregator="avg", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT min(ticket.id) AS id,
                       date_trunc('month', ticket.sent_at)::date AS month,
                       ticket.assisting_organization_id AS organization_id,
                       ticket.assisting_company_id AS company_id,
                       count(*) AS ticket_count,
                       count(*) FILTER (WHERE ticket.answered_at IS NOT NULL) AS answered_count,
                       count(*) FILTER (WHERE ticket.on_time) AS on_time_count,
                       count(*) FILTER (WHERE ticket.overdue_at IS NOT NULL) AS escalated_count,
                       avg(ticket.office_hours) FILTER (WHERE ticket.answered_at IS NOT NULL) AS answer_hours
                  FROM noproof_verification_ticket ticket
                 WHERE ticket.sent_at IS NOT NULL AND ticket.state != 'cancelled'
              GROUP BY 2, ticket.assisting_organization_id, ticket.assisting_company_id
            )"""
        )

    # ------------------------------------------------- figures of a period
    @api.model
    def _noproof_period_figures(self, organizations, start, end):
        """``{organization id: {figure: value}}`` of what this instance holds about ``organizations`` between
        the naive UTC datetimes ``start`` (included) and ``end`` (excluded), by aggregate queries only: rules in
        force, cases decided and past their deadline, tickets due to them and how they were answered, supplement
        requests and false commitments. The evaluation adds what supervision holds; an enterprise's instance
        sends them to its supervising authority (Taizhou art. 21, Luzhou arts. 4 and 24)."""
        now = fields.Datetime.now()
        org_ids = tuple(organizations.ids) or (0,)
        self.env.flush_all()
        cr = self.env.cr
        result = {org_id: dict.fromkeys(PERIOD_FIGURES, 0) for org_id in organizations.ids}

        def merge(keys, rows):
            for org_id, *values in rows:
                for key, value in zip(keys, values, strict=True):
                    result[org_id][key] = value or 0

        cr.execute(
            """SELECT organization_id,
                      COUNT(*) FILTER (WHERE disposition = 'cancelled'),
                      COUNT(*) FILTER (WHERE disposition NOT IN ('cancelled', 'retained')),
                      COUNT(*) FILTER (WHERE disposition = 'retained')
                 FROM noproof_certificate_rule
                WHERE organization_id IN %s AND state IN ('active', 'suspended')
             GROUP BY organization_id""",
            [org_ids],
        )
        merge(("cancelled_count", "replaced_count", "retained_count"), cr.fetchall())
        cr.execute(
            """SELECT c.organization_id, COUNT(DISTINCT c.id), COUNT(k.id),
                      COUNT(k.id) FILTER (WHERE k.disposition = 'commitment')
                 FROM noproof_case c
            LEFT JOIN noproof_case_check k ON k.case_id = c.id
                WHERE c.organization_id IN %s AND c.date_decided >= %s AND c.date_decided < %s
             GROUP BY c.organization_id""",
            [org_ids, start, end],
        )
        merge(("case_count", "check_count", "commitment_count"), cr.fetchall())
        # The deadline engine's figures of record: on time, and the office hours taken.
        cr.execute(
            """SELECT organization_id, COUNT(*)
                 FROM noproof_case
                WHERE organization_id IN %s AND deadline IS NOT NULL
                  AND ((date_decided >= %s AND date_decided < %s AND state != 'cancelled' AND NOT on_time)
                       OR (state = 'open' AND deadline >= %s AND deadline < LEAST(%s, %s)))
             GROUP BY organization_id""",
            [org_ids, start, end, start, end, now],
        )
        merge(("overdue_case_count",), cr.fetchall())
        cr.execute(
            """SELECT assisting_organization_id, COUNT(*),
                      COUNT(*) FILTER (WHERE answered_at IS NOT NULL AND on_time),
                      COUNT(*) FILTER (WHERE (answered_at IS NOT NULL AND NOT on_time)
                                          OR (answered_at IS NULL AND state IN ('sent', 'accepted') AND deadline < %s)),
                      COUNT(answered_at),
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY office_hours)
                          FILTER (WHERE answered_at IS NOT NULL)
                 FROM noproof_verification_ticket
                WHERE assisting_organization_id IN %s AND deadline >= %s AND deadline < %s
                  AND state != 'cancelled'
             GROUP BY assisting_organization_id""",
            [now, org_ids, start, end],
        )
        merge(
            ("ticket_count", "on_time_count", "overdue_count", "answered_count", "median_answer_hours"), cr.fetchall()
        )
        cr.execute(
            """SELECT organization_id,
                      COUNT(*) FILTER (WHERE entry_type = 'supplement_request'),
                      COUNT(*) FILTER (WHERE entry_type = 'false_commitment')
                 FROM noproof_ledger_entry
                WHERE organization_id IN %s AND date >= %s AND date < %s
                  AND entry_type IN ('supplement_request', 'false_commitment')
             GROUP BY organization_id""",
            [org_ids, start, end],
        )
        merge(("supplement_count", "false_commitment_count"), cr.fetchall())
        return result

    @api.model
    def _noproof_month_bounds(self, company, year, month):
        """The month's first local midnight and the next month's, as naive UTC datetimes, in the level's
        office time zone."""
        tz = pytz.timezone(company.sudo().resource_calendar_id.tz or "Asia/Shanghai")
        first = date(year, month, 1)
        start = tz.localize(datetime.combine(first, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        following = tz.localize(datetime.combine(first + relativedelta(months=1), time.min))
        return start, following.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _noproof_send_evaluation_figures(self, company, year, month, peers=None):
        """Send ``company``'s figures of the month to the instances of its supervising authorities
        (Taizhou art. 21, Luzhou arts. 4 and 24): to each, the organizations working here that it supervises.
        Returns the messages written to the outbox."""
        Peer = self.env["noproof.exchange.peer"].sudo()
        Message = self.env["noproof.exchange.message"]
        peers = Peer._noproof_supervising_peers(company) if peers is None else peers.sudo()
        represented = Peer.search([]).organization_ids
        organizations = (
            self.env["noproof.organization"]
            .sudo()
            .search([("company_id", "=", company.id), ("id", "not in", represented.ids)])
        )
        start, end = self._noproof_month_bounds(company, year, month)
        figures = self._noproof_period_figures(organizations, start, end)
        now = fields.Datetime.now().strftime(exchange.TIME_FORMAT)
        messages = Message.browse()
        for peer in peers:
            supervised = organizations.filtered(
                lambda organization, peer=peer: organization.supervising_authority_id in peer.organization_ids
            )
            if not supervised:
                continue
            payload = {
                "level": company.sudo().name,
                "year": year,
                "month": month,
                "computed_at": now,
                "organizations": [
                    {
                        "name": organization.name,
                        "code": organization.code or None,
                        "figures": figures[organization.id],
                    }
                    for organization in supervised
                ],
            }
            messages |= Message._noproof_send(peer, FIGURES_MESSAGE, payload)
        return messages

    @api.model
    def _noproof_last_month(self):
        today = fields.Date.context_today(self.with_context(tz="Asia/Shanghai"))
        last = today.replace(day=1) - relativedelta(months=1)
        return last.year, last.month

    @api.model
    def _cron_send_evaluation_figures(self):
        """Monthly: each level's figures of the month just ended go to its supervising authorities' instances,
        where they take the type. A peer that does not take them is skipped and named in the log."""
        year, month = self._noproof_last_month()
        Peer = self.env["noproof.exchange.peer"].sudo()
        for company in self.env["res.company"].sudo().search([]):
            peers = Peer._noproof_supervising_peers(company)
            allowed = peers.filtered(lambda peer: FIGURES_MESSAGE in peer.send_type_ids.mapped("code"))
            for peer in peers - allowed:
                _logger.info("%s does not take evaluation figures from this instance: not sent.", peer.name)
            if allowed:
                self._noproof_send_evaluation_figures(company, year, month, peers=allowed)
