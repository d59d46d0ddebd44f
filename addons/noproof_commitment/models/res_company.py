from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Luzhou art. 8: the follow-up of a commitment is completed within 3 days.
DEFAULT_FOLLOW_UP_DAYS = 3
DEFAULT_FOLLOW_UP_BASIS = "calendar"
FOLLOW_UP_BASES = [("calendar", "Calendar Days"), ("working", "Working Days")]


class ResCompany(models.Model):
    _inherit = "res.company"

    noproof_commitment_follow_up_days = fields.Integer(
        string="Commitment Follow-Up (Days)",
        default=0,
        help="Within how many days after signature the office verifies what an applicant promised "
        "(3 days in Luzhou, art. 8). Leave 0 on a county to use its city's figure; a city left at 0 "
        "uses 3 calendar days.",
    )
    noproof_commitment_follow_up_basis = fields.Selection(
        FOLLOW_UP_BASES,
        string="Follow-Up Counted In",
        default=DEFAULT_FOLLOW_UP_BASIS,
        required=True,
        help="Calendar days count every day; working days count full office days of the level's working "
        "calendar, without public holidays.",
    )
    noproof_commitment_bar_months = fields.Integer(
        string="Bar After a False Promise (Months)",
        default=24,
        help="For how long an applicant who made a false promise may not use commitment instead of a "
        "certificate (two years in Taizhou, art. 8 ¶4). Set on the city: the bar applies across the city "
        "and all its counties. 0 = no bar.",
    )
    noproof_commitment_rectification_days = fields.Integer(
        string="Rectification Period (Days)",
        default=30,
        help="The deadline proposed when the office orders an applicant to rectify a false promise "
        "(Taizhou art. 8 ¶3); the office may change it in each order.",
    )
    noproof_commitment_follow_up_summary = fields.Char(
        string="Effective Follow-Up Deadline", compute="_compute_noproof_commitment_follow_up_summary"
    )

    @api.constrains(
        "noproof_commitment_follow_up_days", "noproof_commitment_bar_months", "noproof_commitment_rectification_days"
    )
    def _check_noproof_commitment_figures(self):
        for company in self:
            if (
                min(
                    company.noproof_commitment_follow_up_days,
                    company.noproof_commitment_bar_months,
                    company.noproof_commitment_rectification_days,
                )
                < 0
            ):
                raise ValidationError(
                    _("%(level)s: commitment deadlines and bars cannot be negative.", level=company.name)
                )
            if company.noproof_commitment_rectification_days == 0:
                raise ValidationError(
                    _("%(level)s: a rectification period must be at least one day.", level=company.name)
                )

    @api.depends(
        "noproof_commitment_follow_up_days",
        "noproof_commitment_follow_up_basis",
        "parent_id",
        "parent_id.noproof_commitment_follow_up_days",
        "parent_id.noproof_commitment_follow_up_basis",
    )
    def _compute_noproof_commitment_follow_up_summary(self):
        bases = dict(self._fields["noproof_commitment_follow_up_basis"]._description_selection(self.env))
        for company in self:
            days, basis, source = company._noproof_commitment_follow_up()
            company.noproof_commitment_follow_up_summary = (
                _("%(days)s %(basis)s (set on %(level)s)", days=days, basis=bases[basis], level=source.name)
                if source
                else _("%(days)s %(basis)s (default, Luzhou art. 8)", days=days, basis=bases[basis])
            )

    def _noproof_commitment_follow_up(self):
        """(days, basis, level it is set on) of the follow-up deadline: the nearest level,
        from this one up to its city, with a figure set; 3 calendar days by default."""
        self.ensure_one()
        company = self.sudo()
        while company:
            if company.noproof_commitment_follow_up_days > 0:
                return (
                    company.noproof_commitment_follow_up_days,
                    company.noproof_commitment_follow_up_basis,
                    company.sudo(False),
                )
            company = company.parent_id
        return DEFAULT_FOLLOW_UP_DAYS, DEFAULT_FOLLOW_UP_BASIS, self.browse()

    def _noproof_commitment_deadline(self, start):
        """When the follow-up of a commitment signed at ``start`` (naive UTC) is due."""
        self.ensure_one()
        days, basis, source = self._noproof_commitment_follow_up()
        if basis == "calendar":
            return start.replace(microsecond=0) + timedelta(days=days)
        calendar = (source or self).sudo().resource_calendar_id or self.sudo().resource_calendar_id
        if not calendar:
            raise ValidationError(
                _(
                    "%(level)s counts the commitment follow-up in working days but has no working calendar. "
                    "Choose its working calendar, or count calendar days.",
                    level=self.name,
                )
            )
        clock = calendar._noproof_clock()
        if not clock.day_seconds:
            raise ValidationError(
                _(
                    "The working calendar %(calendar)s has no office hours on Mondays, so a working day cannot "
                    "be measured on it.",
                    calendar=calendar.name,
                )
            )
        return clock.add(start.replace(microsecond=0), days * clock.day_seconds)

    def _noproof_city(self):
        """The city at the top of this level: a bar there applies to all its counties."""
        self.ensure_one()
        return self.sudo().root_id.sudo(False)
