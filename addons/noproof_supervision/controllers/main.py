from odoo import _, http
from odoo.addons.noproof_catalog.controllers.portal import PORTAL_LANG
from odoo.exceptions import ValidationError
from odoo.http import request

# Hidden field that people leave empty and form-filling robots do not.
HONEYPOT = "website_url"
# The longest value each field of the public pages takes (the forms say so with maxlength too).
MAX_LENGTHS = {
    "description": 4000,
    "name": 100,
    "phone": 40,
    "number": 40,
    "code": 64,
}
# Pages that show a complaint's key or status are kept by no cache.
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# Parameters that must be record ids (or empty).
ID_PARAMS = ("level", "organization_id", "item_id")
MAX_ID = 2**31 - 1
# Any other parameter is short (a selection code, a checkbox, the CSRF token).
OTHER_MAX_LENGTH = 200


class BadInput(Exception):
    """A parameter no form of ours sends: a NUL byte, a number that is not one, an oversized value."""


class NoproofComplaintController(http.Controller):
    """The public complaint form and status page: no login (Taizhou art. 17, Luzhou art. 17)."""

    def _levels(self):
        return request.env["res.company"].sudo().search([], order="parent_path")

    def _published_items(self, levels):
        """The service items on a level's published cancellation list: the ones a citizen can have applied for."""
        groups = (
            request.env["noproof.cancellation.list.line"]
            .sudo()
            ._read_group(
                [
                    ("list_id.state", "=", "published"),
                    ("list_id.company_id", "in", levels.ids),
                    ("item_id", "!=", False),
                ],
                ["item_id"],
            )
        )
        return (
            request.env["noproof.service.item"]
            .sudo()
            .browse(item.id for (item,) in groups)
            .sorted(lambda item: (item.company_id.id, item.code or "", item.name))
        )

    def _form_values(self, level, values=None, error=None):
        env = request.env
        levels = self._levels()
        organizations = env["noproof.organization"].sudo().search([("company_id", "in", levels.ids)])
        items = self._published_items(levels)
        return {
            "levels": levels,
            # counties under their city: [(city, its levels: the city itself, then its counties)]
            "cities": [
                (city, levels.filtered(lambda lvl, city=city: lvl.parent_id == city or lvl == city))
                for city in levels.filtered(lambda lvl: not lvl.parent_id)
            ],
            "level": level,
            "organizations_by_level": [
                (lvl, organizations.filtered(lambda org, lvl=lvl: org.company_id == lvl)) for lvl in levels
            ],
            "items_by_level": [(lvl, items.filtered(lambda item, lvl=lvl: item.company_id == lvl)) for lvl in levels],
            "types": env["noproof.complaint"]._fields["complaint_type"]._description_selection(env),
            "values": values or {},
            "error": error,
            "honeypot": HONEYPOT,
            "max_lengths": MAX_LENGTHS,
        }

    def _portal_lang(self):
        """The public pages speak the portal's language (Chinese when installed), as the catalog's pages do."""
        installed = dict(request.env["res.lang"].get_installed())
        request.update_context(lang=PORTAL_LANG if PORTAL_LANG in installed else request.env.lang)

    def _clean(self, params):
        """The parameters as the pages send them, or ``BadInput``: no NUL byte anywhere, ids that are numbers
        a database can hold, and no value longer than any field of ours."""
        cleaned = {}
        for name, value in params.items():
            if not isinstance(value, str) or "\x00" in name or "\x00" in value:
                raise BadInput(_("The request contains a character no form sends."))
            if name in ID_PARAMS:
                value = value.strip()
                if value and (not value.isdigit() or not 0 < int(value) <= MAX_ID):
                    raise BadInput(_("“%(value)s” is not a valid choice.", value=value[:20]))
                cleaned[name] = int(value) if value else 0
            elif name not in MAX_LENGTHS and len(value) > OTHER_MAX_LENGTH:
                raise BadInput(_("The request contains a value longer than any field of this form."))
            else:
                cleaned[name] = value
        return cleaned

    def _too_long(self, values):
        """The message for the first field longer than allowed, else None."""
        labels = {
            "description": _("Your complaint"),
            "name": _("Your name"),
            "phone": _("Phone"),
            "number": _("Tracking number"),
            "code": _("Query code"),
        }
        for name, limit in MAX_LENGTHS.items():
            length = len(values.get(name) or "")
            if length > limit:
                return _(
                    "“%(field)s” takes at most %(limit)s characters; yours has %(length)s. "
                    "Shorten it and send it again.",
                    field=labels[name],
                    limit=limit,
                    length=length,
                )
        return None

    def _bad_request(self, error):
        return request.render("noproof_supervision.complaint_bad_request", {"error": str(error)}, status=400)

    def _level(self, level_id):
        return request.env["res.company"].sudo().browse(level_id).exists() if level_id else None

    @http.route("/noproof/complaint", type="http", auth="public", methods=["GET"])
    def complaint_form(self, **params):
        self._portal_lang()
        try:
            params = self._clean(params)
        except BadInput as error:
            return self._bad_request(error)
        return request.render("noproof_supervision.complaint_form", self._form_values(self._level(params.get("level"))))

    @http.route("/noproof/complaint", type="http", auth="public", methods=["POST"], csrf=True)
    def complaint_submit(self, **post):
        self._portal_lang()
        env = request.env
        try:
            post = self._clean(post)
        except BadInput as error:
            return self._bad_request(error)
        if post.get(HONEYPOT):
            return request.render("noproof_supervision.complaint_rejected", {}, status=400)
        level = self._level(post.get("level"))
        # what the form shows back to the visitor: the text as typed, the ids as the options' values
        shown = {name: str(value) if name in ID_PARAMS else value for name, value in post.items()}
        if not level:
            return request.render(
                "noproof_supervision.complaint_form",
                self._form_values(None, shown, _("Choose the city or county concerned.")),
                status=400,
            )
        too_long = self._too_long(post)
        if too_long:
            return request.render(
                "noproof_supervision.complaint_form", self._form_values(level, shown, too_long), status=400
            )
        Complaint = env["noproof.complaint"].sudo()
        # the address Odoo gives (behind the bundled proxy, with proxy_mode on, the client's own)
        submitter = Complaint._submitter_hash(request.httprequest.remote_addr or "")
        limit = int(env["ir.config_parameter"].sudo().get_param("noproof_supervision.complaint_rate_limit", 5))
        if env["noproof.complaint.rate"].sudo()._hit(submitter) > limit:
            return request.render(
                "noproof_supervision.complaint_form",
                self._form_values(
                    level,
                    shown,
                    _(
                        "Too many complaints from your address in the last hour. "
                        "Please try again later or call the 12345 hotline."
                    ),
                ),
                status=429,
            )
        organization = env["noproof.organization"].sudo().browse(post.get("organization_id") or 0).exists()
        item = env["noproof.service.item"].sudo().browse(post.get("item_id") or 0).exists()
        item = item if item in self._published_items(level) else item.browse()
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
            "complainant_name": (post.get("name") or "").strip(),
            "complainant_phone": (post.get("phone") or "").strip(),
            "submitter_hash": submitter,
        }
        try:
            with env.cr.savepoint():
                complaint = Complaint.create(vals)
        except ValidationError as error:
            return request.render(
                "noproof_supervision.complaint_form", self._form_values(level, shown, error.args[0]), status=400
            )
        # No mail: an address typed into a public form is nobody's word. The receipt is this page.
        return request.render(
            "noproof_supervision.complaint_received",
            {"complaint": complaint, "code": complaint.query_code},
            headers=NO_STORE,
        )

    @http.route("/noproof/complaint/status", type="http", auth="public", methods=["GET"])
    def complaint_status_form(self, **params):
        """The look-up form. A number and 查询码 in the address are not looked up: the code travels in a form only."""
        self._portal_lang()
        try:
            self._clean(params)
        except BadInput as error:
            return self._bad_request(error)
        return request.render("noproof_supervision.complaint_status", {"status": None, "not_found": False})

    @http.route("/noproof/complaint/status", type="http", auth="public", methods=["POST"], csrf=True)
    def complaint_status(self, **post):
        self._portal_lang()
        try:
            post = self._clean(post)
        except BadInput as error:
            return self._bad_request(error)
        too_long = self._too_long(post)
        if too_long:
            return self._bad_request(too_long)
        complaint = request.env["noproof.complaint"]._find_by_query_code(post.get("number"), post.get("code"))
        if not complaint:
            return request.render(
                "noproof_supervision.complaint_status", {"status": None, "not_found": True}, status=404
            )
        return request.render(
            "noproof_supervision.complaint_status",
            {"status": complaint._public_status(), "not_found": False},
            headers=NO_STORE,
        )
