from odoo import _, api, models
from odoo.exceptions import UserError


class ReportOutboundRegister(models.AbstractModel):
    """The register of certificates issued for use outside the city (Luzhou art. 16)."""

    _name = "report.noproof_ledger.report_outbound_register"
    _description = "Outbound Certificate Register"

    @api.model
    def _get_report_values(self, docids, data=None):
        entries = (
            self.env["noproof.ledger.entry"]
            .browse(docids)
            .filtered(lambda entry: entry.entry_type == "outbound_certificate")
            .sorted(lambda entry: (entry.company_id.id, entry.sequence))
        )
        if not entries:
            raise UserError(_("Select entries of the outbound certificate register to print it."))
        return {
            "doc_ids": entries.ids,
            "doc_model": "noproof.ledger.entry",
            "docs": entries,
            "groups": [
                (company, entries.filtered(lambda e, c=company: e.company_id == c)) for company in entries.company_id
            ],
        }


class ReportOutboundCertificate(models.AbstractModel):
    """The certificate issued for use outside the city, printed from its register entry (Luzhou art. 16)."""

    _name = "report.noproof_ledger.report_outbound_certificate"
    _description = "Certificate Issued for Use Outside the City"

    @api.model
    def _get_report_values(self, docids, data=None):
        entries = self.env["noproof.ledger.entry"].browse(docids)
        if not entries or any(entry.entry_type != "outbound_certificate" for entry in entries):
            raise UserError(_("Only entries of the outbound certificate register print as an issued certificate."))
        return {"doc_ids": entries.ids, "doc_model": "noproof.ledger.entry", "docs": entries}
