"""The public check of a commitment: whoever holds the printed commitment scans its
QR code and sees whether it is authentic and what became of it, without any personal
data of the applicant."""

from odoo import _, http
from odoo.http import request

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

    @http.route("/noproof/commitment/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
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
            "noproof_commitment.portal_commitment", {"commitment": commitment._noproof_public_values()}
        )
        return self._private(response)
