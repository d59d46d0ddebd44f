from odoo import api, fields, models

from .noproof_certificate_rule import DISPOSITIONS, EXCLUSIONS

# A published line stays frozen, except for the dated note that it stopped because its
# legal basis lapsed (Taizhou art. 6 ¶3), which only the lifecycle job writes.
STOP_FIELDS = ("date_stopped", "stop_basis")


class NoproofCancellationListLine(models.Model):
    """One line of a list version: a frozen copy of a rule as it was published."""

    _name = "noproof.cancellation.list.line"
    _description = "Cancellation List Line"
    _inherit = ["noproof.workflow.mixin"]
    _order = "list_id, sequence, id"
    _workflow_fields = STOP_FIELDS

    list_id = fields.Many2one("noproof.cancellation.list", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="list_id.company_id", store=True, index=True)
    sequence = fields.Integer()
    rule_id = fields.Many2one("noproof.certificate.rule", string="Rule", index=True, ondelete="set null", readonly=True)
    item_id = fields.Many2one(
        "noproof.service.item", string="Linked Item", index=True, ondelete="set null", readonly=True
    )
    certificate_id = fields.Many2one(
        "noproof.certificate", string="Linked Certificate", index=True, ondelete="set null", readonly=True
    )
    item_code = fields.Char(readonly=True)
    item_name = fields.Char(string="Service Item", readonly=True)
    organization_name = fields.Char(string="Handling Organization", readonly=True)
    certificate_name = fields.Char(string="Certificate", readonly=True)
    disposition = fields.Selection(DISPOSITIONS, readonly=True, index=True)
    alternative_method = fields.Text(readonly=True)
    legal_basis = fields.Char(readonly=True)
    assisting_organization_name = fields.Char(string="Assisting Organization", readonly=True)
    rule_state = fields.Selection(related="rule_id.state", string="Rule Status")
    date_stopped = fields.Date(
        string="Stopped From",
        readonly=True,
        help="The line no longer applies from this day, e.g. because its legal basis was repealed or amended "
        "(Taizhou art. 6 ¶3).",
    )
    stop_basis = fields.Char(string="Lapsed Legal Basis", readonly=True)
    exclusion = fields.Selection(EXCLUSIONS, string="Outside the Regulation", readonly=True, index="btree_not_null")
    exclusion_reason = fields.Text(readonly=True)
    exclusion_article = fields.Char(readonly=True)
    retention_approved = fields.Boolean(
        string="Retention Approved by the Office",
        readonly=True,
        help="A retained certificate the joint-conference office explicitly approved under the zero-certificate "
        "target (Luzhou art. 7 ¶1).",
    )

    @api.model
    def _values_from_rule(self, rule, lst):
        return {
            "list_id": lst.id,
            "sequence": rule.sequence,
            "rule_id": rule.id,
            "item_id": rule.item_id.id,
            "certificate_id": rule.certificate_id.id,
            "item_code": rule.item_id.code,
            "item_name": rule.item_id.name,
            "organization_name": rule.organization_id.name,
            "certificate_name": rule.certificate_id.name,
            "disposition": rule.disposition,
            "alternative_method": rule.alternative_method,
            "legal_basis": rule.legal_basis_id.display_name or False,
            "assisting_organization_name": rule.assisting_organization_id.name or False,
            "date_stopped": rule.date_suspended if rule.state == "suspended" else False,
            "exclusion": rule.exclusion or False,
            "exclusion_reason": rule.exclusion_reason if rule.exclusion else False,
            "exclusion_article": rule.exclusion_article if rule.exclusion else False,
            "retention_approved": bool(rule.disposition == "retained" and rule.retention_approved_by_id),
            "stop_basis": rule.legal_basis_id.display_name
            if rule.state == "suspended" and rule.legal_basis_id._noproof_lapse_date()
            else False,
        }

    @api.model_create_multi
    def create(self, vals_list):
        lists = self.env["noproof.cancellation.list"].browse({vals["list_id"] for vals in vals_list})
        lists._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - set(STOP_FIELDS):
            self.list_id._check_editable()
        return super().write(vals)

    def unlink(self):
        self.list_id._check_editable()
        return super().unlink()
