from odoo import fields, models

TICKET_MODEL = "noproof.verification.ticket"


class NoproofServiceItem(models.Model):
    """Each item has its own verification letters (协查函 / 反馈函, Luzhou art. 9)."""

    _inherit = "noproof.service.item"

    ticket_request_template_id = fields.Many2one(
        "mail.template",
        string="Request Letter (协查函)",
        domain=[("model", "=", TICKET_MODEL)],
        help="Template of the letter sent with this item's verification tickets. Leave empty for the standard one.",
    )
    ticket_response_template_id = fields.Many2one(
        "mail.template",
        string="Response Letter (反馈函)",
        domain=[("model", "=", TICKET_MODEL)],
        help="Template of the answer to this item's verification tickets. Leave empty for the standard one.",
    )
    ticket_procedure = fields.Text(
        string="Verification Procedure",
        help="How verification works for this item: method, steps and time limit (Luzhou art. 9). "
        "Printed on the request letter.",
    )
    case_count = fields.Integer(compute="_compute_case_count", groups="noproof_catalog.group_clerk")

    def _compute_case_count(self):
        counts = dict(self.env["noproof.case"]._read_group([("item_id", "in", self.ids)], ["item_id"], ["__count"]))
        for item in self:
            item.case_count = counts.get(item, 0)

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_verification.action_noproof_case")
        action["domain"] = [("item_id", "=", self.id)]
        action["context"] = {"default_item_id": self.id}
        return action
