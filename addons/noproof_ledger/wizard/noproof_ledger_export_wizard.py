import base64
import csv
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.addons.noproof_catalog.tools.spreadsheet import neutralize_cell
from odoo.exceptions import ValidationError

from ..models.noproof_access_log_report import day_bounds
from ..models.noproof_ledger_entry import ENTRY_TYPES

FETCH_BATCH = 1000


class NoproofLedgerExportWizard(models.TransientModel):
    """Export a level's entries for a period (and organization) to CSV or XLSX, or
    print them as a PDF extract carrying the chain's verification result."""

    _name = "noproof.ledger.export.wizard"
    _description = "Export Ledger Entries"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company",
        string="Level",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'child_of', allowed_company_ids)]",
    )
    allowed_company_ids = fields.Many2many("res.company", compute="_compute_allowed_company_ids")
    organization_id = fields.Many2one(
        "noproof.organization",
        string="Organization",
        domain="[('company_id', '=', company_id)]",
        help="Leave empty to export every organization of the level.",
    )
    entry_type = fields.Selection(ENTRY_TYPES, string="Type", help="Leave empty to export every type.")
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)
    verification_id = fields.Many2one("noproof.ledger.verification", readonly=True)
    tz = fields.Char(
        string="Time Zone",
        readonly=True,
        default=lambda self: self.env.context.get("tz") or self.env.user.tz or "UTC",
        help="The days of the period are those of this time zone.",
    )

    def _compute_allowed_company_ids(self):
        for wizard in self:
            wizard.allowed_company_ids = self.env.companies

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    _("The period ends before it starts: choose a 'To' date on or after the 'From' date.")
                )

    def _tz(self):
        return self.tz or "UTC"

    def _domain(self):
        self.ensure_one()
        start, end = day_bounds(self.date_from, self._tz(), self.date_to)
        domain = [("company_id", "=", self.company_id.id), ("date", ">=", start), ("date", "<", end)]
        if self.organization_id:
            domain.append(("organization_id", "=", self.organization_id.id))
        if self.entry_type:
            domain.append(("entry_type", "=", self.entry_type))
        return domain

    def _entries(self):
        """The entries of the period the user may read, in chain order."""
        return self.env["noproof.ledger.entry"].search(self._domain(), order="sequence")

    def _batches(self, entries):
        for start in range(0, len(entries), FETCH_BATCH):
            yield entries[start : start + FETCH_BATCH]

    def _columns(self):
        types = dict(self.env["noproof.ledger.entry"]._fields["entry_type"]._description_selection(self.env))
        channels = dict(self.env["noproof.ledger.entry"]._fields["channel"]._description_selection(self.env))
        levels = dict(self.env["noproof.ledger.entry"]._fields["classification"]._description_selection(self.env))

        def local(entry):
            return fields.Datetime.context_timestamp(self.with_context(tz=self._tz()), entry.date).strftime(
                "%Y-%m-%d %H:%M:%S"
            )

        return [
            (_("No."), lambda e: e.sequence),
            (_("Recorded On"), local),
            (_("Type"), lambda e: types.get(e.entry_type, "")),
            (_("Level"), lambda e: e.company_id.name),
            (_("Organization"), lambda e: e.organization_id.name or ""),
            (_("Recorded By"), lambda e: e.user_id.name),
            (_("Applicant"), lambda e: e.applicant_name or ""),
            (_("Identity Number (Masked)"), lambda e: e.applicant_id_number_masked or ""),
            (_("Contact"), lambda e: e.contact or ""),
            (_("Service Item"), lambda e: e.item_id.name or ""),
            (_("Certificate"), lambda e: e.certificate_name or ""),
            (_("Purpose"), lambda e: e.purpose or ""),
            (_("Requesting Unit"), lambda e: e.requesting_unit or ""),
            (_("Material"), lambda e: e.material or ""),
            (_("Counterparty"), lambda e: e.counterparty or ""),
            (_("Location"), lambda e: e.location or ""),
            (_("Channel"), lambda e: channels.get(e.channel, "")),
            (_("Classified"), lambda e: (levels.get(e.classification) or _("Yes")) if e.is_classified else ""),
            (_("Reason"), lambda e: e.reason or ""),
            (_("Findings"), lambda e: e.result or ""),
            (_("Document"), lambda e: e.document_name or ""),
            (_("Corrects No."), lambda e: e.corrects_id.sequence or ""),
            (_("Attachments"), lambda e: e.attachment_count),
            (_("Entry Hash"), lambda e: e.entry_hash),
        ]

    def _rows(self):
        """The cells of each entry; text a spreadsheet would run as a formula is neutralized."""
        columns = self._columns()
        entries = self._entries()
        for batch in self._batches(entries):
            for entry in batch:
                yield [neutralize_cell(getter(entry)) for __, getter in columns]

    def _file_name(self, extension):
        return f"ledger-{self.company_id.name}-{self.date_from}-{self.date_to}.{extension}"

    def _download(self, data, extension):
        self.write({"file_data": data, "file_name": self._file_name(extension)})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{self.file_name}?download=true",
            "target": "self",
        }

    def _csv_bytes(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([label for label, __ in self._columns()])
        writer.writerows(self._rows())
        # A byte-order mark lets spreadsheet programs read the Chinese text as UTF-8.
        return buffer.getvalue().encode("utf-8-sig")

    def _xlsx_bytes(self):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        sheet = workbook.add_worksheet(_("Ledger"))
        bold = workbook.add_format({"bold": True})
        for col, (label, __) in enumerate(self._columns()):
            sheet.write(0, col, label, bold)
        for row_index, row in enumerate(self._rows(), start=1):
            for col, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(row_index, col, value)
                else:
                    sheet.write(row_index, col, value)
        workbook.close()
        return buffer.getvalue()

    def action_export_csv(self):
        self.ensure_one()
        return self._download(base64.b64encode(self._csv_bytes()), "csv")

    def action_export_xlsx(self):
        self.ensure_one()
        return self._download(base64.b64encode(self._xlsx_bytes()), "xlsx")

    def action_print_pdf(self):
        """Verify the level's chain now and print the extract with the result."""
        self.ensure_one()
        chain = self.env["noproof.ledger.chain"].sudo().search([("company_id", "=", self.company_id.id)])
        if chain:
            chain.with_env(self.env)._check_may_verify()
            self.verification_id = chain._verify(trigger="report")
        return self.env.ref("noproof_ledger.action_report_ledger_extract").report_action(self)
