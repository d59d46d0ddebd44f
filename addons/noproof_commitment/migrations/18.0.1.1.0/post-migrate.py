"""One deadline engine: a commitment's follow-up deadline comes from the level's
deadline policy for commitments, no longer from the level's follow-up days. Each level
that had a figure (a city without one: the old default, 3 calendar days) gets a policy
with it, unless it has one already; the engine's one scheduled action replaces the
commitments' own."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    api.Environment(cr, SUPERUSER_ID, {})["noproof.sla.policy"]._noproof_migrate_level_setting(
        "noproof.commitment",
        "告知承诺核查时限",
        "noproof_commitment.ir_cron_commitment_overdue",
        "noproof_commitment_follow_up_days",
        # A city left at 0 used 3 calendar days (Luzhou art. 8); a county at 0 follows its city.
        """SELECT id,
                  CASE WHEN noproof_commitment_follow_up_days > 0 THEN noproof_commitment_follow_up_days
                       WHEN parent_id IS NULL THEN 3 END,
                  noproof_commitment_follow_up_days > 0 AND noproof_commitment_follow_up_basis = 'working'
             FROM res_company""",
    )
