"""Calling the models as a signed-in user would from a browser: the web client's
JSON-RPC routes and its export route, nothing the server-side code could bypass."""

import json

from odoo import http
from odoo.tests import HttpCase


class RpcRefused(Exception):
    """The server answered a JSON-RPC call with an error."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class NoproofRpcCase(HttpCase):
    """An HttpCase that signs in with a login and calls ``/web/dataset/call_kw``,
    on the demo data: the two cities are ``taizhou`` and ``luzhou``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.taizhou = cls.env.ref("base.main_company")
        cls.luzhou = cls.env.ref("noproof_catalog.company_luzhou")

    def sign_in(self, login, password=None):
        """Open a web session as ``login`` (the demo users' password is their login)."""
        self.authenticate(login, password or login)

    def call_kw(self, model, method, args=(), kwargs=None, route="/web/dataset/call_kw"):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs or {}},
        }
        response = self.url_open(
            f"{route}/{model}/{method}", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise RpcRefused(data.get("name", "error"), data.get("message", answer["error"].get("message", "")))
        return answer["result"]

    def call_button(self, model, method, ids, kwargs=None):
        return self.call_kw(model, method, [ids], kwargs, route="/web/dataset/call_button")

    def assertRefused(self, model, method, args=(), kwargs=None, error=None):
        """The call fails with an error (of class ``error``'s name, e.g. ``UserError``,
        when given) and returns the refusal."""
        with self.assertRaises(RpcRefused) as caught:
            self.call_kw(model, method, args, kwargs)
        if error:
            self.assertTrue(
                caught.exception.name.endswith(error),
                f"{model}.{method} was refused with {caught.exception}, not {error}",
            )
        return caught.exception

    def refused(self, model, method, args=(), kwargs=None, errors=("UserError",)):
        """``assertRefused`` in English (the demo users read Chinese), by one of the error
        classes ``errors``, with a message that says what is wrong."""
        kwargs = dict(kwargs or {})
        kwargs["context"] = {"lang": "en_US", **kwargs.get("context", {})}
        refusal = self.assertRefused(model, method, args, kwargs)
        self.assertTrue(
            any(refusal.name.endswith(error) for error in errors),
            f"{model}.{method} was refused with {refusal}, not with one of {errors}",
        )
        self.assertTrue(refusal.message, "the refusal says what is wrong")
        return refusal

    def export(self, model, ids, field_names, fmt="csv"):
        """The response of the web client's export route (what its export button downloads)."""
        data = {
            "model": model,
            "fields": [{"name": name, "label": name} for name in field_names],
            "ids": ids,
            "domain": [],
            "groupby": [],
            "context": {},
            "import_compat": False,
        }
        return self.url_open(
            f"/web/export/{fmt}", data={"data": json.dumps(data), "csrf_token": http.Request.csrf_token(self)}
        )
