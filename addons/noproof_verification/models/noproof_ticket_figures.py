from odoo import fields, models, tools


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
