import re

from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

# Identity numbers with a checksum and how many characters stay visible at each end.
ID_VALIDATORS = {"resident_id": ric, "uscc": uscc}
MASK_KEEP = {"resident_id": (3, 4), "uscc": (2, 4), "passport": (1, 3), "other": (1, 2)}
ID_NUMBER = "noproof_id_number"
# Searching by identity number finds the applicant whose document is on the desk; a
# pattern would list everyone's numbers piece by piece.
EXACT_OPERATORS = ("=", "!=", "in", "not in")
# What a clerk typing in the applicant picker may mean as a whole identity number.
NUMBER_CANDIDATE = re.compile(r"^(?=.*[0-9])[0-9A-Z]{6,20}$")
# Context key of the screens where applicants are picked and registered.
APPLICANT_CONTEXT = "noproof_applicant"


def normalize_identity(number):
    """``number`` without blanks, in capitals (the way it is stored)."""
    return "".join((number or "").split()).upper()


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
    # An applicant is a person or organization registered at a window with an identity
    # document. Staff, levels (companies), organizations' contacts and Odoo's own demo
    # contacts have none, and the applicant pickers do not offer them.
    noproof_is_applicant = fields.Boolean(
        string="Applicant",
        compute="_compute_noproof_is_applicant",
        store=True,
        index=True,
        help="Registered with an identity document: offered where an applicant is picked.",
    )

    @api.depends("noproof_id_type", "noproof_id_number")
    def _compute_noproof_id_number_masked(self):
        for partner in self:
            partner.noproof_id_number_masked = mask_identity(partner.noproof_id_number, partner.noproof_id_type)

    @api.depends("noproof_id_type")
    def _compute_noproof_is_applicant(self):
        for partner in self:
            partner.noproof_is_applicant = bool(partner.noproof_id_type)

    @api.depends_context(APPLICANT_CONTEXT)
    def _compute_display_name(self):
        """Where an applicant is picked, two people of the same name are told apart by
        their masked identity numbers."""
        super()._compute_display_name()
        if not self.env.context.get(APPLICANT_CONTEXT):
            return
        for partner in self:
            if partner.noproof_id_number_masked:
                partner.display_name = f"{partner.display_name} ({partner.noproof_id_number_masked})"

    @api.model
    def _search_display_name(self, operator, value):
        """The applicant picker also finds the applicant whose whole identity number is
        typed (only the whole number: a part finds nobody by number). The search is
        written to the access log like any search by number (``_search``)."""
        domain = super()._search_display_name(operator, value)
        number = normalize_identity(value) if isinstance(value, str) else ""
        if (
            operator in ("ilike", "=ilike", "like", "=like", "=")
            and NUMBER_CANDIDATE.match(number)
            and self.env.user.has_group("noproof_catalog.group_identity_reader")
        ):
            # Searched here, through _search, so that the search by number is written to the access log.
            domain = expression.OR([domain, [("id", "in", self.search([(ID_NUMBER, "=", number)]).ids)]])
        return domain

    @api.model
    def default_get(self, fields_list):
        """Registering an applicant from a picker: what was typed there is the name, or
        (when it is a valid identity number) the number, with its kind of document."""
        defaults = super().default_get(fields_list)
        typed = normalize_identity(defaults.get("name"))
        if self.env.context.get(APPLICANT_CONTEXT) and NUMBER_CANDIDATE.match(typed):
            for id_type, validator in ID_VALIDATORS.items():
                if validator.is_valid(typed):
                    defaults.update({"name": False, ID_NUMBER: typed, "noproof_id_type": id_type})
                    break
        return defaults

    @api.onchange("noproof_id_type")
    def _onchange_noproof_id_type(self):
        if self.noproof_id_type == "uscc":
            self.is_company = True
        elif self.noproof_id_type in ("resident_id", "passport"):
            self.is_company = False

    @api.onchange("noproof_id_number")
    def _onchange_noproof_id_number(self):
        """Offer the applicant already registered with this number instead of a second one."""
        number = normalize_identity(self.noproof_id_number)
        if not number:
            return None
        existing = self._noproof_registered(number, exclude=self._origin)
        if not existing:
            return None
        return {
            "warning": {
                "title": _("Already registered"),
                "message": _(
                    "%(name)s (%(number)s) is already registered with this identity number. Close this window and "
                    "choose %(name)s in the applicant field: a person is registered once.",
                    name=existing.name,
                    number=existing.noproof_id_number_masked,
                ),
            }
        }

    def _noproof_registered(self, number, exclude=None, domain=()):
        """The applicant the current user can see who is already registered with the
        whole identity ``number`` (within ``domain``), if any. An exact search: written
        to the access log as a search by number."""
        domain = [(ID_NUMBER, "=", number), *domain]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        return self.search(domain, limit=1)

    @api.model
    def _noproof_normalize_id_number(self, vals):
        if vals.get("noproof_id_number"):
            vals["noproof_id_number"] = normalize_identity(vals["noproof_id_number"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._noproof_normalize_id_number(vals)
            if vals.get(ID_NUMBER):
                # An applicant belongs to the level that registers it; other cities never see it.
                vals.setdefault("company_id", self.env.company.id)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._noproof_normalize_id_number(vals)
        if vals.get(ID_NUMBER) and "company_id" not in vals:
            for partner in self.filtered(lambda partner: not partner.company_id):
                super(ResPartner, partner).write({"company_id": self.env.company.id})
        return super().write(vals)

    # ------------------------------------------------------- whole numbers
    def _noproof_id_number_purposes(self):
        """``{partner id: record}``: the record (a case, a ticket …) for which the
        current user may read each of these applicants' whole identity number.
        Modules that hold such records extend it; without one, numbers are masked."""
        return {}

    def _noproof_id_number_revealed(self, purposes, access_type):
        """Hook: the current user was shown these partners' whole identity numbers,
        for ``purposes`` ({partner id: record}); ``access_type`` is read, export,
        search or print. The ledger writes it to the access log."""

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if ID_NUMBER in fnames and not self.env.su:
            # A contact being registered shows the number its user typed; one being edited is masked as saved.
            shown = self.browse(
                [vals["id"] for vals in result if vals.get(ID_NUMBER) and not self._noproof_is_typed(vals["id"])]
            )
            purposes = shown._noproof_id_number_purposes()
            masked = {partner.id: partner.noproof_id_number_masked for partner in shown if partner.id not in purposes}
            for vals in result:
                if vals["id"] in masked:
                    vals[ID_NUMBER] = masked[vals["id"]]
            revealed = shown.filtered(lambda partner: partner.id in purposes)
            if revealed:
                revealed._noproof_id_number_revealed(purposes, "read")
        return result

    @staticmethod
    def _noproof_is_typed(record_id):
        """A record being created in a form (no saved record behind it): its values are what its user typed."""
        return isinstance(record_id, models.NewId) and not record_id.origin

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        if not self.env.su and any(path[0] == ID_NUMBER for path in fields):
            numbered = self.filtered(ID_NUMBER)
            purposes = numbered._noproof_id_number_purposes()
            if numbered.filtered(lambda partner: partner.id not in purposes):
                raise AccessError(
                    _(
                        "You may export whole identity numbers only of applicants whose cases you handle. "
                        "Export the masked identity number instead."
                    )
                )
            if numbered:
                numbered._noproof_id_number_revealed(purposes, "export")
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        if not self.env.su and any(spec.split(":")[0].split(".")[0] == ID_NUMBER for spec in (*groupby, *aggregates)):
            raise AccessError(_("Identity numbers cannot be grouped or counted; open the applicant instead."))
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        by_number = [
            leaf for leaf in expression.normalize_domain(domain) if expression.is_leaf(leaf) and leaf[0] == ID_NUMBER
        ]
        if self.env.su or not by_number:
            return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
        if any(leaf[1] not in EXACT_OPERATORS for leaf in by_number):
            raise AccessError(_("Search an applicant by the whole identity number on the document, not by a part."))
        query = super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
        if not any(leaf[1] in ("=", "in") and leaf[2] for leaf in by_number):
            return query
        found = self.browse(query.get_result_ids())
        if found:
            found._noproof_id_number_revealed(found._noproof_id_number_purposes(), "search")
        return query

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

    @api.constrains("noproof_id_number", "company_id")
    def _check_noproof_id_number_unique(self):
        """A person is registered once per level: a second applicant with the same whole
        number is refused, naming the one to choose instead."""
        for partner in self.sudo().filtered(ID_NUMBER):
            existing = partner._noproof_registered(
                partner.noproof_id_number, exclude=partner, domain=[("company_id", "=", partner.company_id.id)]
            )
            if existing:
                raise ValidationError(
                    _(
                        "%(name)s (%(number)s) is already registered with this identity number at %(level)s. "
                        "Choose %(name)s as the applicant instead of registering the person again.",
                        name=existing.name,
                        number=existing.noproof_id_number_masked,
                        level=existing.company_id.name or _("this level"),
                    )
                )

    @api.model
    def _noproof_stdnum_reason(self, error):
        if isinstance(error, stdnum_exceptions.InvalidChecksum):
            return _("wrong check digit")
        if isinstance(error, stdnum_exceptions.InvalidLength):
            return _("wrong length")
        if isinstance(error, stdnum_exceptions.InvalidFormat):
            return _("wrong format")
        return _("invalid component, such as region or birth date")
