from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .append_only import install_append_only

ACCESS_TYPES = [("read", "Opened"), ("export", "Exported"), ("search", "Searched"), ("print", "Printed")]


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
    partner_id = fields.Many2one("res.partner", string="Applicant", readonly=True, index=True, ondelete="restrict")
    partner_name = fields.Char(string="Applicant Name", readonly=True)
    id_number_masked = fields.Char(string="Identity Number (Masked)", readonly=True)
    field_names = fields.Char(string="Data Read", readonly=True)
    access_type = fields.Selection(ACCESS_TYPES, string="Access", required=True, readonly=True, default="read")
    res_model = fields.Char(string="Case Model", readonly=True, index="btree_not_null")
    res_id = fields.Many2oneReference(string="Case ID", model_field="res_model", readonly=True)
    document_name = fields.Char(string="Case", readonly=True)
    has_case = fields.Boolean(compute="_compute_has_case", search="_search_has_case", string="With a Case")

    def init(self):
        install_append_only(self.env.cr, self._table)

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
    def _log(self, partners, purposes=None, access_type="read", field_names=("noproof_id_number",)):
        """Append one log line per partner for the current user (written as superuser).

        ``purposes`` is ``{partner id: record}``: the record (a case, a ticket …) for which the
        user was shown the partner's data, as the module that granted it says. It is never taken
        from the context. Each line is filed under the applicant's level, so that the office of
        that level reads it; an applicant of no level is filed under the user's level.
        """
        purposes = purposes or {}
        if access_type not in dict(ACCESS_TYPES):
            raise ValueError(f"{access_type!r} is not a kind of access")
        labels = ", ".join(partners._fields[name]._description_string(self.env) for name in field_names)
        now = fields.Datetime.now()
        vals_list = []
        for partner in partners.sudo():
            document = purposes.get(partner.id)
            is_record = isinstance(document, models.BaseModel) and len(document) == 1 and document.id
            vals_list.append(
                {
                    "date": now,
                    "user_id": self.env.uid,
                    "company_id": partner.company_id.id or self.env.company.id,
                    "partner_id": partner.id,
                    "partner_name": partner.name,
                    "id_number_masked": partner.noproof_id_number_masked,
                    "field_names": labels,
                    "access_type": access_type,
                    "res_model": document._name if is_record else None,
                    "res_id": document.id if is_record else None,
                    "document_name": (document.sudo().display_name or None) if is_record else None,
                }
            )
        return self.sudo().create(vals_list)

    @api.model
    def _log_unregistered(self, documents, access_type="read", field_label=None):
        """Append one log line per document for the current user (written as superuser), for a
        person the document names who is no contact here (e.g. the applicant of a ticket received
        from another instance): each document gives ``_noproof_access_person()``, a dict with its
        ``name``, ``masked`` number and ``company`` (the level it is filed under)."""
        if access_type not in dict(ACCESS_TYPES):
            raise ValueError(f"{access_type!r} is not a kind of access")
        now = fields.Datetime.now()
        vals_list = []
        for document in documents.sudo():
            person = document._noproof_access_person()
            vals_list.append(
                {
                    "date": now,
                    "user_id": self.env.uid,
                    "company_id": (person.get("company") or self.env.company).id,
                    "partner_id": False,
                    "partner_name": person.get("name"),
                    "id_number_masked": person.get("masked"),
                    "field_names": field_label,
                    "access_type": access_type,
                    "res_model": document._name,
                    "res_id": document.id,
                    "document_name": document.display_name or None,
                }
            )
        return self.sudo().create(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(_("The access log is written by No-Proof City itself; it cannot be created by hand."))
        return super().create(vals_list)

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
        """Demo: ``user_id`` was shown these applicants' identity numbers, for a document (model, id) or none."""
        partners = self.env["res.partner"].with_user(user_id).browse(partner_ids)
        record = self.env[document[0]].browse(document[1]) if document else None
        partners._noproof_id_number_revealed({partner.id: record for partner in partners if record}, "read")
