"""One deadline engine (noproof.deadline.mixin): the ticket's and the case's figures
take the engine's names, so their stored values are kept, not recomputed."""

RENAMES = {
    "noproof_verification_ticket": [
        ("escalated_at", "overdue_at"),
        ("answered_on_time", "on_time"),
        ("answer_hours", "office_hours"),
    ],
    "noproof_case": [("assessed_hours", "office_hours")],
}


def _column_exists(cr, table, column):
    cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s", [table, column])
    return bool(cr.fetchone())


def migrate(cr, version):
    if not version:
        return
    for table, renames in RENAMES.items():
        for old, new in renames:
            if _column_exists(cr, table, old) and not _column_exists(cr, table, new):
                cr.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"')
