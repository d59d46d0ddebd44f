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
        "resource.calendar",
        string="Working Calendar",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('noproof_office', '=', True)]",
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
            # A new line has no date or occasion yet: show what there is, never "False".
            parts = [fields.Date.to_string(holiday.date) if holiday.date else "", holiday.name or ""]
            label = " ".join(part for part in parts if part)
            kind = kinds.get(holiday.kind, "")
            holiday.display_name = f"{label} ({kind})" if label and kind else label or kind
