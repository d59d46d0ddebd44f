"""The public check of a commitment: whoever holds the printed commitment scans its
QR code and sees whether it is authentic and what became of it, without any personal
data of the applicant."""

import csv
import io
import json

from odoo import _, fields, http
from odoo.addons.noproof_catalog.tools.spreadsheet import neutralize_cell
from odoo.exceptions import AccessError
from odoo.http import request

from ..models.noproof_commitment_bar import EXPORT_COLUMNS

PORTAL_LANG = "zh_CN"


class NoproofCommitmentPortal(http.Controller):
    def _env(self):
        lang = PORTAL_LANG if request.env["res.lang"]._lang_get(PORTAL_LANG) else request.env.lang
        request.update_context(lang=lang)
        return request.env

    def _private(self, response):
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @http.route(
        "/noproof/commitment/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def commitment_page(self, token, **kwargs):
        env = self._env()
        commitment = env["noproof.commitment"]._noproof_find_by_token(token)
        if not commitment:
            response = request.render(
                "noproof_catalog.portal_not_found",
                {
                    "title": _("Unknown Commitment"),
                    "message": _(
                        "No commitment has this address. A forged or mistyped code cannot be checked: compare the "
                        "address with the one printed on the commitment, or ask the office that issued it."
                    ),
                },
                status=404,
            )
            return self._private(response)
        response = request.render(
            "noproof_commitment.portal_commitment",
            {"commitment": commitment._noproof_public_values(), "portal_level": commitment.sudo().company_id},
        )
        return self._private(response)


class NoproofCommitmentBarExport(http.Controller):
    """Bars on commitment for the credit platform (Taizhou art. 8 ¶4: 依法采取失信惩戒措施),
    as CSV or JSON, for the joint-conference office: the bars the user may read, with the
    applicant's masked identity number and reference (columns: readme/USAGE.md)."""

    @http.route(
        "/noproof/commitment-bars/credit.<string:fmt>", type="http", auth="user", methods=["GET"], sitemap=False
    )
    def credit_export(self, fmt, ids=None, **kwargs):
        if fmt not in ("csv", "json"):
            raise request.not_found()
        if not request.env.user.has_group("noproof_catalog.group_office"):
            raise AccessError(_("Only the office exports bars for the credit platform."))
        Bar = request.env["noproof.commitment.bar"]
        domain = []
        if ids:
            try:
                domain = [("id", "in", [int(i) for i in ids.split(",") if i.strip()])]
            except ValueError:
                raise request.not_found() from None
        bars = Bar.search(domain, order="id")
        rows = bars._noproof_export_rows()
        stamp = fields.Date.to_string(fields.Date.context_today(Bar))
        if fmt == "json":
            body = json.dumps(
                {"format": "noproof.commitment.bar/1", "columns": list(EXPORT_COLUMNS), "bars": rows},
                ensure_ascii=False,
                indent=1,
            )
            content_type = "application/json; charset=utf-8"
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(EXPORT_COLUMNS)
            for row in rows:
                writer.writerow([neutralize_cell(row[column]) for column in EXPORT_COLUMNS])
            body = "\ufeff" + buffer.getvalue()
            content_type = "text/csv; charset=utf-8"
        response = request.make_response(
            body,
            headers=[
                ("Content-Type", content_type),
                ("Content-Disposition", f'attachment; filename="noproof-bars-{stamp}.{fmt}"'),
                ("Cache-Control", "no-store"),
            ],
        )
        return response
