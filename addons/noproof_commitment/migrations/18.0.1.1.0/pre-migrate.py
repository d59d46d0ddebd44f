"""One deadline engine (noproof.deadline.mixin): a commitment's "reported overdue"
time takes the engine's name; the old partial indexes give way to the engine's."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'noproof_commitment' AND column_name = 'overdue_notified_at'"""
    )
    if cr.fetchone():
        cr.execute("ALTER TABLE noproof_commitment RENAME COLUMN overdue_notified_at TO overdue_at")
    cr.execute("DROP INDEX IF EXISTS noproof_commitment_overdue_idx")
    cr.execute("DROP INDEX IF EXISTS noproof_commitment_rectification_idx")
