from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Identity numbers with a checksum and how many characters stay visible at each end.
ID_VALIDATORS = {"resident_id": ric, "uscc": uscc}
MASK_KEEP = {"resident_id": (3, 4), "uscc": (2, 4), "passport": (1, 3), "other": (1, 2)}


def mask_identity(number, id_type):
    """Return ``number`` with its middle hidden, e.g. ``330***********1234``."""
    if not number:
        return False
    head, tail = MASK_KEEP.get(id_type or "other", MASK_KEEP["other"])
    if len(number) <= head + tail:
        return "*" * len(number)
    return number[:head] + "*" * (len(number) - head - tail) + number[-tail:]


class ResPartner(models.Model):
    _inherit = "res.partner"

    noproof_id_type = fields.Selection(
        [
            ("resident_id", "Resident ID Card"),
            ("uscc", "Unified Social Credit Code"),
            ("passport", "Passport"),
            ("other", "Other Document"),
        ],
        string="Identity Document",
    )
    noproof_id_number = fields.Char(
        string="Identity Number",
        groups="noproof_catalog.group_identity_reader",
        copy=False,
        index="btree_not_null",
        help="Resident ID (GB 11643) or unified social credit code (GB 32100), checked by its checksum.",
    )
    noproof_id_number_masked = fields.Char(
        string="Identity Number (Masked)",
        compute="_compute_noproof_id_number_masked",
        compute_sudo=True,
        store=True,
    )

    @api.depends("noproof_id_type", "noproof_id_number")
    def _compute_noproof_id_number_masked(self):
        for partner in self:
            partner.noproof_id_number_masked = mask_identity(partner.noproof_id_number, partner.noproof_id_type)

    @api.model
    def _noproof_normalize_id_number(self, vals):
        if vals.get("noproof_id_number"):
            vals["noproof_id_number"] = "".join(vals["noproof_id_number"].split()).upper()
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._noproof_normalize_id_number(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._noproof_normalize_id_number(vals))

    @api.constrains("noproof_id_type", "noproof_id_number")
    def _check_noproof_id_number(self):
        labels = dict(self._fields["noproof_id_type"]._description_selection(self.env))
        for partner in self.sudo():
            number, id_type = partner.noproof_id_number, partner.noproof_id_type
            if number and not id_type:
                raise ValidationError(_("Choose the kind of identity document for %s.", partner.name))
            validator = ID_VALIDATORS.get(id_type)
            if not number or not validator:
                continue
            try:
                validator.validate(number)
            except stdnum_exceptions.ValidationError as error:
                raise ValidationError(
                    _(
                        "%(number)s is not a valid %(kind)s (%(reason)s). "
                        "Check the number on the document and type it again.",
                        number=number,
                        kind=labels[id_type],
                        reason=self._noproof_stdnum_reason(error),
                    )
                ) from error

    @api.model
    def _noproof_stdnum_reason(self, error):
        if isinstance(error, stdnum_exceptions.InvalidChecksum):
            return _("wrong check digit")
        if isinstance(error, stdnum_exceptions.InvalidLength):
            return _("wrong length")
        if isinstance(error, stdnum_exceptions.InvalidFormat):
            return _("wrong format")
        return _("invalid component, such as region or birth date")
