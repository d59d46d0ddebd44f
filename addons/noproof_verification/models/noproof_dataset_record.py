import json

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class NoproofDatasetRecord(models.Model):
    """One record of a served dataset about one subject (a person or a company)."""

    _name = "noproof.dataset.record"
    _description = "Served Dataset Record"
    _order = "dataset_id, subject_id_number, id"
    _rec_name = "subject_name"

    dataset_id = fields.Many2one("noproof.dataset", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="dataset_id.company_id", store=True, index=True)
    subject_id_number = fields.Char(string="Identity Number", required=True, index=True)
    subject_name = fields.Char(string="Name")
    data = fields.Json(string="Data")
    data_text = fields.Text(
        string="Data (JSON)",
        compute="_compute_data_text",
        inverse="_inverse_data_text",
        help='The fields served for this record, as a JSON object, e.g. {"name": "张伟", "address": "…"}',
    )

    @api.depends("data")
    def _compute_data_text(self):
        for record in self:
            record.data_text = json.dumps(record.data or {}, ensure_ascii=False, indent=2, sort_keys=True)

    def _inverse_data_text(self):
        for record in self:
            try:
                data = json.loads(record.data_text or "{}")
            except ValueError as error:
                raise ValidationError(
                    _(
                        "The data of %(name)s is not valid JSON (%(error)s). Correct it and save again.",
                        name=record.subject_name or record.subject_id_number,
                        error=error,
                    )
                ) from error
            if not isinstance(data, dict):
                raise ValidationError(_('The data of a record must be a JSON object such as {"name": "张伟"}.'))
            record.data = data

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._normalize(vals))

    @api.model
    def _normalize(self, vals):
        if vals.get("subject_id_number"):
            vals["subject_id_number"] = "".join(vals["subject_id_number"].split()).upper()
        # An empty object is written as False (a record with no field served beyond the subject's own).
        if vals.get("data") and not isinstance(vals["data"], dict):
            raise ValidationError(_('The data of a record must be a JSON object such as {"name": "张伟"}.'))
        return vals
