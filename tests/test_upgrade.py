"""An enterprise running the previous release upgrades to this one with `odoo -u` and loses
nothing (README, "Upgrades"): the previous release's add-ons (its commit PREVIOUS_RELEASE, taken
with `git archive`) are installed with demo data and Chinese, then upgraded in place with the
add-ons of this tree; every ledger chain still verifies, the cases with their checks, the tickets,
the commitments, the stored attachments and the published cancellation lists (as the public JSON
export gives them) are all still there, unchanged.

A change of stored data ships a migration script in addons/<module>/migrations/<new version>/;
this test is what catches one that is missing."""

import os
import re
import subprocess
import tarfile
import uuid

import pytest

from .odoo_state import ODOO_SRC, assert_intact, odoo_bin, snapshot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The release this tree upgrades from (README, "Upgrades"): the commit tagged 18.0.1.0.0. The
# commit, not the tag, because a fresh clone of main does not always carry tags.
PREVIOUS_RELEASE = "9b7f9410421932c7c3345afeefe80aab9e6dd750"
ADDONS = "noproof_catalog,noproof_ledger,noproof_verification,noproof_commitment,noproof_supervision"
PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)


def _manifest_version(addons_dir, name):
    with open(os.path.join(addons_dir, name, "__manifest__.py"), encoding="utf-8") as f:
        return eval(f.read())["version"]  # noqa: S307 - a manifest of this repository


@pytest.fixture
def previous_release(tmp_path):
    """The add-ons of the previous release, extracted from its commit."""
    archive = tmp_path / "previous.tar"
    result = subprocess.run(
        ["git", "archive", "-o", str(archive), PREVIOUS_RELEASE, "addons"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"the previous release's commit {PREVIOUS_RELEASE} is missing from this clone "
        f"(a shallow clone? git fetch --unshallow): {result.stderr}"
    )
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "previous", filter="data")
    return str(tmp_path / "previous" / "addons")


@pytest.fixture
def upgrade_db(tmp_path):
    db = f"noproof_upgrade_{uuid.uuid4().hex[:8]}"
    yield db
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)


def test_upgrade_from_previous_release_keeps_everything(previous_release, upgrade_db, tmp_path):
    """Taizhou arts. 12 ¶2 and 15 ¶2 (台账记录，留存备查): upgrading keeps the ledger kept for inspection
    verifiable and every case, ticket, commitment, attachment and published list as it
    was; each add-on's version moved on in Odoo's scheme, so its migration scripts run."""
    data_dir = str(tmp_path / "data")
    old_path = f"{os.path.join(ODOO_SRC, 'addons')},{previous_release}"
    new_path = f"{os.path.join(ODOO_SRC, 'addons')},{os.path.join(ROOT, 'addons')}"
    for name in ADDONS.split(","):
        old = tuple(map(int, _manifest_version(previous_release, name).split(".")))
        new = tuple(map(int, _manifest_version(os.path.join(ROOT, "addons"), name).split(".")))
        assert old[:2] == new[:2] == (18, 0) and len(new) == 5, name
        assert new >= old, f"{name}: the version went back from {old} to {new}"

    code, log = odoo_bin(
        upgrade_db, "-i", ADDONS, "--load-language=en_US,zh_CN", addons_path=old_path, data_dir=data_dir
    )
    assert code == 0, log[-4000:]
    before = snapshot(upgrade_db, addons_path=old_path, data_dir=data_dir)
    assert before["cases"] and before["lists"] and before["chains"] and before["ledger_attachments"]

    code, log = odoo_bin(upgrade_db, "-u", ADDONS, addons_path=new_path, data_dir=data_dir)
    assert code == 0, log[-4000:]
    assert not PROBLEM.search(log), PROBLEM.findall(log) and log[-4000:]
    versions = subprocess.check_output(
        ["psql", "-XAtc", "SELECT name, latest_version FROM ir_module_module WHERE name LIKE 'noproof%'", upgrade_db],
        text=True,
    ).split()
    for row in versions:
        name, version = row.split("|")
        assert version == _manifest_version(os.path.join(ROOT, "addons"), name), row

    after = snapshot(upgrade_db, addons_path=new_path, data_dir=data_dir)
    assert_intact(before, after)
