from odoo import _, api, fields, models
from odoo.exceptions import UserError

ACCESS_TYPES = [("read", "Opened"), ("export", "Exported"), ("print", "Printed")]


class NoproofAccessLog(models.Model):
    """Who read which applicant's unmasked personal data, when, and for which case
    (Taizhou art. 16, Luzhou art. 18: information obtained may serve no unrelated purpose)."""

    _name = "noproof.access.log"
    _description = "Personal Data Access Log"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="User", required=True, readonly=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, readonly=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one("res.partner", string="Applicant", readonly=True, index=True, ondelete="set null")
    partner_name = fields.Char(string="Applicant Name", readonly=True)
    id_number_masked = fields.Char(string="Identity Number (Masked)", readonly=True)
    field_names = fields.Char(string="Data Read", readonly=True)
    access_type = fields.Selection(ACCESS_TYPES, string="Access", required=True, readonly=True, default="read")
    res_model = fields.Char(string="Case Model", readonly=True, index="btree_not_null")
    res_id = fields.Many2oneReference(string="Case ID", model_field="res_model", readonly=True)
    document_name = fields.Char(string="Case", readonly=True)
    has_case = fields.Boolean(compute="_compute_has_case", search="_search_has_case", string="With a Case")

    @api.depends("res_model")
    def _compute_has_case(self):
        for log in self:
            log.has_case = bool(log.res_model)

    def _search_has_case(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Unsupported search on 'With a Case'."))
        positive = (operator == "=") == bool(value)
        return [("res_model", "!=" if positive else "=", False)]

    @api.model
    def _log(self, partners, field_names, access_type="read"):
        """Append one log line per partner for the current user (written as superuser)."""
        context = self.env.context
        res_model, res_id, document_name = (
            context.get("noproof_access_model"),
            context.get("noproof_access_res_id"),
            None,
        )
        if res_model and res_model in self.env and isinstance(res_id, int) and res_id:
            document = self.env[res_model].sudo().browse(res_id).exists()
            document_name = document.display_name if document else None
        else:
            res_model = res_id = None
        labels = ", ".join(partners._fields[name].string for name in field_names)
        now = fields.Datetime.now()
        return self.sudo().create(
            [
                {
                    "date": now,
                    "user_id": self.env.uid,
                    "company_id": self.env.company.id,
                    "partner_id": partner.id,
                    "partner_name": partner.name,
                    "id_number_masked": partner.noproof_id_number_masked,
                    "field_names": labels,
                    "access_type": access_type,
                    "res_model": res_model if document_name else None,
                    "res_id": res_id if document_name else None,
                    "document_name": document_name,
                }
                for partner in partners.sudo()
            ]
        )

    def write(self, vals):
        raise UserError(_("The access log is kept for inspection and cannot be changed."))

    def unlink(self):
        raise UserError(_("The access log is kept for inspection and cannot be deleted."))

    def action_open_document(self):
        self.ensure_one()
        if (
            not self.res_model
            or self.res_model not in self.env
            or not self.env[self.res_model].browse(self.res_id).exists()
        ):
            raise UserError(_("The case of this access no longer exists."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }

    @api.model
    def _demo_read(self, user_id, partner_ids, document=None):
        """Demo: ``user_id`` opens these applicants' identity numbers, for a document (model, id) or none."""
        context = {}
        if document:
            context = {"noproof_access_model": document[0], "noproof_access_res_id": document[1]}
        partners = self.env["res.partner"].with_user(user_id).with_context(**context).browse(partner_ids)
        partners.read(["noproof_id_number"])
