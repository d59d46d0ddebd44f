import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .append_only import install_append_only

_logger = logging.getLogger(__name__)


class NoproofLedgerPeerAnchor(models.Model):
    """The head of a supervised level's ledger chain (number, hash) as its instance sent
    it on a day, kept by the supervising level.

    Each anchor also re-states the hash the entries of earlier heads have now; they are
    compared with the heads held here when the anchor arrives: a chain rewritten on the
    other instance no longer matches and the record says where. Append-only, like the
    ledger (Taizhou arts. 12 ¶2, 15 ¶2, Luzhou art. 15 ¶2: records kept for inspection).
    """

    _name = "noproof.ledger.peer.anchor"
    _description = "Ledger Chain Head Received from a Supervised Level"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "entry_hash"
    _workflow_fields = (
        "peer_id",
        "company_id",
        "message_id",
        "level_ref",
        "level_name",
        "date",
        "sequence",
        "entry_hash",
        "received_at",
        "state",
        "compared_count",
        "mismatch_sequence",
        "mismatch",
    )

    peer_id = fields.Many2one(
        "noproof.exchange.peer", string="From Instance", required=True, readonly=True, index=True, ondelete="restrict"
    )
    # Set with the row: the level of this instance that deals with the peer and keeps its heads.
    company_id = fields.Many2one(
        "res.company", string="Kept By", required=True, readonly=True, index=True, ondelete="restrict"
    )
    message_id = fields.Many2one("noproof.exchange.message", string="Message", readonly=True, ondelete="restrict")
    level_ref = fields.Integer(
        string="Level Reference", required=True, readonly=True, help="The level's id on its instance."
    )
    level_name = fields.Char(string="Supervised Level", required=True, readonly=True)
    date = fields.Date(string="Published On", required=True, readonly=True, index=True)
    sequence = fields.Integer(string="Head No.", required=True, readonly=True)
    entry_hash = fields.Char(string="Head Hash", required=True, readonly=True)
    received_at = fields.Datetime(readonly=True)
    state = fields.Selection(
        [("ok", "Matches"), ("mismatch", "Rewritten")],
        string="Comparison",
        required=True,
        readonly=True,
        index=True,
        help="Whether the hashes the level's instance gives now for the heads held here are the ones it sent.",
    )
    compared_count = fields.Integer(string="Heads Compared", readonly=True)
    mismatch_sequence = fields.Integer(string="First Differing No.", readonly=True)
    mismatch = fields.Text(string="What Differs", readonly=True)

    _sql_constraints = [
        ("peer_level_date_uniq", "unique(peer_id, level_ref, date)", "A level's head of a day is received once."),
    ]

    def init(self):
        install_append_only(self.env.cr, self._table)

    @api.depends("level_name", "date", "sequence")
    def _compute_display_name(self):
        for anchor in self:
            anchor.display_name = _(
                "%(level)s %(date)s #%(sequence)s",
                level=anchor.level_name or "",
                date=anchor.date or "",
                sequence=anchor.sequence,
            )

    def write(self, vals):
        raise UserError(_("A chain head received from another instance is kept as received and cannot be changed."))

    def unlink(self):
        raise UserError(_("A chain head received from another instance is kept for inspection and cannot be deleted."))

    # ---------------------------------------------------------------- receiving
    @api.model
    def _noproof_receive(self, message, head, earlier):
        """Keep ``head`` (``level_ref``, ``level_name``, ``date``, ``sequence``, ``hash``, all
        checked by the message handler) sent by ``message``'s peer, after comparing ``earlier``
        (``{sequence: hash or None}``, the hashes the peer gives now for the numbers of earlier
        heads) with the heads held. Refuse a head that goes back. Return the new record."""
        peer = message.peer_id
        Held = self.sudo()
        domain = [("peer_id", "=", peer.id), ("level_ref", "=", head["level_ref"])]
        if Held.search_count(domain + [("date", "=", head["date"])], limit=1):
            raise UserError(
                _(
                    "The head of %(level)s of %(date)s is already held here: a level sends its head once a day.",
                    level=head["level_name"],
                    date=head["date"],
                )
            )
        before = Held.search(domain + [("date", "<", head["date"])], order="date desc, id desc", limit=1)
        after = Held.search(domain + [("date", ">", head["date"])], order="date asc, id asc", limit=1)
        for held, wrong in ((before, before.sequence > head["sequence"]), (after, after.sequence < head["sequence"])):
            if held and wrong:
                raise UserError(
                    _(
                        "Head #%(sequence)s of %(level)s on %(date)s contradicts head #%(held)s of %(held_date)s "
                        "held here: a ledger chain only grows. Ask the level why its ledger went back.",
                        sequence=head["sequence"],
                        level=head["level_name"],
                        date=head["date"],
                        held=held.sequence,
                        held_date=held.date,
                    )
                )
        given = dict(earlier)
        given.setdefault(head["sequence"], head["hash"])
        compared = Held.search(domain + [("sequence", "in", list(given))])
        differences = []
        for held in compared.sorted(lambda anchor: (anchor.sequence, anchor.date)):
            now = given[held.sequence]
            if now != held.entry_hash and held.sequence not in {number for number, _text in differences}:
                differences.append(
                    (
                        held.sequence,
                        _(
                            "Entry #%(sequence)s: on %(date)s its hash was %(held)s, now %(now)s.",
                            sequence=held.sequence,
                            date=held.date,
                            held=held.entry_hash,
                            now=now,
                        )
                        if now
                        else _(
                            "Entry #%(sequence)s (head of %(date)s, hash %(held)s) no longer exists.",
                            sequence=held.sequence,
                            date=held.date,
                            held=held.entry_hash,
                        ),
                    )
                )
        if before and before.sequence not in given:
            # The last head held must be re-stated: without it a rewrite would go unseen.
            differences.append(
                (
                    before.sequence,
                    _(
                        "Entry #%(sequence)s (head of %(date)s) was not re-stated: its hash now is unknown.",
                        sequence=before.sequence,
                        date=before.date,
                    ),
                )
            )
        differences.sort()
        record = Held._workflow_create(
            [
                {
                    "peer_id": peer.id,
                    "company_id": peer.company_id.id,
                    "message_id": message.id,
                    "level_ref": head["level_ref"],
                    "level_name": head["level_name"],
                    "date": head["date"],
                    "sequence": head["sequence"],
                    "entry_hash": head["hash"],
                    "received_at": fields.Datetime.now(),
                    "state": "mismatch" if differences else "ok",
                    "compared_count": len(set(compared.mapped("sequence"))),
                    "mismatch_sequence": differences[0][0] if differences else 0,
                    "mismatch": "\n".join(text for _number, text in differences) or False,
                }
            ]
        )
        if differences:
            record._noproof_raise_alarm()
        return record

    def _noproof_office_users(self):
        """Who is told: the head of the keeping level's office, else its staff."""
        self.ensure_one()
        office = self.company_id.sudo().noproof_office_id
        return office.head_id or office.user_ids

    def _noproof_raise_alarm(self):
        """A rewritten chain of a supervised level: an activity for the office and a note on the peer."""
        self.ensure_one()
        anchor = self.sudo()
        summary = _("Ledger of %(level)s was rewritten", level=anchor.level_name)
        note = _(
            "The instance %(peer)s sent the head of %(level)s of %(date)s; the hashes it gives now for heads held "
            "here differ:\n%(differences)s",
            peer=anchor.peer_id.name,
            level=anchor.level_name,
            date=anchor.date,
            differences=anchor.mismatch,
        )
        anchor.peer_id.message_post(body=note, subject=summary)
        users = anchor._noproof_office_users()
        if not users:
            _logger.warning(
                "The ledger of %s sent by %s was rewritten and %s has no office to tell.",
                anchor.level_name,
                anchor.peer_id.name,
                anchor.company_id.name,
            )
        for user in users:
            anchor.activity_schedule(
                "noproof_ledger.mail_activity_peer_anchor_mismatch", summary=summary, note=note, user_id=user.id
            )
