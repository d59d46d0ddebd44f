import datetime

import pytz

from odoo import api, fields, models
from odoo.tools.misc import format_date

PORTAL_TZ = "Asia/Shanghai"


class ServiceGuideReport(models.AbstractModel):
    """办事指南: what an applicant brings for one service item and how every other
    certificate is replaced, read from the item's lines on the published list, so
    that a guide never asks for more than the list (Luzhou art. 7)."""

    _name = "report.noproof_catalog.report_service_guide"
    _description = "Service Guide"

    @api.model
    def _guide(self, item):
        lst = (
            self.env["noproof.cancellation.list"]
            .sudo()
            .search([("company_id", "=", item.company_id.id), ("state", "=", "published")], limit=1)
        )
        lines = lst._portal_lines(item_id=item.id) if lst else []
        labels = dict(
            self.env["noproof.cancellation.list.line"]._fields["disposition"]._description_selection(self.env)
        )
        live = [line for line in lines if not line["date_stopped"]]
        first = lines[0] if lines else {}
        return {
            "list": lst if lines else False,
            "item_code": first.get("item_code") or item.code,
            "item_name": first.get("item_name") or item.name,
            "organization": first.get("organization_name") or item.organization_id.name,
            "bring": [line for line in live if line["disposition"] == "retained"],
            "replaced": [line for line in live if line["disposition"] != "retained"],
            "stopped": [line for line in lines if line["date_stopped"]],
            "labels": labels,
            "today": fields.Date.context_today(self),
        }

    @api.model
    def _format_date(self, value):
        """A date or a UTC datetime as a local date in the reader's language."""
        if not value:
            return ""
        if isinstance(value, datetime.datetime):
            tz = pytz.timezone(self.env.user.tz or PORTAL_TZ)
            value = pytz.utc.localize(value).astimezone(tz).date()
        return format_date(self.env, value)

    @api.model
    def _get_report_values(self, docids, data=None):
        items = self.env["noproof.service.item"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "noproof.service.item",
            "docs": items,
            "guides": {item.id: self._guide(item) for item in items},
            "fdate": self._format_date,
        }
