from lxml import html
from markupsafe import Markup

from odoo import api, models

# Screens quote only the statute of the level the user works at: an element of a view or of
# an action's help with the class o_noproof_statute_taizhou is shown at a Taizhou level only.
# (A class, because the sanitizer of an action's help keeps classes and drops data attributes.)
STATUTE_CLASS = "o_noproof_statute_"


def _drop_other_statutes(tree, statute):
    """Remove from ``tree`` the elements marked for a statute other than ``statute``,
    keeping the text that follows each of them."""
    for node in tree.xpath(f"//*[contains(@class, '{STATUTE_CLASS}')]"):
        if f"{STATUTE_CLASS}{statute}" in node.get("class").split():
            continue
        parent = node.getparent()
        if node.tail:
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _noproof_screen_statute(self):
        return self.env.company.sudo().noproof_statute_effective or "own"

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self._noproof_screen_statute())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        _drop_other_statutes(arch, self._noproof_screen_statute())
        return arch, view


def drop_other_statutes_from_html(fragment, statute):
    """``fragment`` (HTML) without the elements marked for a statute other than ``statute``."""
    if not fragment or STATUTE_CLASS not in fragment:
        return fragment
    tree = html.fragment_fromstring(fragment, create_parent="div")
    _drop_other_statutes(tree, statute)
    return Markup((tree.text or "") + "".join(html.tostring(child, encoding="unicode") for child in tree))
