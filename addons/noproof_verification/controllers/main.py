import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024


class NoproofDataController(http.Controller):
    """Serve the instance's datasets under the shared-data protocol.

    ``POST /noproof/data/<code>`` with ``Authorization: Bearer <API key>`` (an
    API key of a user who is a shared-data API client) and the JSON body
    ``{"id_number": "...", "purpose": "...", "name": "..."}``. Answers
    ``{"dataset": code, "found": bool, "records": [...]}``, or
    ``{"error": "..."}`` with status 400 (malformed request), 403 (not a
    client) or 404 (no such dataset). A missing or wrong key gets 401.
    """

    @http.route(
        "/noproof/data/<string:code>",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def noproof_dataset_query(self, code, **kwargs):
        user = request.env.user
        if not user.has_group("noproof_verification.group_data_client"):
            return self._error(403, "This user is not allowed to query shared datasets.")
        body = request.httprequest.get_data(cache=False)
        if len(body) > MAX_BODY:
            return self._error(400, "The request is too large.")
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
        records = dataset._noproof_lookup(id_number)
        _logger.info("Dataset %s queried by %s for %s", code, user.login, purpose.strip()[:64])
        return request.make_json_response({"dataset": code, "found": bool(records), "records": records})

    @staticmethod
    def _error(status, message):
        return request.make_json_response({"error": message}, status=status)
