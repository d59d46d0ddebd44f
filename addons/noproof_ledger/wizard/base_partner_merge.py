from odoo import _, models
from odoo.exceptions import UserError


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Contacts that the ledger or the access log refer to are never merged: their entries
        are kept for inspection as recorded, and a merge would re-point them."""
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if dst_partner:
            partners |= dst_partner
        kept = partners._noproof_ledger_kept()
        if kept:
            raise UserError(
                _(
                    "%(names)s cannot be merged: the ledger or the access log keeps records about them for "
                    "inspection, and those records never change. Nothing was merged.",
                    names=", ".join(kept.sudo().mapped("display_name")),
                )
            )
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
