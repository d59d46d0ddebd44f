"""The deadline engine's one scheduled action replaces the tickets' own."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("noproof_verification.ir_cron_escalate_overdue_tickets", raise_if_not_found=False)
    if cron:
        cron.unlink()
