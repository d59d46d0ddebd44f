from odoo import _, api, models
from odoo.exceptions import AccessError

from ..models.noproof_complaint import COMPLAINANT_GROUPS


class NoproofComplaintReceiptReport(models.AbstractModel):
    """The receipt (受理回执) of a complaint: printed by the supervision window or the office only, as it carries
    the 查询码 and the complainant's name. Odoo's report route does not check a report's groups: this does."""

    _name = "report.noproof_supervision.report_complaint_receipt"
    _description = "Complaint Receipt"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not any(self.env.user.has_group(group) for group in COMPLAINANT_GROUPS.split(",")):
            raise AccessError(_("Only the supervision window and the office print a complaint's receipt."))
        complaints = self.env["noproof.complaint"].browse(docids)
        complaints.check_access("read")
        return {"doc_ids": docids, "doc_model": "noproof.complaint", "docs": complaints}
