import logging
import threading
import time
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .noproof_ledger_entry import EXTENSION_FIELDS, GENESIS_HASH, HASHED_FIELDS, entry_hash, hash_extension

_logger = logging.getLogger(__name__)

VERIFY_BATCH = 10000
# A chain verified more recently than this is not verified again by the nightly run.
VERIFY_INTERVAL = timedelta(hours=20)


class NoproofLedgerChain(models.Model):
    """The head of one level's hash chain, and where its verifications and alarms live.

    The head row is the per-level lock: ``record()`` locks it (SELECT … FOR
    UPDATE), links the new entry to ``last_hash`` and moves the head. Under
    PostgreSQL's repeatable-read isolation a transaction that waited for a
    concurrent append which committed meanwhile fails with a serialization
    error and is retried by Odoo, so the chain can neither fork nor lose an entry.
    """

    _name = "noproof.ledger.chain"
    _description = "Ledger Chain"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "company_id"
    # The head moves only with an append (in SQL, under the chain's lock).
    _workflow_fields = ("company_id", "last_sequence", "last_hash", "last_date")
    _rec_name = "company_id"

    company_id = fields.Many2one(
        "res.company", string="Level", required=True, readonly=True, copy=False, ondelete="restrict"
    )
    last_sequence = fields.Integer(string="Entries", readonly=True, copy=False)
    last_hash = fields.Char(string="Head Hash", readonly=True, copy=False)
    last_date = fields.Datetime(string="Last Entry On", readonly=True, copy=False)
    verification_ids = fields.One2many("noproof.ledger.verification", "chain_id", string="Verifications")
    last_verification_id = fields.Many2one(
        "noproof.ledger.verification", compute="_compute_last_verification", string="Last Verification"
    )
    state = fields.Selection(
        [("unverified", "Not Verified Yet"), ("valid", "Intact"), ("broken", "Broken")],
        compute="_compute_last_verification",
        search="_search_state",
        string="Status",
    )
    last_verified_on = fields.Datetime(compute="_compute_last_verification")
    message = fields.Text(compute="_compute_last_verification", string="Finding")

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "A level has one ledger chain."),
    ]

    def _latest_verifications(self):
        """{chain id: its latest verification}, in one query."""
        if not self.ids:
            return {}
        self.env["noproof.ledger.verification"].flush_model()
        self.env.cr.execute(
            """SELECT DISTINCT ON (chain_id) chain_id, id FROM noproof_ledger_verification
                WHERE chain_id = ANY(%s) ORDER BY chain_id, date DESC, id DESC""",
            [list(self.ids)],
        )
        Verification = self.env["noproof.ledger.verification"]
        return {chain_id: Verification.browse(vid) for chain_id, vid in self.env.cr.fetchall()}

    def _compute_last_verification(self):
        latest = self._latest_verifications()
        for chain in self:
            verification = latest.get(chain.id, self.env["noproof.ledger.verification"])
            chain.last_verification_id = verification
            chain.state = verification.state or "unverified"
            chain.last_verified_on = verification.date
            chain.message = verification.message

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(_("Unsupported search on the chain status."))
        values = {value} if isinstance(value, str) else set(value or ())
        chains = self.sudo().search([])
        latest = chains._latest_verifications()
        matching = [
            chain.id for chain in chains if (latest[chain.id].state if chain.id in latest else "unverified") in values
        ]
        return [("id", "in" if operator in ("=", "in") else "not in", matching)]

    # ------------------------------------------------------------------ head
    @api.model
    def _lock_head(self, company_id):
        """Lock the level's chain head, creating it on the first entry; return (chain, sequence, hash)."""
        cr = self.env.cr
        query = "SELECT id, last_sequence, last_hash FROM noproof_ledger_chain WHERE company_id = %s FOR UPDATE"
        cr.execute(query, [company_id])
        row = cr.fetchone()
        if not row:
            cr.execute(
                """INSERT INTO noproof_ledger_chain
                          (company_id, last_sequence, last_hash, create_uid, create_date, write_uid, write_date)
                   VALUES (%s, 0, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                   ON CONFLICT (company_id) DO NOTHING""",
                [company_id, GENESIS_HASH, self.env.uid, self.env.uid],
            )
            cr.execute(query, [company_id])
            row = cr.fetchone()
        chain_id, last_sequence, last_hash = row
        return self.browse(chain_id), last_sequence, last_hash or GENESIS_HASH

    # ------------------------------------------------------------------ verification
    def _verify(self, trigger="manual", batch_size=VERIFY_BATCH):
        """Re-compute the chain from its first entry, streaming it in batches, and
        record the result. Return the new ``noproof.ledger.verification``."""
        self.ensure_one()
        started = time.monotonic()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT last_sequence, last_hash FROM noproof_ledger_chain WHERE id = %s", [self.id])
        head_sequence, head_hash = cr.fetchone()
        head_hash = head_hash or GENESIS_HASH
        anchor = (
            self.env["noproof.ledger.verification"]
            .sudo()
            .search(
                [("chain_id", "=", self.id), ("state", "=", "valid"), ("last_sequence", ">", 0)],
                order="date desc, id desc",
                limit=1,
            )
        )
        finding = self._walk(batch_size, anchor)
        checked, last_hash, broken = finding
        if not broken and checked > head_sequence:
            broken = (
                "head",
                head_sequence + 1,
                _(
                    "Entry #%(sequence)s was added outside the ledger: the ledger has recorded only %(count)s entries.",
                    sequence=head_sequence + 1,
                    count=head_sequence,
                ),
            )
        if not broken and checked < head_sequence:
            broken = (
                "missing",
                checked + 1,
                _(
                    "Entry #%(sequence)s is missing: the chain ends at #%(last)s but the ledger has "
                    "recorded %(count)s entries.",
                    sequence=checked + 1,
                    last=checked,
                    count=head_sequence,
                ),
            )
        if not broken and last_hash != head_hash:
            broken = (
                "head",
                checked,
                _(
                    "The last entry #%(sequence)s does not match the head of the chain: entries at the "
                    "end of the ledger were altered or removed.",
                    sequence=checked,
                ),
            )
        if not broken and anchor and anchor.last_sequence > checked:
            broken = (
                "missing",
                checked + 1,
                _(
                    "Entry #%(sequence)s is missing: on %(date)s the chain already reached #%(anchor)s.",
                    sequence=checked + 1,
                    date=anchor.date,
                    anchor=anchor.last_sequence,
                ),
            )
        values = {
            "chain_id": self.id,
            "company_id": self.company_id.id,
            "date": fields.Datetime.now(),
            "user_id": self.env.uid,
            "trigger": trigger,
            "entry_count": checked,
            "last_sequence": checked if not broken else head_sequence,
            "head_hash": last_hash if not broken else head_hash,
            "duration": time.monotonic() - started,
        }
        if broken:
            kind, sequence, message = broken
            values.update(state="broken", broken_kind=kind, broken_sequence=sequence, message=message)
        else:
            values.update(
                state="valid",
                message=_(
                    "All %(count)s entries are present and unaltered; the chain ends at hash %(hash)s.",
                    count=checked,
                    hash=last_hash,
                ),
            )
        verification = self.env["noproof.ledger.verification"].sudo()._workflow_create([values])
        if broken:
            self._raise_alarm(verification)
        return verification

    def _walk(self, batch_size, anchor=None):
        """Stream the entries by keyset pagination on (company_id, sequence).

        Return (entries checked, last hash, None) or (…, (kind, sequence, message))
        at the first broken or missing link. Memory holds one batch at a time.
        """
        cr = self.env.cr
        # The columns in canonical form: the date as text, and no document as NULL
        # (the ORM stores an empty Many2oneReference as 0).
        canonical = {"date": "to_char(date, 'YYYY-MM-DD HH24:MI:SS')", "res_id": "NULLIF(res_id, 0)"}
        columns = ", ".join(canonical.get(name, name) for name in (*HASHED_FIELDS, *EXTENSION_FIELDS))
        hashed_end = 4 + len(HASHED_FIELDS)
        query = f"""SELECT id, sequence, prev_hash, entry_hash, {columns}
                      FROM noproof_ledger_entry
                     WHERE company_id = %s AND sequence > %s
                  ORDER BY sequence LIMIT %s"""
        expected, prev_hash = 1, GENESIS_HASH
        position = -(2**31)
        anchor_sequence = anchor.last_sequence if anchor else 0
        while True:
            cr.execute(query, [self.company_id.id, position, batch_size])
            rows = cr.fetchall()
            if not rows:
                return expected - 1, prev_hash, None
            digests = self._attachment_digests([row[0] for row in rows])
            for row in rows:
                entry_id, sequence, stored_prev, stored_hash = row[:4]
                if sequence != expected:
                    if sequence < expected:
                        message = _("Entry #%(sequence)s appears twice or out of order.", sequence=sequence)
                        return expected - 1, prev_hash, ("order", sequence, message)
                    message = _(
                        "Entry #%(sequence)s is missing: the entry after #%(previous)s is #%(next)s.",
                        sequence=expected,
                        previous=expected - 1,
                        next=sequence,
                    )
                    return expected - 1, prev_hash, ("missing", expected, message)
                if stored_prev != prev_hash:
                    message = _(
                        "Entry #%(sequence)s does not follow entry #%(previous)s: the link between them is "
                        "broken (one of them was altered or replaced).",
                        sequence=sequence,
                        previous=sequence - 1,
                    )
                    return expected - 1, prev_hash, ("link", sequence, message)
                extension = hash_extension(row[hashed_end:])
                if entry_hash(row[4:hashed_end], digests.get(entry_id, []), stored_prev, extension) != stored_hash:
                    message = _(
                        "Entry #%(sequence)s was altered after it was recorded: its content or its "
                        "attachments no longer match its hash.",
                        sequence=sequence,
                    )
                    return expected - 1, prev_hash, ("altered", sequence, message)
                if sequence == anchor_sequence and stored_hash != anchor.head_hash:
                    message = _(
                        "Entry #%(sequence)s is not the one verified on %(date)s: the ledger was rewritten.",
                        sequence=sequence,
                        date=anchor.date,
                    )
                    return expected - 1, prev_hash, ("altered", sequence, message)
                prev_hash = stored_hash
                expected += 1
            position = rows[-1][1]

    def _attachment_digests(self, entry_ids):
        """{entry id: sorted [name, sha1] of its attachments} for a batch of entries: one index
        range scan over the batch's ids, which grow with the sequence."""
        self.env.cr.execute(
            """SELECT res_id, name, checksum FROM ir_attachment
                WHERE res_model = 'noproof.ledger.entry' AND res_id BETWEEN %s AND %s""",
            [min(entry_ids), max(entry_ids)],
        )
        wanted = set(entry_ids)
        digests = {}
        for res_id, name, checksum in self.env.cr.fetchall():
            if res_id in wanted:
                digests.setdefault(res_id, []).append([name, checksum])
        for pairs in digests.values():
            pairs.sort()
        return digests

    def _office_users(self):
        """Who is told about a broken chain: the head of the level's office, else its staff."""
        self.ensure_one()
        office = self.company_id.sudo().noproof_office_id
        if office.head_id:
            return office.head_id
        return office.user_ids

    def _raise_alarm(self, verification):
        """Tell the office once per distinct break: an activity for its head (or staff) and a message."""
        self.ensure_one()
        chain = self.sudo()
        previous = (
            self.env["noproof.ledger.verification"]
            .sudo()
            .search([("chain_id", "=", self.id), ("id", "!=", verification.id)], order="date desc, id desc", limit=1)
        )
        if (
            previous.state == "broken"
            and previous.broken_sequence == verification.broken_sequence
            and previous.broken_kind == verification.broken_kind
            and chain.activity_ids
        ):
            return
        summary = _("Ledger of %(level)s is broken", level=self.company_id.name)
        chain.message_post(body=verification.message, subject=summary)
        users = self._office_users()
        if not users:
            _logger.warning("Ledger chain of %s is broken and its level has no office to tell.", self.company_id.name)
        for user in users:
            chain.activity_schedule(
                "noproof_ledger.mail_activity_chain_broken",
                summary=summary,
                note=verification.message,
                user_id=user.id,
            )

    def _check_may_verify(self):
        """Only users of a chain's level (its staff, the office of the level or of its city) verify it."""
        if self.env.su:
            return
        readable = self.with_context(active_test=False)._filtered_access("read")
        if readable != self:
            levels = (self - readable).sudo().company_id
            raise AccessError(
                _(
                    "You may verify the ledger of your own level only; %(levels)s is not one of yours. "
                    "Nothing was verified.",
                    levels=", ".join(levels.mapped("name")),
                )
            )

    def action_verify(self):
        self._check_may_verify()
        for chain in self:
            chain._verify(trigger="manual")
        return True

    def action_view_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_ledger.action_noproof_ledger_entry")
        action["domain"] = [("company_id", "=", self.company_id.id)]
        action["context"] = {}
        return action

    @api.model
    def _cron_verify_chains(self):
        """Nightly: verify every chain not verified in the last hours, one level at a time,
        committing after each so that progress survives and a rerun continues where it stopped."""
        recent = (
            self.env["noproof.ledger.verification"]
            .sudo()
            ._read_group([("date", ">=", fields.Datetime.now() - VERIFY_INTERVAL)], ["chain_id"])
        )
        done_ids = {chain.id for (chain,) in recent}
        chains = self.sudo().search([("id", "not in", list(done_ids))])
        testing = getattr(threading.current_thread(), "testing", False)
        for count, chain in enumerate(chains, start=1):
            chain._verify(trigger="cron")
            self.env["ir.cron"]._notify_progress(done=count, remaining=len(chains) - count)
            if not testing:
                self.env.cr.commit()
        return len(chains)

    @api.model
    def _demo_verify(self):
        for chain in self.sudo().search([]):
            chain._verify(trigger="manual")

    @api.model
    def get_banner(self):
        """What the ledger banner shows: the broken chains the user can see."""
        chains = self.search([])
        latest = chains._latest_verifications()
        return [
            {
                "chain_id": chain.id,
                "level": chain.company_id.name,
                "message": latest[chain.id].message,
                "date": fields.Datetime.to_string(latest[chain.id].date),
            }
            for chain in chains
            if chain.id in latest and latest[chain.id].state == "broken"
        ]
