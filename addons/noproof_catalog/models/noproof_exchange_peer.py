from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import exchange


class NoproofExchangePeer(models.Model):
    """Another noproof instance this one exchanges signed messages with: where it
    is, the key its messages are signed with, the organizations it represents and
    the message types that may go each way."""

    _name = "noproof.exchange.peer"
    _description = "Exchange Peer"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True, help="A disabled peer's messages are refused and wait here.")
    base_url = fields.Char(
        string="Address", required=True, tracking=True, help="The peer's base URL, e.g. https://water.example.cn"
    )
    instance = fields.Char(string="Instance Identifier", required=True, tracking=True, index=True)
    public_key = fields.Char(required=True, tracking=True, help="The peer's Ed25519 public key (base64).")
    fingerprint = fields.Char(compute="_compute_fingerprint", store=True)
    previous_public_keys = fields.Text(
        readonly=True, help="Keys the peer signed with before, one a line: they verify its older messages."
    )
    confirmed_by_id = fields.Many2one("res.users", string="Fingerprint Confirmed By", readonly=True)
    confirmed_at = fields.Datetime(string="Fingerprint Confirmed On", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Level",
        required=True,
        default=lambda self: self.env.company,
        tracking=True,
        help="The level of this instance that deals with the peer; its ledger keeps the messages.",
    )
    organization_ids = fields.Many2many(
        "noproof.organization",
        "noproof_exchange_peer_organization_rel",
        "peer_id",
        "organization_id",
        string="Organizations It Represents",
        help="Organizations whose work happens on the peer's instance: tickets to them travel there.",
    )
    send_type_ids = fields.Many2many(
        "noproof.exchange.message.type",
        "noproof_exchange_peer_send_type_rel",
        "peer_id",
        "type_id",
        string="May Send to It",
    )
    receive_type_ids = fields.Many2many(
        "noproof.exchange.message.type",
        "noproof_exchange_peer_receive_type_rel",
        "peer_id",
        "type_id",
        string="May Receive from It",
    )
    exchange_message_ids = fields.One2many("noproof.exchange.message", "peer_id", string="Exchanged Messages")
    undelivered_count = fields.Integer(compute="_compute_undelivered_count")
    refused_count = fields.Integer(compute="_compute_undelivered_count")

    _sql_constraints = [("instance_uniq", "unique(instance)", "Another peer already has this instance identifier.")]

    @api.depends("public_key")
    def _compute_fingerprint(self):
        for peer in self:
            try:
                peer.fingerprint = exchange.fingerprint(peer.public_key) if peer.public_key else False
            except ValueError:
                peer.fingerprint = False

    def _compute_undelivered_count(self):
        groups = self.env["noproof.exchange.message"]._read_group(
            [("peer_id", "in", self.ids), ("direction", "=", "out"), ("state", "in", ("pending", "refused"))],
            ["peer_id", "state"],
            ["__count"],
        )
        counts = {(peer.id, state): count for peer, state, count in groups}
        for peer in self:
            peer.undelivered_count = counts.get((peer.id, "pending"), 0) + counts.get((peer.id, "refused"), 0)
            peer.refused_count = counts.get((peer.id, "refused"), 0)

    @api.constrains("public_key")
    def _check_public_key(self):
        for peer in self:
            try:
                exchange.public_key_bytes(peer.public_key)
            except ValueError as error:
                raise ValidationError(
                    _(
                        "The public key of %(peer)s is not an Ed25519 public key in base64 (%(error)s). Paste it "
                        "again from the peer's identity page.",
                        peer=peer.name,
                        error=error,
                    )
                ) from error

    @api.constrains("base_url")
    def _check_base_url(self):
        for peer in self:
            if not (peer.base_url or "").startswith(("https://", "http://")):
                raise ValidationError(_("The address of a peer starts with https:// (or http:// on a test network)."))

    @api.constrains("organization_ids", "active")
    def _check_one_peer_per_organization(self):
        for peer in self.filtered("active"):
            others = self.search(
                [("id", "!=", peer.id), ("organization_ids", "in", peer.organization_ids.ids), ("active", "=", True)]
            )
            if others:
                shared = peer.organization_ids & others.organization_ids
                raise ValidationError(
                    _(
                        "%(organizations)s are already represented by %(peers)s: an organization lives on one "
                        "instance only.",
                        organizations=", ".join(shared.mapped("name")),
                        peers=", ".join(others.mapped("name")),
                    )
                )

    def write(self, vals):
        if "public_key" in vals:
            for peer in self:
                if peer.public_key and peer.public_key != vals["public_key"]:
                    old = "\n".join(filter(None, [peer.previous_public_keys, peer.public_key]))
                    super(NoproofExchangePeer, peer).write({"previous_public_keys": old})
            vals = dict(vals, confirmed_by_id=self.env.user.id, confirmed_at=fields.Datetime.now())
        return super().write(vals)

    @api.model
    def _noproof_for_organization(self, organization):
        """The active peer that represents ``organization``, or an empty recordset."""
        if not organization:
            return self.browse()
        return self.sudo().search([("organization_ids", "in", organization.ids)], limit=1)

    @api.model
    def _noproof_supervising_peers(self, company):
        """The active peers representing a supervising authority of ``company``'s organizations:
        where an enterprise's instance files its list, its evaluation figures and its ledger
        anchors (Taizhou art. 21, Luzhou art. 24: enterprises work under their authority's
        guidance)."""
        authorities = (
            self.env["noproof.organization"].sudo().search([("company_id", "=", company.id)]).supervising_authority_id
        )
        if not authorities:
            return self.browse()
        return self.sudo().search([("organization_ids", "in", authorities.ids)])

    def _noproof_url(self, path):
        self.ensure_one()
        return self.base_url.rstrip("/") + path

    def action_test(self):
        """Send a test message through the outbox: it shows in the messages once delivered."""
        self.ensure_one()
        self.env["noproof.exchange.message"]._noproof_send(self, "noproof.ping", {"text": "ping"})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("A test message to %(peer)s is on its way.", peer=self.name),
            },
        }

    def action_view_undelivered(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_catalog.action_noproof_exchange_message")
        action["domain"] = [("peer_id", "=", self.id), ("direction", "=", "out"), ("state", "!=", "delivered")]
        return action
