import base64
import hashlib

from odoo import _, models
from odoo.exceptions import UserError

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
