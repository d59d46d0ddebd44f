from odoo import fields, models

from .noproof_ledger_entry import CLASSIFIED_CHANNEL_RULES


class ResCompany(models.Model):
    _inherit = "res.company"

    noproof_unusual_access_threshold = fields.Integer(
        string="Unusual Access Threshold",
        default=20,
        help="A user who reads the unmasked personal data of more applicants than this in one day "
        "without a case is reported as unusual access (Taizhou art. 16, Luzhou art. 18).",
    )
    # Statute setting (read with _noproof_setting: empty on a county = as its city).
    noproof_classified_channels = fields.Selection(
        CLASSIFIED_CHANNEL_RULES,
        string="Classified Matters Offline",
        help="Luzhou art. 11: until the platform's verification module runs fully, organizations may exchange "
        "information by official document, fax, WeChat, QQ, DingTalk groups and the like, except for matters "
        "involving state or work secrets. The first choice applies that exception to the ledger's offline "
        "exchanges and to verification tickets; the Taizhou regulation has no such article. Empty on a county: "
        "as its city; empty everywhere: the first choice.",
    )
