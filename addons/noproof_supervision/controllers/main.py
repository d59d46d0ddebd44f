from datetime import timedelta

from odoo import _, fields, http
from odoo.exceptions import ValidationError
from odoo.http import request

# Hidden field that people leave empty and form-filling robots do not.
HONEYPOT = "website_url"


class NoproofComplaintController(http.Controller):
    """The public complaint form and status page: no login (Taizhou art. 17, Luzhou art. 17)."""

    def _levels(self):
        return request.env["res.company"].sudo().search([], order="parent_path")

    def _form_values(self, level, values=None, error=None):
        env = request.env
        return {
            "levels": self._levels(),
            "level": level,
            "organizations": env["noproof.organization"].sudo().search([("company_id", "=", level.id)])
            if level
            else [],
            "items": env["noproof.service.item"].sudo().search([("company_id", "=", level.id)]) if level else [],
            "types": env["noproof.complaint"]._fields["complaint_type"]._description_selection(env),
            "values": values or {},
            "error": error,
            "honeypot": HONEYPOT,
        }

    def _level(self, level_id):
        try:
            level = request.env["res.company"].sudo().browse(int(level_id or 0)).exists()
        except (TypeError, ValueError):
            level = None
        return level or None

    @http.route("/noproof/complaint", type="http", auth="public", methods=["GET"])
    def complaint_form(self, level=None, **kwargs):
        return request.render("noproof_supervision.complaint_form", self._form_values(self._level(level)))

    @http.route("/noproof/complaint", type="http", auth="public", methods=["POST"], csrf=True)
    def complaint_submit(self, **post):
        env = request.env
        level = self._level(post.get("level"))
        if post.get(HONEYPOT):
            return request.render("noproof_supervision.complaint_rejected", {}, status=400)
        Complaint = env["noproof.complaint"].sudo()
        address = request.httprequest.remote_addr or ""
        submitter = Complaint._submitter_hash(address)
        limit = int(env["ir.config_parameter"].sudo().get_param("noproof_supervision.complaint_rate_limit", 5))
        since = fields.Datetime.now() - timedelta(hours=1)
        if Complaint.search_count([("submitter_hash", "=", submitter), ("create_date", ">=", since)]) >= limit:
            return request.render(
                "noproof_supervision.complaint_form",
                self._form_values(
                    level,
                    post,
                    _(
                        "Too many complaints from your address in the last hour. "
                        "Please try again later or call the 12345 hotline."
                    ),
                ),
                status=429,
            )
        if not level:
            return request.render(
                "noproof_supervision.complaint_form",
                self._form_values(None, post, _("Choose the city or county concerned.")),
                status=400,
            )
        organization = env["noproof.organization"].sudo().browse(int(post.get("organization_id") or 0)).exists()
        item = env["noproof.service.item"].sudo().browse(int(post.get("item_id") or 0)).exists()
        types = dict(Complaint._fields["complaint_type"].selection)
        anonymous = bool(post.get("anonymous"))
        vals = {
            "company_id": level.id,
            "channel": "online",
            "complaint_type": post.get("complaint_type") if post.get("complaint_type") in types else "other",
            "description": (post.get("description") or "").strip(),
            "target_organization_id": organization.id if organization.company_id == level else False,
            "item_id": item.id if item.company_id == level else False,
            "anonymous": anonymous,
            "complainant_name": (post.get("name") or "").strip()[:100],
            "complainant_phone": (post.get("phone") or "").strip()[:40],
            "complainant_email": (post.get("email") or "").strip()[:120],
            "submitter_hash": submitter,
        }
        try:
            with env.cr.savepoint():
                complaint = Complaint.create(vals)
        except ValidationError as error:
            return request.render(
                "noproof_supervision.complaint_form", self._form_values(level, post, error.args[0]), status=400
            )
        return request.render(
            "noproof_supervision.complaint_received",
            {
                "complaint": complaint,
                "token": complaint.access_token,
            },
        )

    @http.route("/noproof/complaint/status", type="http", auth="public", methods=["GET"])
    def complaint_status(self, number=None, token=None, **kwargs):
        complaint = None
        if number and token:
            complaint = (
                request.env["noproof.complaint"]
                .sudo()
                .search([("name", "=", number[:40]), ("access_token", "=", token[:64])], limit=1)
            )
        if (number or token) and not complaint:
            return request.render(
                "noproof_supervision.complaint_status", {"status": None, "not_found": True}, status=404
            )
        return request.render(
            "noproof_supervision.complaint_status",
            {
                "status": complaint.public_status() if complaint else None,
                "not_found": False,
            },
        )
