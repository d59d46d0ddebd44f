"""One deadline engine: a complaint's deadline comes from the level's deadline policy
for complaints, no longer from the level's "complaint handling days". Each level that
had its own figure gets a policy with it (calendar days), a county with its city's
figure follows its city's; the engine's one scheduled action replaces the complaints'
own."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    api.Environment(cr, SUPERUSER_ID, {})["noproof.sla.policy"]._noproof_migrate_level_setting(
        "noproof.complaint",
        "投诉办理时限",
        "noproof_supervision.ir_cron_remind_overdue_complaints",
        "noproof_complaint_days",
        """SELECT level.id, level.noproof_complaint_days, false
             FROM res_company level
        LEFT JOIN res_company city ON city.id = level.parent_id
            WHERE city.id IS NULL OR level.noproof_complaint_days IS DISTINCT FROM city.noproof_complaint_days""",
    )
