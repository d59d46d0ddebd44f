from odoo import _, models
from odoo.exceptions import AccessError


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """A refusal on our records says plainly what is refused and why, without Odoo's jokes; the names of the
        records stay hidden, as Odoo hides them outside debug mode."""
        if not records._name.startswith("noproof."):
            return super()._make_access_error(operation, records)
        # Odoo logs the refusal and computes the suggested company: keep both.
        error = super()._make_access_error(operation, records)
        self = self.with_context(self.env.user.context_get())
        operations = {
            "read": _("open"),
            "write": _("change"),
            "create": _("create"),
            "unlink": _("delete"),
        }
        message = _(
            "Access refused: %(user)s may not %(operation)s this %(document)s. It belongs to a level or an "
            "organization you do not act for. If your duties require it, ask the configuration administrator of "
            "your level to add you to the staff of that organization or to that level.",
            user=self.env.user.name,
            operation=operations[operation],
            document=self.env["ir.model"]._get(records._name).name,
        )
        refusal = AccessError(message)
        if getattr(error, "context", None):
            refusal.context = error.context
        return refusal
