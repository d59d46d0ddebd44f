from odoo import api, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _noproof_bind(self, files, record):
        """``files`` (ir.attachment records or (name, bytes) pairs) as attachments of ``record``;
        uploads not yet bound to a record are bound to it."""
        attachments = self.browse()
        new_files = []
        for item in files or ():
            if isinstance(item, models.BaseModel):
                item.filtered(lambda a: not a.res_id).write({"res_model": record._name, "res_id": record.id})
                attachments |= item
            else:
                name, content = item
                new_files.append({"name": name, "raw": content, "res_model": record._name, "res_id": record.id})
        return attachments | self.create(new_files)
