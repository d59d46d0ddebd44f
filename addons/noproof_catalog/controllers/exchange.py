import json

from odoo import http
from odoo.http import request

from ..models.noproof_exchange_message import DEFAULT_MAX_MESSAGE_BYTES
from ..tools import exchange

JSON_HEADERS = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]


class NoproofExchangeController(http.Controller):
    """The two addresses another noproof instance talks to: this instance's public
    identity, and the inbox its signed messages are POSTed to."""

    @http.route(exchange.IDENTITY_PATH, type="http", auth="public", methods=["GET"], csrf=False, sitemap=False)
    def identity(self, **kwargs):
        identity = request.env["noproof.exchange.key"].sudo()._noproof_identity()
        identity["url"] = request.httprequest.host_url.rstrip("/")
        return request.make_response(json.dumps(identity, ensure_ascii=False, sort_keys=True), JSON_HEADERS)

    @http.route(exchange.INBOX_PATH, type="http", auth="public", methods=["POST"], csrf=False, sitemap=False)
    def inbox(self, **kwargs):
        Message = request.env["noproof.exchange.message"].sudo()
        status, answer = Message._noproof_receive(self._body(Message))
        return request.make_response(exchange.canonical(answer), JSON_HEADERS, status=status)

    @http.route(exchange.BATCH_INBOX_PATH, type="http", auth="public", methods=["POST"], csrf=False, sitemap=False)
    def inbox_batch(self, **kwargs):
        """Several envelopes of one peer in one request, each with its own receipt or refusal."""
        Message = request.env["noproof.exchange.message"].sudo()
        status, answer = Message._noproof_receive_batch(self._body(Message))
        return request.make_response(exchange.canonical(answer), JSON_HEADERS, status=status)

    @staticmethod
    def _body(Message):
        """The request's body, or None when larger than the instance accepts. Kept (cache=True):
        a request retried after a serialization failure reads it again."""
        limit = Message._noproof_param("max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES)
        length = request.httprequest.content_length
        return None if length and length > limit else request.httprequest.get_data(cache=True)
