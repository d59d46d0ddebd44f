from datetime import datetime

from odoo import _, fields, models
from odoo.exceptions import ValidationError

from ..tools import exchange
from .noproof_cancellation_list import LIST_FILING_TYPE
from .noproof_certificate_rule import DISPOSITIONS, EXCLUSIONS
from .noproof_enterprise_list import LIST_REVIEW_TYPE

MAX_FILED_LINES = 50000
MAX_FILED_ORGANIZATIONS = 50


class NoproofExchangeMessage(models.Model):
    """The messages of an enterprise's list filing (Taizhou art. 21, Luzhou arts. 4 and 24): the
    published version, from the enterprise's instance to its supervising authority's; the authority's
    review, back."""

    _inherit = "noproof.exchange.message"

    def _noproof_exchange_handlers(self):
        handlers = super()._noproof_exchange_handlers()
        handlers.update(
            {
                LIST_FILING_TYPE: self._noproof_receive_list_filing,
                LIST_REVIEW_TYPE: self._noproof_receive_list_review,
            }
        )
        return handlers

    # ------------------------------------------------------------ checks
    @staticmethod
    def _noproof_list_text(values, key, required=True, limit=500):
        value = values.get(key)
        if value is None or (not required and value == ""):
            if required:
                raise ValidationError(_("“%(key)s” is missing.", key=key))
            return False
        if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
            raise ValidationError(_("“%(key)s” must be a text of at most %(limit)s characters.", key=key, limit=limit))
        return value.strip()

    @staticmethod
    def _noproof_list_number(values, key):
        value = values.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**31:
            raise ValidationError(_("“%(key)s” must be a positive whole number.", key=key))
        return value

    @staticmethod
    def _noproof_list_time(values, key):
        try:
            return datetime.strptime(values.get(key), exchange.TIME_FORMAT)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("“%(key)s” must be a UTC time like 2026-01-31T08:00:00Z.", key=key)) from error

    def _noproof_list_organizations(self, peer, described):
        """The organizations a filing is made for: each one the sending instance represents here."""
        if not isinstance(described, list) or not described or len(described) > MAX_FILED_ORGANIZATIONS:
            raise ValidationError(_("A list filing names the enterprise organizations it is filed for."))
        represented = peer.sudo().organization_ids
        Organization = self.env["noproof.organization"].sudo().with_context(active_test=False)
        found = Organization.browse()
        for entry in described:
            if not isinstance(entry, dict):
                raise ValidationError(_("Each organization is described by its name and code."))
            name = self._noproof_list_text(entry, "name", limit=200)
            code = self._noproof_list_text(entry, "code", required=False, limit=64)
            match = (code and represented.filtered(lambda org, code=code: org.code == code)) or represented.filtered(
                lambda org, name=name: org.name == name
            )
            if match:
                found |= match[:1]
                continue
            domain = ["|", ("name", "=", name), ("code", "=", code)] if code else [("name", "=", name)]
            if Organization.search_count(domain, limit=1):
                raise ValidationError(
                    _(
                        "%(organization)s is not represented by the sending instance: it cannot file a list for "
                        "it here.",
                        organization=name,
                    )
                )
            raise ValidationError(
                _(
                    "No organization %(organization)s is known on this instance: the list cannot be filed here.",
                    organization=name,
                )
            )
        return found

    def _noproof_list_line_values(self, sequence, line):
        if not isinstance(line, dict):
            raise ValidationError(_("Each line of a filed list is an object."))
        disposition = line.get("disposition")
        if disposition not in dict(DISPOSITIONS):
            raise ValidationError(_("Unknown disposition %(disposition)r.", disposition=disposition))
        exclusion = line.get("exclusion")
        if exclusion is not None and exclusion not in dict(EXCLUSIONS):
            raise ValidationError(_("Unknown exclusion %(exclusion)r.", exclusion=exclusion))
        stopped = line.get("stopped_from")
        if stopped is not None:
            try:
                stopped = fields.Date.to_date(stopped) if isinstance(stopped, str) else None
            except ValueError:
                stopped = None
            if not stopped:
                raise ValidationError(_("“stopped_from” must be a date like 2026-01-31."))
        text = self._noproof_list_text
        return {
            "sequence": sequence,
            "item_code": text(line, "item_code", required=False, limit=64),
            "item_name": text(line, "item_name"),
            "organization_name": text(line, "organization", required=False),
            "certificate_name": text(line, "certificate"),
            "disposition": disposition,
            "alternative_method": text(line, "alternative_method", required=False, limit=10000),
            "legal_basis": text(line, "legal_basis", required=False, limit=2000),
            "assisting_organization_name": text(line, "assisting_organization", required=False),
            "date_stopped": stopped or False,
            "stop_basis": text(line, "lapsed_legal_basis", required=False, limit=2000),
            "exclusion": exclusion or False,
            "exclusion_reason": text(line, "exclusion_reason", required=False, limit=10000),
            "exclusion_article": text(line, "exclusion_article", required=False),
            "retention_approved": line.get("retention_approved") is True,
        }

    # ------------------------------------------------------ authority side
    def _noproof_receive_list_filing(self, message, payload):
        """An enterprise's published version arrives: a filed list for the office to review."""
        peer = message.peer_id
        organizations = self._noproof_list_organizations(peer, payload.get("organizations"))
        described = payload.get("list")
        if not isinstance(described, dict):
            raise ValidationError(_("A list filing describes the list version it files."))
        lines = payload.get("lines")
        if not isinstance(lines, list) or not lines or len(lines) > MAX_FILED_LINES:
            raise ValidationError(_("A filed list has between 1 and %(count)s lines.", count=MAX_FILED_LINES))
        line_values = [self._noproof_list_line_values(index, line) for index, line in enumerate(lines, 1)]
        version = self._noproof_list_number(described, "version")
        remote_id = self._noproof_list_number(described, "id")
        Filing = self.env["noproof.enterprise.list"].sudo()
        if Filing.search_count(
            [
                ("peer_id", "=", peer.id),
                ("remote_list_id", "=", remote_id),
                ("organization_ids", "in", organizations.ids),
            ],
            limit=1,
        ):
            raise ValidationError(_("Version %(version)s of this list was already filed here.", version=version))
        filing = Filing._workflow_create(
            [
                {
                    "name": self._noproof_list_text(described, "name"),
                    "peer_id": peer.id,
                    "company_id": peer.company_id.id,
                    "organization_ids": [fields.Command.set(organizations.ids)],
                    "enterprise_level": self._noproof_list_text(payload, "level", required=False, limit=200),
                    "filing_uuid": message.uuid,
                    "remote_list_id": remote_id,
                    "version": version,
                    "date_published": self._noproof_list_time(described, "published_at"),
                    "date_received": message.done_at,
                }
            ]
        )
        self.env["noproof.enterprise.list.line"].sudo()._workflow_create(
            [dict(values, list_id=filing.id) for values in line_values]
        )
        filing._noproof_mark_current()
        filing._noproof_notify_office()
        return {"filing": filing.display_name, "lines": len(line_values)}

    # ----------------------------------------------------- enterprise side
    def _noproof_receive_list_review(self, message, payload):
        """The supervising authority acknowledged a filed version or objected to it."""
        peer = message.peer_id
        filing_uuid = self._noproof_list_text(payload, "filing", limit=64)
        sent = self.sudo().search(
            [
                ("direction", "=", "out"),
                ("peer_id", "=", peer.id),
                ("uuid", "=", filing_uuid),
                ("message_type", "=", LIST_FILING_TYPE),
            ],
            limit=1,
        )
        lst = sent._noproof_document() if sent else None
        if not lst or lst._name != "noproof.cancellation.list":
            raise ValidationError(
                _("No list filing %(filing)s was sent to the sender from this instance.", filing=filing_uuid)
            )
        state = payload.get("state")
        if state not in ("acknowledged", "objected"):
            raise ValidationError(_("Unknown review %(state)r.", state=state))
        reason = self._noproof_list_text(payload, "reason", required=state == "objected", limit=10000)
        lst.sudo()._noproof_record_filing_review(
            peer,
            state,
            self._noproof_list_text(payload, "reviewed_by", limit=200),
            self._noproof_list_time(payload, "reviewed_at"),
            reason,
        )
        return {"list": lst.display_name, "state": state}
