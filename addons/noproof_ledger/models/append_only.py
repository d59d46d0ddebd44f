"""PostgreSQL triggers that keep the ledger's tables append-only.

The ORM already refuses to change or delete ledger entries, access-log lines,
chain verifications and published anchors; these triggers refuse it to SQL as
well, including SQL run inside Odoo (a server action, a shell, a module). An
administrator who owns the database can still drop a trigger: what was
published (the daily anchors) then shows the rewrite.
"""

FUNCTION = "noproof_ledger_refuse_change"


def install_append_only(cr, table):
    """Create (or replace) the triggers refusing UPDATE, DELETE and TRUNCATE on ``table``."""
    # No parameters: the % of RAISE reach PostgreSQL as they are.
    cr.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'No-Proof City: % on % is refused: these records are kept for inspection '
                            'and can only be added to.', TG_OP, TG_TABLE_NAME
                  USING ERRCODE = 'restrict_violation';
        END
        $fn$
        """
    )
    cr.execute(
        f"""
        DROP TRIGGER IF EXISTS {table}_append_only ON {table};
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
        DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
        CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();
        """
    )


def append_only_tables():
    return (
        "noproof_ledger_entry",
        "noproof_access_log",
        "noproof_ledger_verification",
        "noproof_ledger_anchor",
        "noproof_ledger_peer_anchor",
    )
