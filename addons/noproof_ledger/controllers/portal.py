import json

from odoo import http
from odoo.addons.noproof_catalog.controllers.portal import PORTAL_LANG
from odoo.http import request


class NoproofLedgerPortal(http.Controller):
    """The daily heads of each level's ledger chain, public: anyone can keep a copy and
    later hold the ledger against it (a rewritten ledger no longer reaches these hashes)."""

    def _env(self):
        """A superuser environment in the portal's language; only published heads are read."""
        installed = dict(request.env["res.lang"].get_installed())
        request.update_context(lang=PORTAL_LANG if PORTAL_LANG in installed else request.env.lang)
        return request.env(su=True)

    def _render(self, template, values):
        return request.render(template, values)

    @http.route("/noproof/ledger/anchors", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True)
    def ledger_anchors(self, **kwargs):
        env = self._env()
        heads = env["noproof.ledger.anchor"]._public_heads()
        return self._render("noproof_ledger.portal_anchors", {"heads": heads})

    @http.route(
        "/noproof/ledger/anchors.json", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def ledger_anchors_json(self, **kwargs):
        env = self._env()
        heads = env["noproof.ledger.anchor"]._public_heads()
        data = [
            {
                "level_id": level.id,
                "level": level.name,
                "anchors": [
                    {
                        "date": str(anchor.date),
                        "sequence": anchor.sequence,
                        "entry_hash": anchor.entry_hash,
                        "published_at": anchor.create_date.isoformat(sep=" ", timespec="seconds"),
                    }
                    for anchor in anchors
                ],
            }
            for level, anchors in heads.items()
        ]
        return request.make_response(
            json.dumps(data, ensure_ascii=False, indent=1),
            headers=[("Content-Type", "application/json; charset=utf-8")],
        )
