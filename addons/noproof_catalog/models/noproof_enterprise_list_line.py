from odoo import fields, models

from .noproof_cancellation_list import PORTAL_COLUMNS
from .noproof_certificate_rule import DISPOSITIONS, EXCLUSIONS

# What a line of a filed list carries: the columns of the enterprise's list as its portal shows them.
LINE_FIELDS = tuple(column for column in PORTAL_COLUMNS if column not in ("id", "item_id"))


class NoproofEnterpriseListLine(models.Model):
    """One line of an enterprise's filed list, as the enterprise published it."""

    _name = "noproof.enterprise.list.line"
    _description = "Enterprise List Filing Line"
    _inherit = ["noproof.workflow.mixin"]
    _order = "list_id, sequence, id"
    _workflow_fields = ("list_id",) + LINE_FIELDS

    list_id = fields.Many2one("noproof.enterprise.list", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="list_id.company_id", store=True, index=True, string="Level")
    sequence = fields.Integer(readonly=True)
    item_code = fields.Char(readonly=True)
    item_name = fields.Char(string="Service Item", readonly=True)
    organization_name = fields.Char(string="Handling Organization", readonly=True)
    certificate_name = fields.Char(string="Certificate", readonly=True)
    disposition = fields.Selection(DISPOSITIONS, readonly=True)
    alternative_method = fields.Text(readonly=True)
    legal_basis = fields.Char(readonly=True)
    assisting_organization_name = fields.Char(string="Assisting Organization", readonly=True)
    date_stopped = fields.Date(string="Stopped From", readonly=True)
    stop_basis = fields.Char(string="Lapsed Legal Basis", readonly=True)
    exclusion = fields.Selection(EXCLUSIONS, string="Outside the Regulation", readonly=True)
    exclusion_reason = fields.Text(readonly=True)
    exclusion_article = fields.Char(readonly=True)
    retention_approved = fields.Boolean(readonly=True)
