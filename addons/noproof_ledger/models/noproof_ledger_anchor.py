import logging
import threading

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .append_only import install_append_only

_logger = logging.getLogger(__name__)

ANCHOR_MESSAGE = "noproof.ledger.anchor"
# How many earlier heads sent to a peer an anchor re-states (with the hash each of their
# entries has now), besides the last one the peer confirmed: a rewrite of the chain from
# any entry up to them changes these hashes.
ANCHOR_HISTORY = 30


class NoproofLedgerAnchor(models.Model):
    """The head of a level's chain (number, hash) as published on a day.

    Written once a day for each level with a chain, published on the public portal
    (/noproof/ledger/anchors) and printed on the evaluation report: a later rewrite of
    the ledger no longer reaches a published head. Append-only, like the entries.
    """

    _name = "noproof.ledger.anchor"
    _description = "Published Ledger Chain Head"
    _inherit = ["noproof.workflow.mixin"]
    _order = "date desc, company_id, id desc"
    _rec_name = "entry_hash"
    _workflow_fields = ("company_id", "date", "sequence", "entry_hash")

    company_id = fields.Many2one(
        "res.company", string="Level", required=True, readonly=True, index=True, ondelete="restrict", copy=False
    )
    date = fields.Date(string="Published On", required=True, readonly=True, index=True, copy=False)
    sequence = fields.Integer(string="Head No.", required=True, readonly=True, copy=False)
    entry_hash = fields.Char(string="Head Hash", required=True, readonly=True, copy=False)

    _sql_constraints = [
        ("company_date_uniq", "unique(company_id, date)", "A level publishes its chain head once a day."),
    ]

    def init(self):
        install_append_only(self.env.cr, self._table)

    @api.depends("company_id", "date", "sequence")
    def _compute_display_name(self):
        for anchor in self:
            anchor.display_name = _(
                "%(level)s %(date)s #%(sequence)s",
                level=anchor.company_id.name or "",
                date=anchor.date or "",
                sequence=anchor.sequence,
            )

    def write(self, vals):
        raise UserError(_("A published chain head is kept as it was published and cannot be changed."))

    def unlink(self):
        raise UserError(_("A published chain head is kept as it was published and cannot be deleted."))

    @api.model
    def _publish(self, date=None):
        """Publish today's head of every chain that has entries and has no anchor for the day yet.
        Idempotent: a second run the same day adds nothing. Return the new anchors."""
        date = date or fields.Date.context_today(self)
        self.env.flush_all()
        # One statement for all levels: the chain heads as they are now, skipping levels
        # already published today (the unique constraint settles a concurrent run).
        self.env.cr.execute(
            """INSERT INTO noproof_ledger_anchor
                      (company_id, date, sequence, entry_hash, create_uid, create_date, write_uid, write_date)
               SELECT chain.company_id, %(date)s, chain.last_sequence, chain.last_hash,
                      %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                 FROM noproof_ledger_chain chain
                WHERE chain.last_sequence > 0 AND chain.last_hash IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM noproof_ledger_anchor anchor
                                   WHERE anchor.company_id = chain.company_id AND anchor.date = %(date)s)
               ON CONFLICT (company_id, date) DO NOTHING
            RETURNING id""",
            {"date": date, "uid": self.env.uid},
        )
        anchors = self.browse([row[0] for row in self.env.cr.fetchall()])
        anchors._noproof_send_to_supervisors()
        return anchors

    def _noproof_send_to_supervisors(self):
        """Send each of these anchors to the peers representing its level's supervising
        authorities, with the hashes the entries of the earlier heads sent to the same peer
        have now: the other side compares them with the heads it holds, so that a chain
        rewritten since is caught there. Two queries for all levels and peers."""
        if not self:
            return self.env["noproof.exchange.message"]
        Peer = self.env["noproof.exchange.peer"].sudo()
        Message = self.env["noproof.exchange.message"].sudo()
        targets = {}
        for company in self.company_id:
            peers = Peer._noproof_supervising_peers(company)
            allowed = peers.filtered(lambda peer: ANCHOR_MESSAGE in peer.send_type_ids.mapped("code"))
            if peers - allowed:
                _logger.info(
                    "Ledger anchors of %s are not sent to %s: the peer does not take them from this instance.",
                    company.name,
                    ", ".join((peers - allowed).mapped("name")),
                )
            targets[company] = allowed
        pairs = [(peer.id, anchor.company_id.id) for anchor in self for peer in targets[anchor.company_id]]
        if not pairs:
            return Message.browse()
        earlier = self._noproof_earlier_heads(pairs)
        messages = Message.browse()
        for anchor in self.sudo():
            for peer in targets[anchor.company_id]:
                payload = {
                    "level": {"id": anchor.company_id.id, "name": anchor.company_id.name},
                    "date": fields.Date.to_string(anchor.date),
                    "sequence": anchor.sequence,
                    "hash": anchor.entry_hash,
                    "earlier": earlier.get((peer.id, anchor.company_id.id), []),
                }
                messages |= Message._noproof_send(peer, ANCHOR_MESSAGE, payload, document=anchor)
        return messages

    def _noproof_mismatch_reported(self, peer, sequence):
        """``peer`` (the supervising authority's instance) answered this anchor: the hashes
        this ledger gives now differ from the heads it holds, from entry ``sequence`` on.
        The level's office is told on its chain, as for a break its own check finds."""
        self.ensure_one()
        chain = self.env["noproof.ledger.chain"].sudo().search([("company_id", "=", self.company_id.id)], limit=1)
        if not chain:
            return
        summary = _("%(peer)s holds other heads of this ledger", peer=peer.name)
        note = _(
            "%(peer)s compared the head of %(date)s with the heads it holds and found that entry #%(sequence)s and "
            "later ones were rewritten since they were sent. Verify the chain and ask the database administrator "
            "what changed.",
            peer=peer.name,
            date=self.date,
            sequence=sequence if isinstance(sequence, int) else "?",
        )
        chain.message_post(body=note, subject=summary)
        for user in chain._office_users():
            chain.activity_schedule(
                "noproof_ledger.mail_activity_chain_broken", summary=summary, note=note, user_id=user.id
            )

    def _noproof_earlier_heads(self, pairs):
        """``{(peer id, level id): [{"sequence", "hash"}, …]}``: for the heads of the level
        sent to the peer before (the last ``ANCHOR_HISTORY`` ones and the last one it
        confirmed), the hash of the entry at their number as it is now (None if there is
        no longer such an entry). One query for all pairs."""
        self.env.flush_all()
        self.env.cr.execute(
            """WITH wanted AS (
                   SELECT * FROM unnest(%(peers)s::int[], %(levels)s::int[]) AS wanted(peer_id, company_id)
               ), sent AS (
                   SELECT message.peer_id, anchor.company_id, anchor.sequence, message.state,
                          row_number() OVER (PARTITION BY message.peer_id, anchor.company_id
                                                 ORDER BY anchor.date DESC, anchor.id DESC) AS recent,
                          row_number() OVER (PARTITION BY message.peer_id, anchor.company_id,
                                                          message.state = 'delivered'
                                                 ORDER BY anchor.date DESC, anchor.id DESC) AS confirmed
                     FROM noproof_exchange_message message
                     JOIN noproof_ledger_anchor anchor ON anchor.id = message.res_id
                     JOIN wanted ON wanted.peer_id = message.peer_id AND wanted.company_id = anchor.company_id
                    WHERE message.direction = 'out' AND message.message_type = %(type)s
                      AND message.res_model = 'noproof.ledger.anchor' AND NOT (anchor.id = ANY(%(new)s))
               )
               SELECT DISTINCT sent.peer_id, sent.company_id, sent.sequence, entry.entry_hash
                 FROM sent
            LEFT JOIN noproof_ledger_entry entry
                   ON entry.company_id = sent.company_id AND entry.sequence = sent.sequence
                WHERE sent.recent <= %(history)s OR (sent.state = 'delivered' AND sent.confirmed = 1)
             ORDER BY sent.peer_id, sent.company_id, sent.sequence""",
            {
                "peers": [peer_id for peer_id, _level in pairs],
                "levels": [level_id for _peer, level_id in pairs],
                "type": ANCHOR_MESSAGE,
                "new": list(self.ids),
                "history": ANCHOR_HISTORY,
            },
        )
        earlier = {}
        for peer_id, company_id, sequence, entry_hash in self.env.cr.fetchall():
            earlier.setdefault((peer_id, company_id), []).append({"sequence": sequence, "hash": entry_hash})
        return earlier

    @api.model
    def _cron_publish(self):
        anchors = self.sudo()._publish()
        self.env["ir.cron"]._notify_progress(done=len(anchors), remaining=0)
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()
        return len(anchors)

    @api.model
    def _latest_for(self, company):
        """The latest published head of ``company``'s chain (superuser record), or an empty record."""
        if not company:
            return self.sudo().browse()
        return self.sudo().search([("company_id", "=", company.id)], order="date desc, id desc", limit=1)

    @api.model
    def _public_heads(self, limit=30):
        """For the public page: {level: its latest ``limit`` anchors, newest first}, in one query."""
        self.env.cr.execute(
            """SELECT id FROM (
                   SELECT id, row_number() OVER (PARTITION BY company_id ORDER BY date DESC, id DESC) AS position
                     FROM noproof_ledger_anchor
               ) ranked
               WHERE position <= %s""",
            [limit],
        )
        anchors = (
            self.sudo()
            .browse([row[0] for row in self.env.cr.fetchall()])
            .sorted(lambda anchor: (anchor.company_id.id, anchor.date, anchor.id), reverse=True)
        )
        heads = {}
        for anchor in anchors:
            heads[anchor.company_id] = heads.get(anchor.company_id, self.sudo().browse()) | anchor
        return dict(sorted(heads.items(), key=lambda item: (item[0].parent_id.id or item[0].id, item[0].id)))
