from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

COMPARE_WITH = [
    ("none", "Display Only"),
    ("applicant_name", "Applicant's Name"),
    ("applicant_id_number", "Applicant's Identity Number"),
    ("property", "Application Form Field"),
]


class NoproofDataSourceField(models.Model):
    """One field of the remote answer, and what the applicant declared that it
    must agree with (Taizhou art. 12: a mismatch leads to a supplement)."""

    _name = "noproof.data.source.field"
    _description = "Shared Data Field Mapping"
    _order = "source_id, sequence, id"

    source_id = fields.Many2one("noproof.data.source", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    remote_key = fields.Char(string="Remote Field", required=True, help="Key of the field in the JSON answer.")
    label = fields.Char(required=True)
    compare_with = fields.Selection(COMPARE_WITH, required=True, default="none")
    property_name = fields.Char(
        string="Form Field",
        help="Technical name of the field in the item's application form whose value must agree.",
    )

    @api.constrains("compare_with", "property_name")
    def _check_property_name(self):
        for line in self:
            if line.compare_with == "property" and not (line.property_name or "").strip():
                raise ValidationError(
                    _(
                        "%(label)s is compared with an application form field: enter that field's technical name.",
                        label=line.label,
                    )
                )

    def _declared_value(self, case):
        """What the applicant declared for this field in ``case``."""
        self.ensure_one()
        if self.compare_with == "applicant_name":
            return case.applicant_id.name
        if self.compare_with == "applicant_id_number":
            return case.applicant_id.sudo().noproof_id_number
        if self.compare_with == "property":
            return (case.properties or {}).get(self.property_name.strip())
        return None
