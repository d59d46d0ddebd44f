import json
import logging
import re
import time

from odoo import http
from odoo.http import request

from ..models.noproof_data_nonce import NONCE_WINDOW_SECONDS
from ..models.noproof_data_source import NONCE_HEADER, TIMESTAMP_HEADER

_logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class NoproofDataController(http.Controller):
    """Serve the instance's datasets under the shared-data protocol.

    ``POST /noproof/data/<code>`` with ``Authorization: Bearer <API key>`` (an
    API key of a user who is a shared-data API client), ``X-Noproof-Nonce`` (16
    to 64 letters, digits, '-' or '_', never used before), ``X-Noproof-Timestamp``
    (Unix seconds, within five minutes of the provider's clock) and the JSON body
    ``{"id_number": "...", "purpose": "...", "name": "..."}`` of at most 64 KiB.
    Answers ``{"dataset": code, "found": bool, "records": [...]}``, or
    ``{"error": "..."}`` with status 400 (malformed or replayed request), 403 (not
    a client, or a client of a level the dataset is not granted to), 404 (no such
    dataset) or 413 (too large). A missing or wrong key gets 401.
    """

    @http.route(
        "/noproof/data/<string:code>",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def noproof_dataset_query(self, code, **kwargs):
        user = request.env.user
        if not user.has_group("noproof_verification.group_data_client"):
            return self._error(403, "This user is not allowed to query shared datasets.")
        body = self._read_body()
        if body is None:
            return self._error(
                413, f"The request is too large or does not declare its length (at most {MAX_BODY // 1024} KiB)."
            )
        refusal = self._check_freshness(user)
        if refusal:
            return self._error(400, refusal)
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return self._error(400, "The request body is not valid JSON.")
        if not isinstance(payload, dict):
            return self._error(400, 'The request body must be a JSON object such as {"id_number": "..."}.')
        id_number = payload.get("id_number")
        if not isinstance(id_number, str) or not id_number.strip():
            return self._error(400, "Give the subject's identity number as 'id_number'.")
        purpose = payload.get("purpose")
        if not isinstance(purpose, str) or not purpose.strip():
            return self._error(400, "Give the purpose of the query (the case reference) as 'purpose'.")
        dataset = request.env["noproof.dataset"].sudo().search([("code", "=", code)], limit=1)
        if not dataset:
            return self._error(404, f"There is no dataset '{code}'.")
        if not dataset._noproof_granted_to(user):
            _logger.warning("Dataset %s refused to %s: not granted to its level", code, user.login)
            return self._error(403, f"The dataset '{code}' is not granted to the level of this API key.")
        records = dataset._noproof_lookup(id_number)
        _logger.info("Dataset %s queried by %s for %s", code, user.login, purpose.strip()[:64])
        return request.make_json_response({"dataset": code, "found": bool(records), "records": records})

    @staticmethod
    def _read_body():
        """The request body, read no further than ``MAX_BODY`` bytes; None when larger
        or of undeclared length (the body is then not read at all)."""
        httprequest = request.httprequest
        length = httprequest.content_length
        if length is None or length > MAX_BODY:
            return None
        # Bounded by the declared length: werkzeug reads no more than Content-Length.
        return httprequest.get_data(cache=False)[:MAX_BODY]

    @staticmethod
    def _check_freshness(user):
        """Why the request is refused as stale or replayed, or None (threat: replay of
        a captured request)."""
        headers = request.httprequest.headers
        nonce = (headers.get(NONCE_HEADER) or "").strip()
        stamp = (headers.get(TIMESTAMP_HEADER) or "").strip()
        if not NONCE_PATTERN.match(nonce):
            return f"Give a fresh random {NONCE_HEADER} header (16 to 64 letters, digits, '-' or '_')."
        try:
            sent = int(stamp)
        except ValueError:
            return f"Give the time of the request in Unix seconds as the {TIMESTAMP_HEADER} header."
        if abs(time.time() - sent) > NONCE_WINDOW_SECONDS:
            return "The request is stale or its clock is wrong: send a new request with the current time."
        if not request.env["noproof.data.nonce"].sudo()._noproof_claim(nonce, user.id):
            _logger.warning("Replayed shared-data request from %s refused", user.login)
            return "This request was already received: a request may be sent only once."
        return None

    @staticmethod
    def _error(status, message):
        return request.make_json_response({"error": message}, status=status)
