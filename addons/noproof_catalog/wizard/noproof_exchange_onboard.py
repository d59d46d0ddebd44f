import requests

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import exchange

FETCH_TIMEOUT = 15


class NoproofExchangeOnboard(models.TransientModel):
    """Onboarding another instance, done by the administrators of both sides: each
    fetches the other's identity, they compare the fingerprints by phone, and each
    confirms what may travel."""

    _name = "noproof.exchange.onboard"
    _description = "Connect Another Instance"

    step = fields.Selection([("address", "Address"), ("confirm", "Confirm")], default="address", required=True)
    base_url = fields.Char(string="Address of the Other Instance", required=True)
    name = fields.Char(string="Its Name")
    instance = fields.Char(string="Its Instance Identifier")
    public_key = fields.Char(string="Its Public Key")
    fingerprint = fields.Char(string="Its Fingerprint", compute="_compute_fingerprint")
    own_fingerprint = fields.Char(
        string="This Instance's Fingerprint",
        readonly=True,
        default=lambda self: self.env["noproof.exchange.key"]._noproof_signing_key().fingerprint,
    )
    own_instance = fields.Char(
        string="This Instance's Identifier",
        readonly=True,
        default=lambda self: self.env["noproof.exchange.key"]._noproof_instance_id(),
    )
    fingerprint_confirmed = fields.Boolean(
        string="Fingerprint Confirmed",
        help="I read the fingerprint above to the other instance's administrator (by phone, in person) and it "
        "matches the one their screen shows.",
    )
    company_id = fields.Many2one("res.company", string="Level", required=True, default=lambda self: self.env.company)
    organization_ids = fields.Many2many("noproof.organization", string="Organizations It Represents")
    send_type_ids = fields.Many2many(
        "noproof.exchange.message.type",
        "noproof_exchange_onboard_send_rel",
        string="May Send to It",
        default=lambda self: self.env["noproof.exchange.message.type"].search([]),
    )
    receive_type_ids = fields.Many2many(
        "noproof.exchange.message.type",
        "noproof_exchange_onboard_receive_rel",
        string="May Receive from It",
        default=lambda self: self.env["noproof.exchange.message.type"].search([]),
    )

    @api.depends("public_key")
    def _compute_fingerprint(self):
        for wizard in self:
            try:
                wizard.fingerprint = exchange.fingerprint(wizard.public_key) if wizard.public_key else False
            except ValueError:
                wizard.fingerprint = False

    def _check_admin(self):
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only a system administrator can connect another instance."))

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Connect Another Instance"),
        }

    def action_fetch(self):
        """Step 1: read the other instance's public identity."""
        self.ensure_one()
        self._check_admin()
        url = (self.base_url or "").strip().rstrip("/")
        if not url.startswith(("https://", "http://")):
            raise UserError(_("Type the address of the other instance, starting with https://."))
        try:
            response = requests.get(url + exchange.IDENTITY_PATH, timeout=FETCH_TIMEOUT, allow_redirects=False)
            response.raise_for_status()
            identity = response.json()
            current = [key for key in identity["keys"] if key["state"] == "current"][0]
            exchange.public_key_bytes(current["public_key"])
            instance, name = identity["instance"], identity["name"]
        except (requests.RequestException, ValueError, KeyError, IndexError, TypeError) as error:
            raise UserError(
                _(
                    "No noproof identity could be read at %(url)s (%(error)s). Check the address, or paste the "
                    "public key and the instance identifier the other administrator sends you.",
                    url=url + exchange.IDENTITY_PATH,
                    error=error,
                )
            ) from error
        if instance == self.env["noproof.exchange.key"]._noproof_instance_id() and not self.env.context.get(
            "noproof_exchange_self"
        ):
            raise UserError(_("This address is this instance itself."))
        self.write(
            {
                "base_url": url,
                "instance": instance,
                "name": name,
                "public_key": current["public_key"],
                "step": "confirm",
            }
        )
        return self._reopen()

    def action_paste(self):
        """Step 1 without network access: the key and identifier were pasted."""
        self.ensure_one()
        self._check_admin()
        if not (self.instance and self.public_key and self.name):
            raise UserError(_("Paste the other instance's name, identifier and public key, or fetch them."))
        try:
            exchange.public_key_bytes(self.public_key)
        except ValueError as error:
            raise UserError(_("The public key is not an Ed25519 key in base64: %(error)s", error=error)) from error
        self.step = "confirm"
        return self._reopen()

    def action_confirm(self):
        """Step 2: the fingerprints were compared; create (or update) the peer."""
        self.ensure_one()
        self._check_admin()
        if not self.fingerprint_confirmed:
            raise UserError(
                _(
                    "Compare the fingerprint %(fingerprint)s with the other administrator first, then tick "
                    "“Fingerprint Confirmed”.",
                    fingerprint=self.fingerprint,
                )
            )
        peer = self._noproof_apply()
        return {
            "type": "ir.actions.act_window",
            "res_model": "noproof.exchange.peer",
            "res_id": peer.id,
            "view_mode": "form",
            "target": "current",
        }

    def _noproof_apply(self):
        Peer = self.env["noproof.exchange.peer"].with_context(active_test=False)
        vals = {
            "name": self.name,
            "base_url": self.base_url.strip().rstrip("/"),
            "instance": self.instance,
            "public_key": self.public_key.strip(),
            "company_id": self.company_id.id,
            "organization_ids": [fields.Command.set(self.organization_ids.ids)],
            "send_type_ids": [fields.Command.set(self.send_type_ids.ids)],
            "receive_type_ids": [fields.Command.set(self.receive_type_ids.ids)],
            "active": True,
        }
        peer = Peer.search([("instance", "=", self.instance)], limit=1)
        if peer:
            peer.write(vals)
        else:
            peer = Peer.create(dict(vals, confirmed_by_id=self.env.uid, confirmed_at=fields.Datetime.now()))
        peer.message_post(
            body=_(
                "Fingerprint %(fingerprint)s confirmed by %(user)s.",
                fingerprint=peer.fingerprint,
                user=self.env.user.name,
            )
        )
        return peer
