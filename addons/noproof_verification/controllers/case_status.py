from odoo import http
from odoo.http import request

# The status page shows a case to whoever holds its number and tracking code: kept by no cache.
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
MAX_LENGTH = 40


class NoproofCaseStatusController(http.Controller):
    """The public status page of a case: its number and the tracking code (查询码) of the
    receipt give its state, item and organization, never personal data."""

    @http.route("/noproof/case/status", type="http", auth="public", methods=["GET"])
    def case_status_form(self, **params):
        """The look-up form. A number and code in the address are not looked up: the code travels in a form only."""
        return request.render("noproof_verification.case_status", {"status": None, "not_found": False})

    @http.route("/noproof/case/status", type="http", auth="public", methods=["POST"], csrf=True)
    def case_status(self, number="", code="", **post):
        number, code = str(number)[:MAX_LENGTH], str(code)[:MAX_LENGTH]
        case = (
            request.env["noproof.case"]._noproof_find_by_tracking(number, code) if "\x00" not in number + code else None
        )
        if not case:
            return request.render("noproof_verification.case_status", {"status": None, "not_found": True}, status=404)
        return request.render(
            "noproof_verification.case_status",
            {"status": case._noproof_public_status(), "not_found": False},
            headers=NO_STORE,
        )
