import re
from datetime import date, timedelta

from odoo import _, fields, models
from odoo.exceptions import ValidationError

from .noproof_ledger_anchor import ANCHOR_HISTORY, ANCHOR_MESSAGE

HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Earlier heads an anchor may re-state: the history, the last confirmed one, some slack.
MAX_EARLIER = ANCHOR_HISTORY + 10
MAX_SEQUENCE = 2**31 - 1


class NoproofExchangeMessage(models.Model):
    """Daily ledger anchors between instances: a level sends the head of its chain to its
    supervising authority's instance, which keeps it and compares the hashes of earlier
    heads it holds with what the level's ledger says now."""

    _inherit = "noproof.exchange.message"

    def _noproof_exchange_handlers(self):
        handlers = super()._noproof_exchange_handlers()
        handlers[ANCHOR_MESSAGE] = self._noproof_receive_ledger_anchor
        return handlers

    # ------------------------------------------------------------ checks
    @staticmethod
    def _noproof_anchor_sequence(value, what):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_SEQUENCE:
            raise ValidationError(
                _("%(what)s must be a whole number from 1 (an entry's number), not %(value)r.", what=what, value=value)
            )
        return value

    @staticmethod
    def _noproof_anchor_hash(value, what):
        if not isinstance(value, str) or not HASH_PATTERN.match(value):
            raise ValidationError(
                _(
                    "%(what)s must be a SHA-256 hash: 64 lowercase hexadecimal digits, not %(value)r.",
                    what=what,
                    value=value if not isinstance(value, str) else value[:80],
                )
            )
        return value

    def _noproof_anchor_payload(self, payload):
        """The head and the earlier hashes of an anchor payload, checked; a ValidationError
        saying what is wrong otherwise."""
        level = payload.get("level")
        if (
            not isinstance(level, dict)
            or isinstance(level.get("id"), bool)
            or not isinstance(level.get("id"), int)
            or level["id"] <= 0
            or not isinstance(level.get("name"), str)
            or not level["name"].strip()
            or len(level["name"]) > 200
        ):
            raise ValidationError(_("The level must be given by its id (a whole number) and its name (a short text)."))
        day = payload.get("date")
        try:
            if not isinstance(day, str) or not DATE_PATTERN.match(day):
                raise ValueError(day)
            day = date.fromisoformat(day)
        except ValueError as error:
            raise ValidationError(_("The date must be a day like 2026-01-31, not %(value)r.", value=day)) from error
        if day > fields.Date.context_today(self) + timedelta(days=1):
            raise ValidationError(
                _("The head is dated %(date)s, a day still to come here: check the clocks of both servers.", date=day)
            )
        sequence = self._noproof_anchor_sequence(payload.get("sequence"), _("The head's number"))
        head_hash = self._noproof_anchor_hash(payload.get("hash"), _("The head's hash"))
        items = payload.get("earlier", [])
        if not isinstance(items, list) or len(items) > MAX_EARLIER:
            raise ValidationError(
                _("The earlier heads must be a list of at most %(count)s numbers and hashes.", count=MAX_EARLIER)
            )
        earlier = {}
        for item in items:
            if not isinstance(item, dict) or set(item) != {"sequence", "hash"}:
                raise ValidationError(_("Each earlier head has exactly a number and a hash."))
            number = self._noproof_anchor_sequence(item["sequence"], _("An earlier head's number"))
            if number > sequence:
                raise ValidationError(
                    _(
                        "Earlier head #%(number)s comes after the head #%(sequence)s it is sent with.",
                        number=number,
                        sequence=sequence,
                    )
                )
            if number in earlier:
                raise ValidationError(_("Earlier head #%(number)s is given twice.", number=number))
            earlier[number] = (
                None if item["hash"] is None else self._noproof_anchor_hash(item["hash"], _("An earlier head's hash"))
            )
        head = {
            "level_ref": level["id"],
            "level_name": level["name"].strip(),
            "date": day,
            "sequence": sequence,
            "hash": head_hash,
        }
        return head, earlier

    # ----------------------------------------------------- supervising side
    def _noproof_receive_ledger_anchor(self, message, payload):
        head, earlier = self._noproof_anchor_payload(payload)
        record = self.env["noproof.ledger.peer.anchor"]._noproof_receive(message, head, earlier)
        result = {"state": record.state, "compared": record.compared_count}
        if record.state == "mismatch":
            result["first_differing"] = record.mismatch_sequence
        return result

    # ------------------------------------------------------ supervised side
    def _noproof_after_delivery(self, result):
        super()._noproof_after_delivery(result)
        if self.message_type != ANCHOR_MESSAGE or not isinstance(result, dict) or result.get("state") != "mismatch":
            return
        anchor = self._noproof_document()
        if anchor and anchor._name == "noproof.ledger.anchor":
            anchor._noproof_mismatch_reported(self.peer_id, result.get("first_differing"))
