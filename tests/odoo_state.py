"""What the upgrade and backup tests compare: a database's state as its users rely on it, read by
Odoo itself in a separate process (``odoo-bin shell``), so that a test can look at another
database than pytest-odoo's own.

``snapshot(db)`` verifies every ledger chain with the ledger's own verification, re-reads every
stored attachment from the filestore against its checksum, and returns the cases, checks, tickets,
commitments and the published cancellation lists as the public JSON export gives them."""

import json
import os
import subprocess

import odoo
from odoo.tools import config

ODOO_SRC = os.path.dirname(os.path.dirname(odoo.__file__))
MARKER = "NOPROOF-STATE "

SNAPSHOT_SCRIPT = r"""
import hashlib, json
state = {}
chains = {}
for chain in env["noproof.ledger.chain"].sudo().search([]):
    verification = chain._verify(trigger="manual")
    entry = env["noproof.ledger.entry"].sudo().search(
        [("company_id", "=", chain.company_id.id), ("sequence", "=", chain.last_sequence)])
    chains[chain.company_id.name] = {
        "state": verification.state, "message": verification.message, "entries": chain.last_sequence,
        "head": chain.last_hash, "head_entry": entry.entry_hash}
state["chains"] = chains
attachments = env["ir.attachment"].sudo().with_context(active_test=False).search([("store_fname", "!=", False)])
state["attachments"] = len(attachments)
state["ledger_attachments"] = attachments.filtered(lambda a: a.res_model == "noproof.ledger.entry").mapped("checksum")
state["bad_attachments"] = [
    a.store_fname for a in attachments if hashlib.sha1(a._file_read(a.store_fname) or b"").hexdigest() != a.checksum]
def rows(query):
    env.cr.execute(query)
    return [list(row) for row in env.cr.fetchall()]
state["cases"] = rows(
    "SELECT c.id, c.name, c.company_id, c.item_id, c.applicant_id, count(k.id) FROM noproof_case c "
    "LEFT JOIN noproof_case_check k ON k.case_id = c.id GROUP BY c.id ORDER BY c.id")
state["tickets"] = rows("SELECT id, name, case_id FROM noproof_verification_ticket ORDER BY id")
state["commitments"] = rows("SELECT id, case_id FROM noproof_commitment ORDER BY id") \
    if "noproof.commitment" in env else []
lists = {}
for lst in env["noproof.cancellation.list"].sudo().search([("state", "in", ("published", "superseded"))]):
    text, count = lst._portal_json_lines()
    lists[str(lst.id)] = {"name": lst.name, "version": lst.version, "state": lst.state,
                          "published": str(lst.date_published), "count": count, "lines": json.loads(text)}
state["lists"] = lists
print(%(marker)r + json.dumps(state, default=str))
"""


def odoo_bin(db, *args, addons_path=None, data_dir=None, timeout=1800):
    """Run odoo-bin on `db` with the test configuration (and another add-ons path or data
    directory); return (exit code, log)."""
    cmd = [os.environ.get("NOPROOF_PYTHON", os.sys.executable), os.path.join(ODOO_SRC, "odoo-bin"), "-c", config.rcfile]
    if addons_path:
        cmd.append(f"--addons-path={addons_path}")
    if data_dir:
        cmd.append(f"--data-dir={data_dir}")
    cmd += ["-d", db, "--stop-after-init", "--log-level=warn", "--no-http", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    return result.returncode, result.stdout + result.stderr


def snapshot(db, addons_path=None, data_dir=None):
    """The state of `db` (see the module's docstring), read by odoo-bin shell."""
    cmd = [os.environ.get("NOPROOF_PYTHON", os.sys.executable), os.path.join(ODOO_SRC, "odoo-bin"), "shell"]
    cmd += ["-c", config.rcfile, "-d", db, "--log-level=warn", "--no-http"]
    if addons_path:
        cmd.append(f"--addons-path={addons_path}")
    if data_dir:
        cmd.append(f"--data-dir={data_dir}")
    result = subprocess.run(
        cmd, input=SNAPSHOT_SCRIPT % {"marker": MARKER}, capture_output=True, text=True, timeout=1200, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    raise AssertionError((result.stdout + result.stderr)[-4000:])


def assert_intact(before, after):
    """Everything `before` held is in `after`, unchanged, and every chain of `after` verifies."""
    for level, chain in after["chains"].items():
        assert chain["state"] == "valid", f"{level}: {chain['message']}"
    for level, chain in before["chains"].items():
        assert chain["state"] == "valid", f"{level} before: {chain['message']}"
        kept = after["chains"].get(level)
        assert kept, f"the ledger chain of {level} is gone"
        # The chain may only have grown; what it held is the same.
        assert kept["entries"] >= chain["entries"], level
        if kept["entries"] == chain["entries"]:
            assert kept["head"] == chain["head"], level
    assert not after["bad_attachments"], after["bad_attachments"]
    assert after["attachments"] >= before["attachments"]
    assert set(before["ledger_attachments"]) <= set(after["ledger_attachments"])
    assert after["cases"][: len(before["cases"])] == before["cases"]
    assert after["tickets"][: len(before["tickets"])] == before["tickets"]
    assert after["commitments"][: len(before["commitments"])] == before["commitments"]
    assert set(before["lists"]) <= set(after["lists"])
    for list_id, published in before["lists"].items():
        kept = after["lists"][list_id]
        for key in ("name", "version", "published", "count"):
            assert kept[key] == published[key], (published["name"], key)
        # A superseded version stays superseded; a published one is published or superseded by a new one.
        assert kept["state"] == published["state"] or published["state"] == "published", published["name"]
        # The public export keeps every column it had, with the same values (a new column may be added).
        for line, kept_line in zip(published["lines"], kept["lines"], strict=True):
            assert {key: kept_line.get(key) for key in line} == line, published["name"]
