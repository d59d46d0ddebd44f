import threading

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .append_only import install_append_only


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
        return self.browse([row[0] for row in self.env.cr.fetchall()])

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
