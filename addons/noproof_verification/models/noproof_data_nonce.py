from odoo import api, fields, models
from odoo.tools import SQL

# How far a request's timestamp may be from the provider's clock, and so how long a nonce is kept.
NONCE_WINDOW_SECONDS = 300


class NoproofDataNonce(models.Model):
    """A request nonce the dataset provider has seen (threat: replay of a captured
    request). Kept as long as a request bearing it could still be accepted; the
    unique constraint refuses a second request with the same nonce, even when both
    arrive at the same instant."""

    _name = "noproof.data.nonce"
    _description = "Shared-Data Request Nonce"
    _log_access = False
    _order = "seen_at desc"

    nonce = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="API Client", readonly=True, ondelete="cascade")
    seen_at = fields.Datetime(required=True, readonly=True, index=True)

    _sql_constraints = [("nonce_uniq", "unique(nonce)", "This request nonce has already been used.")]

    @api.model
    def _noproof_claim(self, nonce, user_id):
        """Record ``nonce`` as used; False when it was seen before (a replay)."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO noproof_data_nonce (nonce, user_id, seen_at)
                   VALUES (%s, %s, (now() AT TIME ZONE 'UTC'))
                   ON CONFLICT (nonce) DO NOTHING
                   RETURNING id""",
                nonce,
                user_id,
            )
        )
        return bool(self.env.cr.fetchone())

    @api.autovacuum
    def _gc_expired_nonces(self):
        """Forget the nonces of requests that would be refused as stale anyway."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM noproof_data_nonce WHERE seen_at < (now() AT TIME ZONE 'UTC') - make_interval(secs => %s)",
                2 * NONCE_WINDOW_SECONDS,
            )
        )
