"""Exchange tests inside one server: the instance is its own peer (the test server
answers the messages it sends), so every check of the receiving side runs for real
over HTTP."""

import json
import uuid

import requests

from odoo import fields
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tools import config

from ..tools import exchange
from .rpc import NoproofRpcCase


class ExchangeCase(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_url = f"http://127.0.0.1:{config['http_port']}"
        cls.Key = cls.env["noproof.exchange.key"]
        cls.Message = cls.env["noproof.exchange.message"]
        cls.instance = cls.Key._noproof_instance_id()

    def onboard_self(self, organizations=None, company=None):
        """The wizard's steps, the way an administrator clicks them, with this server as the other side."""
        wizard = (
            self.env["noproof.exchange.onboard"]
            .with_context(noproof_exchange_self=True)
            .create({"base_url": self.own_url, "company_id": (company or self.taizhou).id})
        )
        wizard.action_fetch()
        wizard.write(
            {
                "fingerprint_confirmed": True,
                "organization_ids": [fields.Command.set((organizations or self.env["noproof.organization"]).ids)],
            }
        )
        action = wizard.action_confirm()
        return self.env["noproof.exchange.peer"].browse(action["res_id"])

    def deliver(self, message):
        """Run the message's delivery job once; True when it asked to be retried."""
        self.env.flush_all()
        try:
            message._noproof_deliver()
        except RetryableJobError:
            return True
        return False

    def envelope(self, payload=None, message_type="noproof.ping", sign=True, **overrides):
        now = fields.Datetime.now().strftime(exchange.TIME_FORMAT)
        envelope = {
            "protocol": exchange.PROTOCOL,
            "id": str(uuid.uuid4()),
            "type": message_type,
            "sender": self.instance,
            "recipient": self.instance,
            "created_at": now,
            "sent_at": now,
            "payload": {"text": "hello"} if payload is None else payload,
        }
        envelope.update(overrides)
        return self.Key._noproof_sign(envelope) if sign else envelope

    def post(self, envelope, raw=None):
        """POST an envelope to this server's inbox; (status, answer)."""
        self.env.flush_all()
        body = raw if raw is not None else exchange.canonical(envelope)
        response = requests.post(
            self.own_url + exchange.INBOX_PATH, data=body, headers={"Content-Type": "application/json"}, timeout=60
        )
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text

    def received(self, envelope):
        return self.Message.sudo().search([("direction", "=", "in"), ("uuid", "=", envelope["id"])])

    @staticmethod
    def loads(text):
        return json.loads(text) if text else None
