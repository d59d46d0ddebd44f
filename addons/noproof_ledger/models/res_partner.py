from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Fields whose unmasked value is personal data worth logging when shown.
LOGGED_FIELDS = ("noproof_id_number",)


class ResPartner(models.Model):
    _inherit = "res.partner"

    noproof_access_log_count = fields.Integer(
        compute="_compute_noproof_access_log_count", groups="noproof_catalog.group_office", string="Access Log"
    )

    def _compute_noproof_access_log_count(self):
        counts = (
            dict(
                self.env["noproof.access.log"]._read_group(
                    [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
                )
            )
            if self.ids
            else {}
        )
        for partner in self:
            partner.noproof_access_log_count = counts.get(partner, 0)

    def _noproof_id_number_revealed(self, purposes, access_type):
        """The catalog showed the whole identity numbers of these partners to the current user
        (``access_type``: read, export, search or print), each for the record of ``purposes``
        (``{partner id: record}``, e.g. the case): write it to the access log, one line per
        partner, filed under the partner's level."""
        parent = getattr(super(), "_noproof_id_number_revealed", None)
        result = parent(purposes, access_type) if parent else None
        partners = self.sudo().filtered(lambda partner: partner.noproof_id_number).with_env(self.env)
        if partners:
            self.env["noproof.access.log"]._log(partners, purposes or {}, access_type, LOGGED_FIELDS)
        return result

    def _noproof_ledger_kept(self):
        """The partners of ``self`` that ledger entries or access-log lines refer to."""
        if not self.ids:
            return self.browse()
        self.env.cr.execute(
            """SELECT applicant_id FROM noproof_ledger_entry WHERE applicant_id = ANY(%(ids)s)
               UNION SELECT res_id FROM noproof_ledger_entry WHERE res_model = 'res.partner' AND res_id = ANY(%(ids)s)
               UNION SELECT partner_id FROM noproof_access_log WHERE partner_id = ANY(%(ids)s)
               UNION SELECT res_id FROM noproof_access_log WHERE res_model = 'res.partner' AND res_id = ANY(%(ids)s)""",
            {"ids": list(self.ids)},
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def unlink(self):
        kept = self._noproof_ledger_kept()
        if kept:
            raise UserError(
                _(
                    "%(names)s cannot be deleted: the ledger and the access log keep records about them for "
                    "inspection. Archive the contact instead.",
                    names=", ".join(kept.sudo().mapped("display_name")),
                )
            )
        return super().unlink()

    def action_view_noproof_access_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_ledger.action_noproof_access_log")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _noproof_logged_fields(self):
        return LOGGED_FIELDS
