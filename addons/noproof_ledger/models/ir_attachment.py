import base64
import hashlib

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

# Writes that leave a ledger file as it is: a share token, a guessed mimetype,
# or moving the same content between database and filestore (force_storage).
HARMLESS_FIELDS = {"access_token", "mimetype", "index_content", "raw", "datas"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _noproof_ledger_files(self):
        if not self.ids:
            return self.browse()
        self.env.cr.execute(
            "SELECT id FROM ir_attachment WHERE id = ANY(%s) AND res_model = 'noproof.ledger.entry'",
            [list(self.ids)],
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _noproof_refuse(self):
        raise UserError(
            _(
                "Files attached to ledger entries are kept for inspection with the entry and can be "
                "neither changed nor deleted."
            )
        )

    def write(self, vals):
        ledger_files = self._noproof_ledger_files()
        if ledger_files:
            if set(vals) - HARMLESS_FIELDS:
                self._noproof_refuse()
            content = vals.get("raw")
            if content is None and vals.get("datas") is not None:
                content = base64.b64decode(vals["datas"] or b"")
            if content is not None:
                checksum = hashlib.sha1(content.encode() if isinstance(content, str) else content).hexdigest()
                if any(attachment.checksum != checksum for attachment in ledger_files.sudo()):
                    self._noproof_refuse()
        return super().write(vals)

    def unlink(self):
        if self._noproof_ledger_files():
            self._noproof_refuse()
        return super().unlink()

    # ------------------------------------------------------------------ binding
    def _noproof_check_readable(self):
        """Refuse unless the current user may read each of these attachments: the model's
        access rights and rules, and the access to the document each one is attached to
        (an upload of no document: only its uploader). Nothing is read with superuser
        rights before this check."""
        if self.env.su or not self:
            return
        try:
            self.check_access("read")
            self.check("read")
        except AccessError as error:
            raise AccessError(
                _(
                    "You may not use a file you cannot open yourself: attach your own uploads or files of "
                    "documents you may read. Nothing was attached."
                )
            ) from error

    @api.model
    def _noproof_bind(self, files, record):
        """``files`` (ir.attachment records or (name, bytes) pairs) as attachments of ``record``;
        uploads not yet bound to a record are bound to it. Each attachment given must be
        readable by the current user; the binding itself is a write checked as the user."""
        attachments = self.browse()
        new_files = []
        for item in files or ():
            if isinstance(item, models.BaseModel):
                if item._name != "ir.attachment":
                    raise UserError(_("%(value)s is not a file.", value=item))
                item._noproof_check_readable()
                attachments |= item
            else:
                name, content = item
                new_files.append({"name": name, "raw": content, "res_model": record._name, "res_id": record.id})
        unbound = attachments.filtered(lambda attachment: not attachment.res_id)
        if unbound:
            unbound.write({"res_model": record._name, "res_id": record.id})
        return attachments | self.create(new_files)
