"""The public face of the catalog: published cancellation lists and service guides,
readable by anyone without logging in (Taizhou art. 6 ¶1, Luzhou art. 7)."""

import csv
import io
import json
import math
import re
import time
from urllib.parse import urlencode

from odoo import _, fields, http
from odoo.http import content_disposition, request
from odoo.tools.translate import LazyTranslate

from ..models.noproof_cancellation_list import PUBLIC_STATES

PAGE_SIZE = 200
MAX_SEARCH_LENGTH = 100
PORTAL_LANG = "zh_CN"
JSON_SCHEMA = "noproof.cancellation_list.v1"
MAX_ID = 2**31 - 1  # larger numbers are no record id (they would overflow a PostgreSQL integer)
# The export columns, in order (see readme/PORTAL.md and the list's _portal_export_columns).
EXPORT_COLUMNS = (
    "version",
    "item_code",
    "item_name",
    "organization",
    "certificate",
    "disposition",
    "disposition_label",
    "alternative_method",
    "legal_basis",
    "assisting_organization",
    "stopped_from",
    "lapsed_legal_basis",
    "excluded",
    "exclusion",
    "exclusion_reason",
    "exclusion_article",
    "retention_approved",
)
_lt = LazyTranslate(__name__)
# The CSV's header row, in the reader's language (the JSON keeps the stable keys of EXPORT_COLUMNS).
EXPORT_HEADERS = {
    "version": _lt("Version"),
    "item_code": _lt("Item Code"),
    "item_name": _lt("Service Item"),
    "organization": _lt("Handling Organization"),
    "certificate": _lt("Certificate"),
    "disposition": _lt("Disposition Key"),
    "disposition_label": _lt("Disposition"),
    "alternative_method": _lt("Alternative Method"),
    "legal_basis": _lt("Legal Basis"),
    "assisting_organization": _lt("Assisting Organization"),
    "stopped_from": _lt("Stopped From"),
    "lapsed_legal_basis": _lt("Lapsed Legal Basis"),
    "excluded": _lt("Outside the Regulation"),
    "exclusion": _lt("Exclusion Key"),
    "exclusion_reason": _lt("Exclusion Reason"),
    "exclusion_article": _lt("Exclusion Article"),
    "retention_approved": _lt("Retention Approved"),
}
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


class BadPortalInput(ValueError):
    pass


class NoproofPortal(http.Controller):
    # ----------------------------------------------------------------- helpers
    def _env(self):
        """A superuser environment in the public portal's language: everything shown
        is checked to be public before it is read."""
        installed = dict(request.env["res.lang"].get_installed())
        request.update_context(lang=PORTAL_LANG if PORTAL_LANG in installed else request.env.lang)
        return request.env(su=True)

    def _render(self, template, values, **kwargs):
        report = request.env["report.noproof_catalog.report_service_guide"]
        return request.render(template, {"fdate": report._format_date, **values}, **kwargs)

    def _not_found(self, message=None):
        return self._render(
            "noproof_catalog.portal_not_found",
            {"title": _("Not Found"), "message": message or _("There is no such page in the public catalog.")},
            status=404,
        )

    def _bad_request(self, message):
        return self._render(
            "noproof_catalog.portal_not_found", {"message": message, "title": _("Bad Request")}, status=400
        )

    def _public_list(self, env, list_id):
        """The list version if it is public (published or superseded), else None."""
        if list_id > MAX_ID:
            return None
        lst = env["noproof.cancellation.list"].browse(list_id).exists()
        return lst if lst.state in PUBLIC_STATES else None

    def _public_levels(self, env):
        """The levels with at least one public list version."""
        groups = env["noproof.cancellation.list"]._read_group(
            [("state", "in", PUBLIC_STATES)], ["company_id"], ["__count"]
        )
        return env["res.company"].browse(company.id for company, _count in groups)

    def _search_term(self, name):
        value = _CONTROL_CHARS.sub("", request.params.get(name) or "").strip()
        if len(value) > MAX_SEARCH_LENGTH:
            raise BadPortalInput(
                _("Search terms are limited to %(count)s characters; shorten your search.", count=MAX_SEARCH_LENGTH)
            )
        return value

    def _page_number(self):
        raw = (request.params.get("page") or "1").strip()
        if not raw.isdigit() or not 0 < len(raw) < 7 or int(raw) < 1:
            raise BadPortalInput(_("The page number must be a positive whole number."))
        return int(raw)

    def _timed(self, started, response):
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    def _disposition_labels(self, env):
        return dict(env["noproof.cancellation.list.line"]._fields["disposition"]._description_selection(env))

    def _list_url(self, lst, suffix=""):
        return f"/noproof/list/{lst.id}{suffix}"

    # ------------------------------------------------------------------ pages
    @http.route("/noproof", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True)
    def portal_index(self, **kwargs):
        env = self._env()
        levels = self._public_levels(env)
        cities = levels.filtered(lambda level: not (level.parent_id and level.parent_id in levels)).sorted("id")
        return self._render(
            "noproof_catalog.portal_index",
            {"cities": cities, "levels": levels, "current": self._current_lists(env, levels)},
        )

    def _current_lists(self, env, levels):
        lists = env["noproof.cancellation.list"].search([("company_id", "in", levels.ids), ("state", "=", "published")])
        return {lst.company_id.id: lst for lst in lists}

    @http.route(
        "/noproof/level/<int:company_id>", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def portal_level(self, company_id, **kwargs):
        env = self._env()
        levels = self._public_levels(env)
        level = env["res.company"].browse(company_id if company_id <= MAX_ID else [])
        if not level or level not in levels:
            return self._not_found(_("This level has not published a cancellation list."))
        lists = env["noproof.cancellation.list"].search(
            [("company_id", "=", level.id), ("state", "in", PUBLIC_STATES)], order="version desc"
        )
        children = levels.filtered(lambda other: other.parent_id == level)
        return self._render(
            "noproof_catalog.portal_level",
            {
                "level": level,
                "lists": lists,
                "children": children,
                "current": self._current_lists(env, children),
                "enterprise_lists": self._enterprise_lists(env, level),
            },
        )

    # ------------------------------------------------------ enterprises' lists
    def _enterprise_lists(self, env, level):
        """The current list of each enterprise that filed its list with this level, which represents its
        supervising authority (Taizhou art. 21, Luzhou arts. 4 and 24): the latest version received."""
        return env["noproof.enterprise.list"].search(
            [("company_id", "=", level.id), ("is_current", "=", True)], order="name, id"
        )

    @http.route(
        "/noproof/enterprise-list/<int:filing_id>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def portal_enterprise_list(self, filing_id, **kwargs):
        env = self._env()
        filing = env["noproof.enterprise.list"].browse(filing_id if filing_id <= MAX_ID else []).exists()
        if not filing or not filing.is_current:
            return self._not_found(_("There is no current enterprise list at this address."))
        return self._render(
            "noproof_catalog.portal_enterprise_list",
            {"filing": filing, "level": filing.company_id, "labels": self._disposition_labels(env)},
        )

    @http.route(
        "/noproof/list/<int:list_id>", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def portal_list(self, list_id, **kwargs):
        started = time.perf_counter()
        env = self._env()
        lst = self._public_list(env, list_id)
        if not lst:
            return self._not_found(_("There is no published cancellation list at this address."))
        try:
            item = self._search_term("item")
            certificate = self._search_term("certificate")
            page = self._page_number()
        except BadPortalInput as error:
            return self._bad_request(str(error))
        total = lst._portal_line_count(item, certificate)
        page_count = max(1, math.ceil(total / PAGE_SIZE))
        page = min(page, page_count)
        lines = lst._portal_lines(item, certificate, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        versions = env["noproof.cancellation.list"].search(
            [("company_id", "=", lst.company_id.id), ("state", "in", PUBLIC_STATES)], order="version desc"
        )
        current = versions.filtered(lambda version: version.state == "published")[:1]
        query = {key: value for key, value in (("item", item), ("certificate", certificate)) if value}
        html = self._render(
            "noproof_catalog.portal_list",
            {
                "lst": lst,
                "lines": lines,
                "labels": self._disposition_labels(env),
                "covered_lines": [line for line in lines if not line["exclusion"]],
                "excluded_lines": [line for line in lines if line["exclusion"]],
                "exclusion_labels": dict(
                    env["noproof.cancellation.list.line"]._fields["exclusion"]._description_selection(env)
                ),
                "total": total,
                "page": page,
                "page_count": page_count,
                "page_size": PAGE_SIZE,
                "search_item": item,
                "search_certificate": certificate,
                "query": query,
                "page_url": lambda number: self._list_url(lst) + "?" + urlencode({**query, "page": number}),
                "versions": versions,
                "current": current,
                "is_current": lst == current,
            },
            lazy=False,
        )
        response = request.make_response(html, headers=[("Content-Type", "text/html; charset=utf-8")])
        return self._timed(started, response)

    @staticmethod
    def _utc(value):
        return value.isoformat(timespec="seconds") + "Z" if value else None

    @http.route(
        "/noproof/list/<int:list_id>.json", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def portal_list_json(self, list_id, **kwargs):
        started = time.perf_counter()
        env = self._env()
        lst = self._public_list(env, list_id)
        if not lst:
            return self._not_found(_("There is no published cancellation list at this address."))
        level = lst.company_id
        lines, line_count = lst._portal_json_lines()
        header = {
            "schema": JSON_SCHEMA,
            "list": {
                "id": lst.id,
                "name": lst.name,
                "version": lst.version,
                "status": lst.state,
                "level": {
                    "id": level.id,
                    "name": level.name,
                    "kind": level.noproof_level or None,
                    "parent_id": level.parent_id.id or None,
                },
                "published_at": self._utc(lst.date_published),
                "superseded_at": self._utc(lst.date_superseded),
                "superseded_by": lst.superseded_by_id.id or None,
                "url": self._list_url(lst),
                "line_count": line_count,
                "zero_certificate_target": lst.zero_certificate_target,
            },
        }
        # PostgreSQL has written the lines' array; splice it in rather than parse and dump it again.
        body = json.dumps(header, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"lines":' + lines + "}"
        response = request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", content_disposition(f"noproof-list-{lst.id}-v{lst.version}.json", "inline")),
                ("Access-Control-Allow-Origin", "*"),
            ],
        )
        return self._timed(started, response)

    @http.route(
        "/noproof/list/<int:list_id>.csv", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def portal_list_csv(self, list_id, **kwargs):
        started = time.perf_counter()
        env = self._env()
        lst = self._public_list(env, list_id)
        if not lst:
            return self._not_found(_("There is no published cancellation list at this address."))
        # PostgreSQL writes the rows under a header of keys; people read the header in their language.
        _keys, _newline, rows = lst._portal_csv().partition("\n")
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow([str(EXPORT_HEADERS[key]) for key in EXPORT_COLUMNS])
        # The byte-order mark makes spreadsheet programs read the Chinese text as UTF-8.
        response = request.make_response(
            ("\ufeff" + header.getvalue() + rows).encode("utf-8"),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", content_disposition(f"noproof-list-{lst.id}-v{lst.version}.csv")),
                ("Access-Control-Allow-Origin", "*"),
            ],
        )
        return self._timed(started, response)

    # ---------------------------------------------------------------- guides
    def _public_guide(self, env, item_id):
        """The item and its guide if the item is on a published list, else (None, None)."""
        item = env["noproof.service.item"].browse(item_id).exists() if item_id <= MAX_ID else None
        guide = env["report.noproof_catalog.report_service_guide"]._guide(item) if item else None
        return (item, guide) if guide and guide["list"] else (None, None)

    @http.route(
        "/noproof/item/<int:item_id>/guide", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def portal_guide(self, item_id, **kwargs):
        env = self._env()
        item, guide = self._public_guide(env, item_id)
        if not item:
            return self._not_found(_("This service item is not on a published cancellation list."))
        return self._render("noproof_catalog.portal_guide", {"item": item, "guide": guide})

    @http.route(
        "/noproof/item/<int:item_id>/guide.pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def portal_guide_pdf(self, item_id, **kwargs):
        env = self._env()
        item, guide = self._public_guide(env, item_id)
        if not item:
            return self._not_found(_("This service item is not on a published cancellation list."))
        content = self._cached_guide_pdf(env, item, guide["list"])
        if content is None:
            content, report_type = env["ir.actions.report"]._render_qweb_pdf(
                "noproof_catalog.action_report_service_guide", item.ids
            )
            if report_type != "pdf":
                # Odoo renders reports as HTML while it runs its tests (wkhtmltopdf would call back the test server).
                return request.make_response(content, headers=[("Content-Type", "text/html; charset=utf-8")])
            self._cache_guide_pdf(env, item, guide["list"], content)
        filename = f"{item.code or item.id} {guide['item_name']}.pdf"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename, "inline")),
                ("Cache-Control", "public, max-age=3600"),
            ],
        )

    # A guide prints a frozen list version, the reader's language and today's date: rendered
    # once a day per item and language, kept as an attachment of the list version.
    def _guide_cache_name(self, env, item, lst):
        return f"noproof-guide-{item.id}-{lst.id}-{env.lang}-{fields.Date.context_today(lst)}.pdf"

    def _guide_cache_domain(self, lst, name):
        return [("res_model", "=", lst._name), ("res_id", "=", lst.id), ("name", "=like", name)]

    def _cached_guide_pdf(self, env, item, lst):
        cached = (
            env["ir.attachment"]
            .sudo()
            .search(self._guide_cache_domain(lst, self._guide_cache_name(env, item, lst)), limit=1)
        )
        return cached.raw if cached else None

    def _cache_guide_pdf(self, env, item, lst, content):
        Attachment = env["ir.attachment"].sudo()
        Attachment.search(self._guide_cache_domain(lst, f"noproof-guide-{item.id}-%")).unlink()
        Attachment.create(
            {
                "name": self._guide_cache_name(env, item, lst),
                "res_model": lst._name,
                "res_id": lst.id,
                "raw": content,
                "mimetype": "application/pdf",
            }
        )

    # ------------------------------------------------------------- not found
    @http.route("/noproof/<path:path>", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True)
    def portal_unknown(self, path, **kwargs):
        self._env()
        return self._not_found()
