import hashlib
import json
from json.encoder import c_make_encoder, encode_basestring

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .append_only import install_append_only

ENTRY_TYPES = [
    ("supplement_request", "Supplement Request"),
    ("voluntary_provision", "Voluntary Provision"),
    ("query_authorization", "Query Authorization"),
    ("data_query", "Shared-Data Query"),
    ("onsite_check", "On-Site Check"),
    ("third_party_check", "Third-Party Check"),
    ("outbound_certificate", "Outbound Certificate"),
    ("offline_exchange", "Offline Information Exchange"),
    ("false_commitment", "False Commitment"),
    ("information_use", "Use of Obtained Information"),
    ("correction", "Correction"),
    ("ticket_change", "Verification Ticket Changed"),
    ("exchange_message", "Message Exchanged with Another Instance"),
]

# How information travels between organizations. Luzhou art. 11: requests go through the
# platform's verification module; until it runs fully, organizations may exchange information by
# official document, fax, WeChat, QQ, DingTalk groups and the like (公文流转、传真、微信、QQ、钉钉群等),
# "except for matters involving state secrets and work secrets". ONE rule for the ledger's offline
# exchanges and the verification tickets: ``noproof.ledger.entry._noproof_check_channel``.
EXCHANGE_CHANNELS = [
    ("system", "Verification System"),
    ("document", "Official Document"),
    ("fax", "Fax"),
    ("wechat", "WeChat"),
    ("qq", "QQ"),
    ("dingtalk", "DingTalk"),
    ("other", "Other"),
]
# The channels the article lists ("等" includes any other way outside the platform).
OFFLINE_CHANNELS = ("document", "fax", "wechat", "qq", "dingtalk", "other")
# What an offline-exchange entry of the ledger may name.
CHANNELS = [(key, label) for key, label in EXCHANGE_CHANNELS if key in OFFLINE_CHANNELS]
INSTANT_MESSAGING = ("wechat", "qq", "dingtalk")
# The classified matters of Luzhou art. 11 (涉及国家秘密和工作秘密事项).
CLASSIFICATIONS = [
    ("work_secret", "Work Secret"),
    ("state_secret", "State Secret"),
]
# The level setting res.company.noproof_classified_channels.
CLASSIFIED_CHANNEL_RULES = [
    ("refuse", "Classified matters only through the verification system (Luzhou art. 11)"),
    ("allow", "No statutory restriction of channels"),
]

# What some entry types carry besides who, whom and what (Luzhou art. 16, art. 11 …).
DETAIL_FIELDS = (
    "contact",
    "purpose",
    "requesting_unit",
    "material",
    "counterparty",
    "location",
    "channel",
    "is_classified",
    "result",
)
# Type-specific values added after the first entries were chained: hashed after the
# other values only when set, so that every earlier entry keeps its hash.
EXTENSION_FIELDS = ("classification",)
# Type-specific values ``record()`` accepts as keyword arguments.
TYPE_FIELDS = ("applicant_name", "certificate_name", *DETAIL_FIELDS, *EXTENSION_FIELDS)

# What each entry type must carry, and the article that asks for the record.
# A requirement is a tuple of field names of which at least one must be set;
# "attachments" stands for the files handed to record().
REQUIREMENTS = {
    "supplement_request": ("Taizhou art. 12, Luzhou art. 15", [("reason",), ("res_model",)]),
    "voluntary_provision": ("Taizhou art. 15", [("applicant_name",), ("certificate_name",)]),
    "query_authorization": ("Taizhou art. 14", [("applicant_name",), ("attachments",)]),
    "data_query": ("Taizhou art. 10, Luzhou art. 13", [("res_model", "applicant_name")]),
    "onsite_check": (
        "Taizhou art. 13 ¶1, Luzhou art. 14 ¶1",
        [("res_model", "applicant_name"), ("result", "reason")],
    ),
    "third_party_check": (
        "Taizhou art. 13 ¶2, Luzhou art. 14 ¶2",
        [("counterparty",), ("res_model", "applicant_name"), ("result", "reason")],
    ),
    "outbound_certificate": (
        "Luzhou art. 16",
        [("applicant_name",), ("contact",), ("certificate_name",), ("purpose",), ("requesting_unit",)],
    ),
    "offline_exchange": ("Luzhou art. 11", [("channel",), ("counterparty",), ("res_model", "reason")]),
    "false_commitment": ("Taizhou art. 8 ¶3", [("applicant_name",), ("reason",)]),
    "information_use": ("Taizhou art. 16, Luzhou art. 18", [("applicant_name",), ("purpose",)]),
    "correction": ("Taizhou art. 12 ¶2, Luzhou art. 16 ¶2", [("corrects_id",), ("reason",)]),
    # A verifier reclassified or forwarded a ticket sent to the wrong archive or organization.
    "ticket_change": ("Taizhou art. 11, Luzhou arts. 9-10", [("res_model",), ("reason",)]),
    # The message log of the exchange between instances (noproof_catalog): envelope and receipt.
    "exchange_message": ("Taizhou art. 11, Luzhou art. 11", [("counterparty",), ("res_model",), ("attachments",)]),
}

# The canonical serialization: these columns, in this order, then the
# attachments' [name, sha1] pairs and the previous entry's hash.
HASH_VERSION = "noproof-ledger/1"
HASHED_FIELDS = (
    "company_id",
    "sequence",
    "date",
    "entry_type",
    "user_id",
    "organization_id",
    "applicant_id",
    "applicant_name",
    "item_id",
    "certificate_id",
    "certificate_name",
    "reason",
    "res_model",
    "res_id",
    "document_name",
    "corrects_id",
    *DETAIL_FIELDS,
)
GENESIS_HASH = "0" * 64
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def _refuse(value):
    raise TypeError(f"{value!r} has no canonical form")


# Compact JSON, UTF-8 kept as is: json.dumps(..., ensure_ascii=False, separators=(",", ":")).
# The C encoder is built once (json.dumps builds one per call), a third less time when
# verifying a long chain; interpreters without it fall back to the same output.
if c_make_encoder is not None:
    _C_ENCODER = c_make_encoder(None, _refuse, encode_basestring, None, ":", ",", False, False, False)

    def _encode(obj):
        return "".join(_C_ENCODER(obj, 0))

else:  # pragma: no cover
    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_refuse).encode


def hash_extension(values):
    """The ``[name, value]`` pairs of the EXTENSION_FIELDS ``values`` that are set."""
    return [[name, value] for name, value in zip(EXTENSION_FIELDS, values, strict=True) if value]


def canonical_payload(values, attachments, prev_hash, extension=None):
    """The canonical serialization of one entry.

    ``values`` is the sequence of the HASHED_FIELDS values, ``date`` already
    formatted with DATE_FORMAT and empty values as None; ``attachments`` the
    sorted list of ``[name, sha1]`` pairs; ``extension`` the pairs of
    :func:`hash_extension`, appended only when there are any. Compact JSON, UTF-8.
    """
    payload = [HASH_VERSION, *values, attachments, prev_hash]
    if extension:
        payload.append(extension)
    return _encode(payload).encode()


def entry_hash(values, attachments, prev_hash, extension=None):
    return hashlib.sha256(canonical_payload(values, attachments, prev_hash, extension)).hexdigest()


class NoproofLedgerEntry(models.Model):
    """A record kept for inspection (台账记录, 留存备查).

    Entries are appended with :meth:`record` and never change: write and unlink
    are refused to everyone, the superuser included. A mistake is corrected by
    a new entry that references the one it corrects. Each level's (company's)
    entries form a SHA-256 hash chain; ``noproof.ledger.chain`` verifies it.
    """

    _name = "noproof.ledger.entry"
    _description = "Ledger Entry"
    _order = "date desc, id desc"
    _rec_names_search = ["applicant_name", "certificate_name", "document_name", "reason"]

    sequence = fields.Integer(string="No.", required=True, readonly=True)
    date = fields.Datetime(string="Recorded On", required=True, readonly=True, index=True)
    entry_type = fields.Selection(ENTRY_TYPES, string="Type", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Recorded By", required=True, readonly=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", string="Level", required=True, readonly=True, ondelete="restrict")
    organization_id = fields.Many2one(
        "noproof.organization", string="Organization", readonly=True, index=True, ondelete="restrict"
    )
    applicant_id = fields.Many2one(
        "res.partner", string="Applicant", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    # Searched by part of a name in the ledger list (a trigram index: 1,000,000 entries, scripts/bench_screens.py).
    applicant_name = fields.Char(
        readonly=True, index="trigram", help="The applicant's name as it was when the entry was recorded."
    )
    applicant_id_number_masked = fields.Char(
        related="applicant_id.noproof_id_number_masked", string="Identity Number (Masked)"
    )
    item_id = fields.Many2one(
        "noproof.service.item", string="Service Item", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    certificate_id = fields.Many2one(
        "noproof.certificate", string="Certificate", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    certificate_name = fields.Char(
        readonly=True, help="Name of the certificate concerned, as it was when the entry was recorded."
    )
    reason = fields.Text(readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", readonly=True)
    document_name = fields.Char(string="Document", readonly=True, help="What the entry documents, e.g. a case.")
    corrects_id = fields.Many2one(
        "noproof.ledger.entry", string="Corrects", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    correction_ids = fields.One2many("noproof.ledger.entry", "corrects_id", string="Corrections")
    is_corrected = fields.Boolean(compute="_compute_is_corrected", string="Corrected")
    # Type-specific values
    contact = fields.Char(help="How to reach the applicant (Luzhou art. 16).")
    purpose = fields.Char(help="What the certificate or the information is used for.")
    requesting_unit = fields.Char(help="The out-of-city body that asks for the certificate (Luzhou art. 16).")
    material = fields.Char(string="Material", help="The material asked for or provided.")
    counterparty = fields.Char(
        help="The institution queried, the third party commissioned or the organization exchanged with."
    )
    location = fields.Char(help="Where the on-site check took place.")
    channel = fields.Selection(CHANNELS, help="How the information was exchanged (Luzhou art. 11).")
    is_classified = fields.Boolean(string="Classified Matter")
    classification = fields.Selection(
        CLASSIFICATIONS,
        readonly=True,
        help="The state or work secret the matter involves (Luzhou art. 11); such matters may not be exchanged "
        "by the offline channels where the level's setting refuses them.",
    )
    result = fields.Text(string="Findings")
    # Integrity
    prev_hash = fields.Char(string="Previous Hash", readonly=True)
    entry_hash = fields.Char(readonly=True)
    attachment_ids = fields.One2many(
        "ir.attachment", "res_id", string="Attachments", domain=[("res_model", "=", "noproof.ledger.entry")]
    )
    attachment_count = fields.Integer(compute="_compute_attachment_count")

    _sql_constraints = [
        ("sequence_uniq", "unique(company_id, sequence)", "Each entry of a level has its own number."),
    ]

    def init(self):
        install_append_only(self.env.cr, self._table)
        # Documents look up their entries by (res_model, res_id).
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS noproof_ledger_entry_document_idx
               ON noproof_ledger_entry (res_model, res_id) WHERE res_model IS NOT NULL"""
        )

    @api.depends("entry_type", "sequence", "company_id")
    def _compute_display_name(self):
        labels = dict(self._fields["entry_type"]._description_selection(self.env))
        for entry in self:
            entry.display_name = _(
                "%(level)s #%(sequence)s %(type)s",
                level=entry.company_id.name or "",
                sequence=entry.sequence,
                type=labels.get(entry.entry_type, ""),
            )

    @api.depends("correction_ids")
    def _compute_is_corrected(self):
        corrected = (
            set(self.sudo().search([("corrects_id", "in", self.ids)]).mapped("corrects_id").ids) if self.ids else set()
        )
        for entry in self:
            entry.is_corrected = entry.id in corrected

    def _compute_attachment_count(self):
        counts = dict(
            self.env["ir.attachment"]
            .sudo()
            ._read_group([("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["__count"])
        )
        for entry in self:
            entry.attachment_count = counts.get(entry.id, 0)

    # ------------------------------------------------------------------ append-only
    @api.model_create_multi
    def create(self, vals_list):
        raise UserError(
            _(
                "Ledger entries are recorded by the No-Proof City workflows or with the "
                '"Record an Entry" wizard; they cannot be created or duplicated directly.'
            )
        )

    def write(self, vals):
        raise UserError(
            _(
                "Ledger entries are kept for inspection and can never be changed. "
                "To correct %(entry)s, record a correction that references it.",
                entry=self[:1].sudo().display_name,
            )
        )

    def unlink(self):
        raise UserError(
            _(
                "Ledger entries are kept for inspection and can never be deleted. "
                "To void %(entry)s, record a correction that references it.",
                entry=self[:1].sudo().display_name,
            )
        )

    # ------------------------------------------------------------------ record()
    @api.private
    @api.model
    def record(
        self,
        entry_type,
        company=None,
        organization=None,
        applicant=None,
        item=None,
        certificate=None,
        reason=None,
        document=None,
        attachments=None,
        corrects=None,
        **values,
    ):
        """Append one entry to the ledger of its level and return it.

        :param str entry_type: one of ENTRY_TYPES
        :param company: res.company; default: the organization's, else env.company
        :param organization: noproof.organization acting
        :param applicant: res.partner
        :param item: noproof.service.item
        :param certificate: noproof.certificate
        :param str reason: why (the mismatch, the false statement, the correction …)
        :param document: any record the entry documents (a case, a check, a ticket)
        :param attachments: ir.attachment records holding files, or (filename, bytes) pairs
        :param corrects: the noproof.ledger.entry this one corrects
        :param values: type-specific values, see TYPE_FIELDS

        Each type requires what its article asks for (see REQUIREMENTS); when
        something is missing a ValidationError says what, and nothing is written.
        Attachment records must be readable by the calling user. Not callable over
        RPC (``@api.private``): the web client records through the wizard.
        Any internal user of the No-Proof City groups may record; the entry is
        written with superuser rights after validation, under a per-level lock
        that keeps the hash chain linear (a concurrent append waits, and is
        retried by the framework if the other one committed first).
        """
        self._check_may_record()
        vals = self._prepare_record_values(
            entry_type, company, organization, applicant, item, certificate, reason, document, corrects, values
        )
        files = self._prepare_record_files(attachments)
        self._check_record_requirements(vals, files)
        entry = self.sudo()._append(vals, files)
        return self.browse(entry.id)

    @api.private
    @api.model
    def _record_many(self, records):
        """Append several entries — ``records``, a list of dicts of :meth:`record`'s arguments,
        ``entry_type`` included — and return them in that order: each checked as ``record()``
        checks it (nothing is written if one is refused), then each level's chain locked once
        and its entries inserted in one statement. For callers that log many events of one
        transaction (the messages of an exchange batch)."""
        self._check_may_record()
        prepared = []
        for arguments in records:
            arguments = dict(arguments)
            entry_type = arguments.pop("entry_type")
            attachments = arguments.pop("attachments", None)
            named = {
                name: arguments.pop(name, None)
                for name in ("company", "organization", "applicant", "item", "certificate", "reason", "document")
            }
            corrects = arguments.pop("corrects", None)
            vals = self._prepare_record_values(
                entry_type,
                named["company"],
                named["organization"],
                named["applicant"],
                named["item"],
                named["certificate"],
                named["reason"],
                named["document"],
                corrects,
                arguments,
            )
            files = self._prepare_record_files(attachments)
            self._check_record_requirements(vals, files)
            prepared.append((vals, files))
        entries = self.sudo()._append_many(prepared)
        return self.browse(entries.ids)

    @api.model
    def _append_many(self, prepared):
        """:meth:`_append` for ``[(vals, files)]``: per level, one lock of the chain head, one
        INSERT of the entries linked one to the next, one move of the head."""
        ids = [None] * len(prepared)
        by_company = {}
        for index, (vals, __) in enumerate(prepared):
            by_company.setdefault(vals["company_id"], []).append(index)
        now = self.env.cr.now()
        date = fields.Datetime.now()
        attachments = []
        for company_id, indexes in by_company.items():
            chain, sequence, last_hash = self.env["noproof.ledger.chain"]._lock_head(company_id)
            rows = []
            for index in indexes:
                vals, files = prepared[index]
                sequence += 1
                vals.update(sequence=sequence, prev_hash=last_hash, date=date, user_id=self.env.uid)
                digest = sorted([file["name"], file["checksum"]] for file in files)
                vals["entry_hash"] = entry_hash(self._hash_values(vals), digest, last_hash, self._hash_extension(vals))
                last_hash = vals["entry_hash"]
                rows.append(
                    {
                        **vals,
                        "create_uid": self.env.uid,
                        "create_date": now,
                        "write_uid": self.env.uid,
                        "write_date": now,
                    }
                )
            names = list(rows[0])
            self.env.cr.execute(
                SQL(
                    """WITH entries AS (INSERT INTO noproof_ledger_entry (%s) VALUES %s RETURNING id, sequence)
                       UPDATE noproof_ledger_chain
                          SET last_sequence = %s, last_hash = %s, last_date = %s, write_uid = %s, write_date = %s
                        WHERE id = %s
                    RETURNING (SELECT array_agg(id ORDER BY sequence) FROM entries)""",
                    SQL(", ").join(SQL.identifier(name) for name in names),
                    SQL(", ").join(SQL("%s", tuple(row[name] for name in names)) for row in rows),
                    sequence,
                    last_hash,
                    date,
                    self.env.uid,
                    now,
                    chain.id,
                )
            )
            for index, entry_id in zip(indexes, self.env.cr.fetchone()[0], strict=False):
                ids[index] = entry_id
                vals, files = prepared[index]
                if vals["corrects_id"]:
                    self.browse(vals["corrects_id"]).invalidate_recordset(["correction_ids"])
                attachments += [
                    {"name": file["name"], "raw": file["raw"], "res_model": self._name, "res_id": entry_id}
                    for file in files
                ]
            chain.invalidate_recordset(["last_sequence", "last_hash", "last_date", "write_uid", "write_date"])
        if attachments:
            self.env["ir.attachment"].create(attachments)
        return self.browse(ids)

    @api.model
    def _check_may_record(self):
        if self.env.su:
            return
        user = self.env.user
        if not (user.has_group("noproof_catalog.group_clerk") or user.has_group("noproof_catalog.group_verifier")):
            raise AccessError(
                _(
                    "%(user)s may not record ledger entries: only No-Proof City staff (clerks, verifiers "
                    "and the office) can. Ask your administrator for the right group.",
                    user=user.name,
                )
            )

    @api.model
    def _record_argument(self, value, model, field_name):
        """The id of ``value``, a record of ``model`` or nothing."""
        if value is None or value is False:
            return None
        if not isinstance(value, models.BaseModel) or value._name != model or len(value) > 1:
            label = self._fields[field_name].string
            if isinstance(value, models.BaseModel) and value._name == model:
                raise ValidationError(
                    _("A ledger entry concerns a single %(label)s, not %(count)s.", label=label, count=len(value))
                )
            raise ValidationError(
                _("%(label)s must be a record of %(model)s, not %(value)r.", label=label, model=model, value=value)
            )
        return value.id or None

    @api.model
    def _prepare_record_values(
        self, entry_type, company, organization, applicant, item, certificate, reason, document, corrects, values
    ):
        if entry_type not in dict(ENTRY_TYPES):
            raise ValidationError(
                _(
                    "%(type)r is not a kind of ledger entry. Use one of: %(types)s.",
                    type=entry_type,
                    types=", ".join(key for key, __ in ENTRY_TYPES),
                )
            )
        unknown = set(values) - set(TYPE_FIELDS)
        if unknown:
            raise ValidationError(
                _(
                    "A ledger entry has no %(fields)s. Type-specific values are: %(known)s.",
                    fields=", ".join(sorted(unknown)),
                    known=", ".join(TYPE_FIELDS),
                )
            )
        vals = {"entry_type": entry_type}
        vals["organization_id"] = self._record_argument(organization, "noproof.organization", "organization_id")
        vals["applicant_id"] = self._record_argument(applicant, "res.partner", "applicant_id")
        vals["item_id"] = self._record_argument(item, "noproof.service.item", "item_id")
        vals["certificate_id"] = self._record_argument(certificate, "noproof.certificate", "certificate_id")
        vals["corrects_id"] = self._record_argument(corrects, "noproof.ledger.entry", "corrects_id")
        company_id = self._record_argument(company, "res.company", "company_id")
        organization = organization and organization.sudo()
        if organization and company_id and organization.company_id.id != company_id:
            raise ValidationError(
                _(
                    "%(organization)s belongs to %(level)s, not to %(other)s: record the entry at the "
                    "organization's level.",
                    organization=organization.name,
                    level=organization.company_id.name,
                    other=company.name,
                )
            )
        vals["company_id"] = company_id or (organization.company_id.id if organization else self.env.company.id)

        for name in TYPE_FIELDS:
            value = values.get(name)
            if name == "is_classified":
                vals[name] = bool(value)
                continue
            if value is None or value is False:
                vals[name] = None
                continue
            if not isinstance(value, str):
                raise ValidationError(
                    _("%(field)s must be text, not %(value)r.", field=self._fields[name].string, value=value)
                )
            vals[name] = value.strip() or None
        if vals["classification"] and vals["classification"] not in dict(CLASSIFICATIONS):
            raise ValidationError(
                _(
                    "%(classification)r is not a classification. Use one of: %(classifications)s.",
                    classification=vals["classification"],
                    classifications=", ".join(key for key, __ in CLASSIFICATIONS),
                )
            )
        if vals["classification"]:
            vals["is_classified"] = True
        if vals["channel"] and vals["channel"] not in dict(CHANNELS):
            raise ValidationError(
                _(
                    "%(channel)r is not a channel. Use one of: %(channels)s.",
                    channel=vals["channel"],
                    channels=", ".join(key for key, __ in CHANNELS),
                )
            )
        if reason is not None and reason is not False and not isinstance(reason, str):
            raise ValidationError(_("The reason must be text, not %(value)r.", value=reason))
        vals["reason"] = (reason or "").strip() or None
        if not vals["applicant_name"] and applicant:
            vals["applicant_name"] = applicant.sudo().name or None
        if not vals["certificate_name"] and certificate:
            vals["certificate_name"] = certificate.sudo().name or None

        vals["res_model"] = vals["res_id"] = vals["document_name"] = None
        if document is not None and document is not False:
            if not isinstance(document, models.BaseModel) or len(document) != 1 or not isinstance(document.id, int):
                raise ValidationError(
                    _("The document must be one saved record (e.g. a case), not %(value)r.", value=document)
                )
            vals["res_model"] = document._name
            vals["res_id"] = document.id
            vals["document_name"] = document.sudo().display_name or None

        if vals["corrects_id"]:
            corrected = corrects.sudo()
            if corrected.company_id.id != vals["company_id"]:
                raise ValidationError(
                    _(
                        "%(entry)s belongs to the ledger of %(level)s: record its correction at that level.",
                        entry=corrected.display_name,
                        level=corrected.company_id.name,
                    )
                )
        return vals

    @api.model
    def _prepare_record_files(self, attachments):
        """Turn ``attachments`` into ``[{name, raw, checksum}]``, refusing anything that is not a file."""
        if not attachments:
            return []
        if isinstance(attachments, tuple):  # a single (filename, bytes) pair
            attachments = [attachments]
        files = []
        for attachment in attachments:
            if isinstance(attachment, models.BaseModel) and attachment._name == "ir.attachment":
                attachment._noproof_check_readable()
                for att in attachment.sudo():
                    raw = att.raw if att.type == "binary" else None
                    if not raw:
                        raise ValidationError(
                            _(
                                "The attachment %(name)s holds no file (it is a link or empty): attach the "
                                "scanned document itself.",
                                name=att.name,
                            )
                        )
                    files.append({"name": att.name, "raw": raw})
                continue
            if (
                isinstance(attachment, tuple | list)
                and len(attachment) == 2
                and isinstance(attachment[0], str)
                and attachment[0].strip()
                and isinstance(attachment[1], bytes | bytearray)
                and attachment[1]
            ):
                files.append({"name": attachment[0].strip(), "raw": bytes(attachment[1])})
                continue
            raise ValidationError(
                _(
                    "%(value)r is not a file. Attach an ir.attachment holding a file, or a "
                    "(filename, bytes) pair with the file's content.",
                    value=attachment
                    if not isinstance(attachment, tuple | list)
                    else tuple(
                        item if not isinstance(item, bytes | bytearray) else f"<{len(item)} bytes>"
                        for item in attachment
                    ),
                )
            )
        for file in files:
            file["checksum"] = hashlib.sha1(file["raw"]).hexdigest()
        return files

    @api.model
    def _check_record_requirements(self, vals, files):
        entry_type = vals["entry_type"]
        __, requirements = REQUIREMENTS[entry_type]
        present = {name for name, value in vals.items() if value}
        if files:
            present.add("attachments")
        missing = [alternatives for alternatives in requirements if not present.intersection(alternatives)]
        if vals["corrects_id"] and "reason" not in present and ("reason",) not in missing:
            missing.append(("reason",))
        type_label = dict(self._fields["entry_type"]._description_selection(self.env))[entry_type]
        if missing:
            labels = self._requirement_labels()
            raise ValidationError(
                _(
                    "This %(type)s entry needs %(missing)s (%(article)s). Fill them in and record it again; "
                    "nothing was recorded.",
                    type=type_label,
                    missing=_(" and ").join(
                        _(" or ").join(labels[name] for name in alternatives) for alternatives in missing
                    ),
                    article=self._noproof_requirement_article(
                        entry_type, self.env["res.company"].browse(vals["company_id"])
                    ),
                )
            )
        if entry_type == "offline_exchange":
            company = self.env["res.company"].browse(vals["company_id"])
            self._noproof_check_channel(vals["channel"], vals["classification"] or vals["is_classified"], company)

    # ------------------------------------------------------------------ Luzhou art. 11
    @api.model
    def _noproof_classified_channel_rule(self, company=None):
        """The level setting in force at ``company`` (default: the current one): ``refuse``
        or ``allow``. A level where nothing is set, here or above, refuses."""
        company = company or self.env.company
        return company._noproof_setting("noproof_classified_channels") or "refuse"

    @api.model
    def _noproof_channel_refusal(self, channel, classification, company=None):
        """Why ``channel`` may not carry a matter of ``classification`` at ``company``'s
        level, or an empty string when it may. See :meth:`_noproof_check_channel`."""
        if not channel or channel not in OFFLINE_CHANNELS or not classification:
            return ""
        company = company or self.env.company
        if self._noproof_classified_channel_rule(company) != "refuse":
            return ""
        # Labels in the language of the message (a call without a context speaks the user's).
        env = self.env(context=dict(self.env.context, lang=self.env.lang or self.env.user.lang))
        channel_labels = dict(self._fields["channel"]._description_selection(env))
        classification_labels = dict(self._fields["classification"]._description_selection(env))
        return _(
            "A matter involving a %(classification)s may not be exchanged by %(channel)s (%(article)s): only "
            "matters that involve no state or work secret may use official documents, fax, WeChat, QQ, DingTalk "
            "or other channels outside the platform. Send the request through the verification system; nothing "
            "was recorded or sent.",
            classification=classification_labels.get(classification) or _("state or work secret"),
            channel=channel_labels.get(channel, channel),
            article=company._noproof_cite(luzhou="Luzhou art. 11"),
        )

    @api.model
    def _noproof_check_channel(self, channel, classification, company=None):
        """THE rule of Luzhou art. 11, for the ledger's offline exchanges and the verification tickets.

        :param str channel: a key of EXCHANGE_CHANNELS (``system`` is always allowed)
        :param classification: a key of CLASSIFICATIONS, ``True`` for a classified matter of
            unstated level, or a false value for a matter that is not classified
        :param company: the level whose setting ``noproof_classified_channels`` applies
            (the level of the organization that sends or records); default: the current company
        :raises ValidationError: naming the article, when the level refuses classified matters
            on the offline channels (OFFLINE_CHANNELS) and ``channel`` is one of them
        """
        message = self._noproof_channel_refusal(channel, classification, company)
        if message:
            raise ValidationError(message)

    @api.model
    def _noproof_requirement_article(self, entry_type, company):
        """The article a type of entry is kept under, as quoted at ``company``'s level."""
        article = REQUIREMENTS[entry_type][0]
        parts = article.split(", ")
        taizhou = ", ".join(part for part in parts if part.startswith("Taizhou")) or None
        luzhou = ", ".join(part for part in parts if part.startswith("Luzhou")) or None
        return company._noproof_cite(taizhou=taizhou, luzhou=luzhou)

    @api.model
    def _requirement_labels(self):
        labels = {name: self._fields[name].string for name in self._fields}
        labels.update(
            {
                "applicant_name": _("the applicant"),
                "certificate_name": _("the certificate"),
                "res_model": _("the document it concerns (e.g. the case)"),
                "attachments": _("the attached letter or document"),
                "corrects_id": _("the entry it corrects"),
                "reason": _("a reason"),
                "result": _("the findings"),
                "contact": _("the applicant's contact"),
                "purpose": _("the purpose"),
                "requesting_unit": _("the requesting unit"),
                "counterparty": _("the counterparty"),
                "channel": _("the channel"),
            }
        )
        return labels

    # ------------------------------------------------------------------ chain
    @api.model
    def _hash_values(self, vals):
        """The HASHED_FIELDS values of ``vals`` in canonical form."""
        return [vals["date"].strftime(DATE_FORMAT) if name == "date" else vals.get(name) for name in HASHED_FIELDS]

    @api.model
    def _hash_extension(self, vals):
        return hash_extension([vals.get(name) for name in EXTENSION_FIELDS])

    @api.model
    def _append(self, vals, files):
        """Lock the level's chain, link the entry to its head, then insert the entry and
        move the head in one statement (superuser; the ORM's create is refused to all)."""
        chain, last_sequence, last_hash = self.env["noproof.ledger.chain"]._lock_head(vals["company_id"])
        vals.update(
            sequence=last_sequence + 1,
            prev_hash=last_hash,
            date=fields.Datetime.now(),
            user_id=self.env.uid,
        )
        digest = sorted([file["name"], file["checksum"]] for file in files)
        vals["entry_hash"] = entry_hash(self._hash_values(vals), digest, last_hash, self._hash_extension(vals))
        now = self.env.cr.now()
        columns = {**vals, "create_uid": self.env.uid, "create_date": now, "write_uid": self.env.uid, "write_date": now}
        self.env.cr.execute(
            SQL(
                """WITH entry AS (INSERT INTO noproof_ledger_entry (%s) VALUES %s RETURNING id)
                   UPDATE noproof_ledger_chain
                      SET last_sequence = %s, last_hash = %s, last_date = %s, write_uid = %s, write_date = %s
                    WHERE id = %s
                RETURNING (SELECT id FROM entry)""",
                SQL(", ").join(SQL.identifier(name) for name in columns),
                tuple(columns.values()),
                vals["sequence"],
                vals["entry_hash"],
                vals["date"],
                self.env.uid,
                now,
                chain.id,
            )
        )
        entry = self.browse(self.env.cr.fetchone()[0])
        chain.invalidate_recordset(["last_sequence", "last_hash", "last_date", "write_uid", "write_date"])
        if vals["corrects_id"]:
            self.browse(vals["corrects_id"]).invalidate_recordset(["correction_ids"])
        if files:
            self.env["ir.attachment"].create(
                [
                    {"name": file["name"], "raw": file["raw"], "res_model": self._name, "res_id": entry.id}
                    for file in files
                ]
            )
        return entry

    # ------------------------------------------------------------------ actions
    def action_open_document(self):
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            raise UserError(_("The document of this entry no longer exists in this database."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(
                _("%(document)s has been deleted since the entry was recorded.", document=self.document_name)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }

    def action_correct(self):
        """Open the wizard that records a correction of this entry."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_ledger.action_noproof_ledger_record_wizard")
        context = {
            "default_corrects_id": self.id,
            "default_entry_type": self.entry_type,
            "default_organization_id": self.organization_id.id,
            "default_applicant_id": self.applicant_id.id,
            "default_item_id": self.item_id.id,
            "default_certificate_id": self.certificate_id.id,
        }
        # Names typed by hand are carried over; those of a record follow the record.
        if not self.applicant_id:
            context["default_applicant_name"] = self.applicant_name
        if not self.certificate_id:
            context["default_certificate_name"] = self.certificate_name
        for name in (*DETAIL_FIELDS, *EXTENSION_FIELDS):
            context[f"default_{name}"] = self[name]
        action["context"] = context
        return action

    def action_view_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Attachments"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"create": False, "edit": False, "delete": False},
        }

    # ------------------------------------------------------------------ demo
    @api.model
    def _demo_record(self, entries):
        """Record demo entries: ``entries`` is a list of dicts with ``user`` (id), ``entry_type`` and
        ids for ``organization``, ``applicant``, ``item``, ``certificate``, ``company``, a
        ``document`` as (model, id), ``attachments`` as (filename, text) pairs, ``corrects``
        as the index of an earlier entry of the list, and the type-specific values."""
        recorded = []
        models_by_key = {
            "organization": "noproof.organization",
            "applicant": "res.partner",
            "item": "noproof.service.item",
            "certificate": "noproof.certificate",
            "company": "res.company",
        }
        for spec in entries:
            spec = dict(spec)
            env = self.with_user(spec.pop("user")).env if spec.get("user") else self.env
            kwargs = {key: env[model].browse(spec.pop(key)) for key, model in models_by_key.items() if spec.get(key)}
            if spec.get("document"):
                model, res_id = spec.pop("document")
                kwargs["document"] = env[model].browse(res_id)
            if spec.get("attachments"):
                kwargs["attachments"] = [(name, text.encode()) for name, text in spec.pop("attachments")]
            if spec.get("corrects") is not None:
                kwargs["corrects"] = recorded[spec.pop("corrects")]
            entry_type = spec.pop("entry_type")
            recorded.append(env["noproof.ledger.entry"].record(entry_type, **kwargs, **spec))
        return [entry.id for entry in recorded]
