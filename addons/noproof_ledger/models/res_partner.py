from odoo import api, fields, models

# Fields whose unmasked value is personal data worth logging when read.
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

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if not self.env.su:
            logged = [name for name in fnames if name in LOGGED_FIELDS]
            if logged:
                revealed = [vals["id"] for vals in result if any(vals.get(name) for name in logged)]
                if revealed:
                    self.browse(revealed)._noproof_log_access(logged, "read")
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if not self.env.su:
            logged = sorted({path.split("/")[0] for path in fields_to_export} & set(LOGGED_FIELDS))
            if logged:
                with_data = self.sudo().filtered(lambda partner: any(partner[name] for name in logged))
                if with_data:
                    self.browse(with_data.ids)._noproof_log_access(logged, "export")
        return result

    def _noproof_log_access(self, field_names, access_type="read"):
        """Log that the current user read ``field_names`` of these partners unmasked.

        The case (or other document) is taken from the context keys
        ``noproof_access_model`` and ``noproof_access_res_id``.
        """
        return self.env["noproof.access.log"]._log(self, field_names, access_type)

    def action_view_noproof_access_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_ledger.action_noproof_access_log")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _noproof_logged_fields(self):
        return LOGGED_FIELDS
