from odoo import models


class ResourceCalendarAttendance(models.Model):
    """Office hours changed: the cached office clocks are stale."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "noproof.office.clock.mixin"]
