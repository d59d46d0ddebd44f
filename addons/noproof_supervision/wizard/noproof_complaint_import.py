import base64
import csv
import io

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.noproof_complaint import COMPLAINT_TYPES

# Columns of the 12345 hotline export, by their header (Chinese or English).
COLUMNS = {
    "external_ref": ("工单编号", "ticket"),
    "date_received": ("来电时间", "received"),
    "complainant_name": ("来电人", "caller"),
    "complainant_phone": ("联系电话", "phone"),
    "description": ("诉求内容", "content"),
    "organization": ("涉及单位", "organization"),
    "item": ("办事事项", "item"),
    "complaint_type": ("类型", "type"),
}
TYPE_ALIASES = {
    "索要已取消证明": "cancelled_certificate",
    "擅自增设证明": "unapproved_certificate",
    "未按规定协查": "no_verification_answer",
    "信息滥用": "information_misuse",
    "以证明已取消为由拒绝开具": "refused_cancelled",
    "其他": "other",
}


class NoproofComplaintImport(models.TransientModel):
    """Import complaints from a 12345 hotline CSV export; bad rows are reported
    one by one, good rows imported, and a ticket already imported is skipped."""

    _name = "noproof.complaint.import"
    _description = "Import Hotline Complaints"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)
    imported_count = fields.Integer(readonly=True)
    skipped_count = fields.Integer(readonly=True)
    error_count = fields.Integer(readonly=True)

    def _rows(self):
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(_("The file is not a UTF-8 CSV export of the hotline.")) from error
        reader = csv.DictReader(io.StringIO(text))
        headers = {(header or "").strip(): header for header in reader.fieldnames or []}
        mapping = {}
        for key, names in COLUMNS.items():
            found = next((headers[name] for name in names if name in headers), None)
            if found:
                mapping[key] = found
        missing = [COLUMNS[key][0] for key in ("external_ref", "description") if key not in mapping]
        if missing:
            raise UserError(_("The file lacks the columns %s.", ", ".join(missing)))
        for line_number, row in enumerate(reader, start=2):
            yield line_number, {key: (row.get(column) or "").strip() for key, column in mapping.items()}

    @api.model
    def _parse_type(self, value):
        codes = dict(COMPLAINT_TYPES)
        return TYPE_ALIASES.get(value) or (value if value in codes else "other")

    def action_import(self):
        self.ensure_one()
        Complaint = self.env["noproof.complaint"]
        companies = self.env["res.company"].search([("id", "child_of", self.company_id.id)])
        organizations = {
            org.name: org for org in self.env["noproof.organization"].search([("company_id", "in", companies.ids)])
        }
        items = self.env["noproof.service.item"].search([("company_id", "in", companies.ids)])
        item_by_key = {item.code: item for item in items if item.code} | {item.name: item for item in items}
        rows = list(self._rows())
        refs = [values["external_ref"] for _line, values in rows if values.get("external_ref")]
        known = set(
            Complaint.search([("company_id", "=", self.company_id.id), ("external_ref", "in", refs)]).mapped(
                "external_ref"
            )
        )
        errors, vals_list = [], []
        skipped = 0
        for line_number, values in rows:
            ref = values.get("external_ref")
            if ref in known:
                skipped += 1
                continue
            problems = []
            if not ref:
                problems.append(_("no ticket number"))
            if not values.get("description"):
                problems.append(_("no content"))
            organization = organizations.get(values.get("organization"))
            item = item_by_key.get(values.get("item"))
            if values.get("organization") and not organization:
                problems.append(_("unknown organization %s", values["organization"]))
            if values.get("item") and not item:
                problems.append(_("unknown service item %s", values["item"]))
            if not organization and not item:
                problems.append(_("no organization or service item"))
            received = fields.Datetime.now()
            if values.get("date_received"):
                try:
                    received = fields.Datetime.to_datetime(values["date_received"].replace("/", "-"))
                except ValueError:
                    problems.append(_("unreadable date %s", values["date_received"]))
            if problems:
                errors.append(_("Line %(line)s: %(problems)s", line=line_number, problems="; ".join(problems)))
                continue
            known.add(ref)
            vals_list.append(
                {
                    "company_id": self.company_id.id,
                    "channel": "hotline",
                    "external_ref": ref,
                    "date_received": received,
                    "complainant_name": values.get("complainant_name"),
                    "complainant_phone": values.get("complainant_phone"),
                    "description": values["description"],
                    "target_organization_id": organization.id if organization else item.organization_id.id,
                    "item_id": item.id if item else False,
                    "complaint_type": self._parse_type(values.get("complaint_type", "")),
                }
            )
        Complaint._workflow_create(vals_list)
        summary = _(
            "%(imported)s imported, %(skipped)s already imported, %(errors)s with errors.",
            imported=len(vals_list),
            skipped=skipped,
            errors=len(errors),
        )
        self.write(
            {
                "result": "\n".join([summary, *errors]),
                "imported_count": len(vals_list),
                "skipped_count": skipped,
                "error_count": len(errors),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
