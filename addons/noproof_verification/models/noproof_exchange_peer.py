from odoo import _, models
from odoo.exceptions import AccessError, UserError


class NoproofExchangePeer(models.Model):
    """An enterprise's instance sends its evaluation figures to its supervising authority's instance."""

    _inherit = "noproof.exchange.peer"

    def action_send_evaluation_figures(self):
        """Send last month's figures of this peer's level now (the monthly scheduled action sends them too)."""
        self.ensure_one()
        if not self.env.user.has_group("noproof_catalog.group_manager"):
            raise AccessError(_("Only a configuration administrator can send evaluation figures."))
        peer = self.sudo()
        if peer not in peer._noproof_supervising_peers(peer.company_id):
            raise UserError(
                _(
                    "%(peer)s does not represent a supervising authority of the organizations of %(level)s: "
                    "figures go to the instance of the authority that guides them (%(article)s).",
                    peer=peer.name,
                    level=peer.company_id.name,
                    article=peer.company_id._noproof_cite(taizhou="Taizhou art. 21", luzhou="Luzhou art. 24"),
                )
            )
        Figures = self.env["noproof.ticket.figures"]
        year, month = Figures._noproof_last_month()
        messages = Figures._noproof_send_evaluation_figures(peer.company_id, year, month, peers=peer)
        if not messages:
            raise UserError(
                _("No organization working here is supervised by an organization %(peer)s represents.", peer=peer.name)
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _(
                    "The figures of %(year)s-%(month)02d are on their way to %(peer)s.",
                    year=year,
                    month=month,
                    peer=peer.name,
                ),
            },
        }
