from odoo import api, fields, models

HOLIDAY_KINDS = [("holiday", "Public Holiday"), ("workday", "Make-Up Working Day")]


class NoproofHoliday(models.Model):
    """A dated exception to a calendar's office hours: a public holiday (no office
    time) or a make-up working day on a weekend (调休, worked with Monday hours)."""

    _name = "noproof.holiday"
    _inherit = ["noproof.office.clock.mixin"]
    _description = "Holiday or Make-Up Working Day"
    _order = "date desc, id"

    calendar_id = fields.Many2one(
        "resource.calendar", string="Working Calendar", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="calendar_id.company_id", store=True, index=True)
    date = fields.Date(required=True)
    kind = fields.Selection(HOLIDAY_KINDS, required=True, default="holiday")
    name = fields.Char(required=True, string="Occasion")

    _sql_constraints = [
        (
            "calendar_date_uniq",
            "unique(calendar_id, date)",
            "This calendar already has an exception on that date: change that one instead.",
        ),
    ]

    @api.depends("date", "name", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for holiday in self:
            holiday.display_name = f"{holiday.date} {holiday.name or ''} ({kinds.get(holiday.kind, '')})"
