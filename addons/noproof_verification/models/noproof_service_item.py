from odoo import _, fields, models
from odoo.exceptions import UserError

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
    noproof_case_open = fields.Boolean(
        string="Takes Cases",
        compute="_compute_noproof_case_open",
        search="_search_noproof_case_open",
        help="The item has certificate rules in force today: a case can be opened on it.",
    )

    def _noproof_live_rule_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "active"),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]

    def _noproof_live_rules(self):
        """The item's certificate rules in force today."""
        self.ensure_one()
        return self.rule_ids.filtered_domain(self._noproof_live_rule_domain())

    def _compute_noproof_case_open(self):
        open_items = self.sudo().search([("id", "in", self.ids), *self._search_noproof_case_open("=", True)])
        for item in self:
            item.noproof_case_open = item.id in open_items.ids

    def _search_noproof_case_open(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search items that take cases with 'is set' or 'is not set'."))
        live = [("active", "=", True), ("rule_ids", "any", self._noproof_live_rule_domain())]
        return live if (operator == "=") == value else ["!", "&", *live]

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
