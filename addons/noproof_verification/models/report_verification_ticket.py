from odoo import api, models


class ReportVerificationTicket(models.AbstractModel):
    """The verification letters as printed: the request letter carries the
    applicant's whole identity number only for those who handle the case or the
    ticket, and that print is written to the access log; others get the masked one."""

    _name = "report.noproof_verification.report_verification_ticket"
    _description = "Verification Letters"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["noproof.verification.ticket"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "noproof.verification.ticket",
            "docs": docs,
            "request_letters": docs._noproof_printed_request_letters(),
        }
