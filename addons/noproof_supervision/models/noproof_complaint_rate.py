from datetime import timedelta

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models


class NoproofComplaintRate(models.Model):
    """How many complaints one client address sent to the public form in one clock hour.

    One row per (address hash, hour), counted up by a single ``INSERT … ON CONFLICT … RETURNING``
    in a transaction of its own at READ COMMITTED, committed at once: concurrent submissions from
    the same address queue on the row and each sees its own count, so a burst cannot pass the limit
    between a read and a write, and none fails on a serialization conflict (the requests' own
    REPEATABLE READ transactions would). A submission that fails later is still counted."""

    _name = "noproof.complaint.rate"
    _description = "Public Complaint Form Submissions per Address and Hour"
    _log_access = False

    submitter_hash = fields.Char(required=True, readonly=True)
    hour = fields.Datetime(required=True, readonly=True)
    hits = fields.Integer(required=True, readonly=True, default=0)

    _sql_constraints = [("address_hour_uniq", "unique(submitter_hash, hour)", "One counter per address and hour.")]

    @api.model
    def _hit(self, submitter_hash):
        """Count one submission from this address in the current hour and return the hour's count."""
        if self.env.registry.in_test_mode():
            # the test server's requests all run in the test's one transaction: count there
            return self._count_up(self.env.cr, submitter_hash)
        with self.env.registry.cursor() as cr:
            cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            return self._count_up(cr, submitter_hash)

    @api.model
    def _count_up(self, cr, submitter_hash):
        cr.execute(
            """INSERT INTO noproof_complaint_rate (submitter_hash, hour, hits)
                    VALUES (%s, date_trunc('hour', now() AT TIME ZONE 'UTC'), 1)
               ON CONFLICT (submitter_hash, hour) DO UPDATE SET hits = noproof_complaint_rate.hits + 1
                 RETURNING hits""",
            [submitter_hash],
        )
        return cr.fetchone()[0]

    @api.autovacuum
    def _gc_old_hours(self):
        """Counters of past hours serve nothing."""
        self.env.cr.execute(
            "DELETE FROM noproof_complaint_rate WHERE hour < %s", [fields.Datetime.now() - timedelta(hours=2)]
        )
