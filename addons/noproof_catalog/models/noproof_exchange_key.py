import uuid

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..tools import exchange

INSTANCE_ID_PARAM = "noproof_exchange.instance_id"
INSTANCE_NAME_PARAM = "noproof_exchange.instance_name"


class NoproofExchangeKey(models.Model):
    """A signing key of this instance (Ed25519). One key signs; earlier keys are
    kept, retired, so that the messages and receipts they signed can still be
    verified."""

    _name = "noproof.exchange.key"
    _description = "Exchange Signing Key"
    _order = "id desc"
    _rec_name = "fingerprint"

    public_key = fields.Char(required=True, readonly=True)
    private_key = fields.Char(readonly=True, copy=False, groups="base.group_system")
    fingerprint = fields.Char(compute="_compute_fingerprint", store=True)
    state = fields.Selection(
        [("current", "Signing"), ("retired", "Retired")], required=True, default="current", readonly=True
    )
    retired_at = fields.Datetime(readonly=True)

    @api.depends("public_key")
    def _compute_fingerprint(self):
        for key in self:
            key.fingerprint = exchange.fingerprint(key.public_key) if key.public_key else False

    # ------------------------------------------------------------ identity
    @api.model
    def _noproof_instance_id(self):
        """The stable identifier of this instance, the sender and recipient of its messages."""
        params = self.env["ir.config_parameter"].sudo()
        instance = params.get_param(INSTANCE_ID_PARAM)
        if not instance:
            instance = str(uuid.uuid4())
            params.set_param(INSTANCE_ID_PARAM, instance)
        return instance

    @api.model
    def _noproof_instance_name(self):
        name = self.env["ir.config_parameter"].sudo().get_param(INSTANCE_NAME_PARAM)
        return (
            name or self.env["res.company"].sudo().search([("parent_id", "=", False)], order="id", limit=1).name or ""
        )

    @api.model
    def _noproof_ensure_identity(self):
        """Called on install: an instance id and a signing key."""
        self._noproof_instance_id()
        self._noproof_signing_key()

    @api.model
    def _noproof_signing_key(self):
        key = self.sudo().search([("state", "=", "current")], limit=1)
        if not key:
            private, public = exchange.generate_key()
            key = self.sudo().create({"public_key": public, "private_key": private})
        return key

    @api.model
    def _noproof_sign(self, data, key=None):
        """``data`` with its "key" (fingerprint) and "signature" members added; ``key``
        (the signing key, looked up once by who signs many) defaults to the current one."""
        key = (key or self._noproof_signing_key()).sudo()
        signed = dict(data, key=key.fingerprint)
        signed["signature"] = exchange.sign(key.private_key, signed)
        return signed

    @api.model
    def _noproof_identity(self):
        """What /.well-known/noproof-identity publishes: nothing secret."""
        keys = self.sudo().search([])
        return {
            "protocol": exchange.PROTOCOL,
            "instance": self._noproof_instance_id(),
            "name": self._noproof_instance_name(),
            "inbox": exchange.INBOX_PATH,
            "keys": [
                {
                    "public_key": key.public_key,
                    "fingerprint": key.fingerprint,
                    "state": key.state,
                    "retired_at": key.retired_at and key.retired_at.strftime(exchange.TIME_FORMAT) or None,
                }
                for key in keys
            ],
        }

    def action_rotate(self):
        """Retire the signing key and generate a new one. Peers must confirm the new
        fingerprint; the retired key still verifies what it signed."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only a system administrator can rotate the instance's signing key."))
        old = self._noproof_signing_key()
        old.write({"state": "retired", "retired_at": fields.Datetime.now()})
        new = self._noproof_signing_key()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "message": _(
                    "New signing key %(fingerprint)s. Tell the administrator of every peer to fetch this "
                    "instance's identity again and confirm the new fingerprint: until then they refuse its "
                    "messages.",
                    fingerprint=new.fingerprint,
                ),
            },
        }
