from odoo import api, fields, models


class NoproofLedgerMixin(models.AbstractModel):
    """For documents that leave entries in the ledger (cases, checks, tickets …):
    a smart-button count and a shortcut to ``record()`` with ``document=self``."""

    _name = "noproof.ledger.mixin"
    _description = "Documents Recorded in the Ledger"

    ledger_entry_count = fields.Integer(compute="_compute_ledger_entry_count", string="Ledger Entries")

    def _compute_ledger_entry_count(self):
        counts = (
            dict(
                self.env["noproof.ledger.entry"]._read_group(
                    [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["__count"]
                )
            )
            if self.ids
            else {}
        )
        for record in self:
            record.ledger_entry_count = counts.get(record.id, 0)

    def _ledger_record(self, entry_type, **kwargs):
        self.ensure_one()
        return self.env["noproof.ledger.entry"].record(entry_type, document=self, **kwargs)

    def action_view_ledger_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_ledger.action_noproof_ledger_entry")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _ledger_entries_domain(self):
        return [("res_model", "=", self._name), ("res_id", "in", self.ids)]
