"""Every add-on installs on an empty database without demo data and upgrades
cleanly, with no warning in the log (the with-demo install is done by
scripts/test.sh before the suite runs)."""
import os
import re
import subprocess
import uuid

import pytest

import odoo
from odoo.tools import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)


def addons():
    names = []
    for name in ("noproof_catalog", "noproof_ledger", "noproof_verification", "noproof_commitment", "noproof_supervision"):
        manifest = os.path.join(ROOT, "addons", name, "__manifest__.py")
        if os.path.exists(manifest) and '"installable": False' not in open(manifest, encoding="utf-8").read():
            names.append(name)
    return ",".join(names)


def odoo_bin(db, *args):
    cmd = [
        os.environ.get("NOPROOF_PYTHON", os.sys.executable),
        os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"),
        "-c", config.rcfile, "-d", db, "--stop-after-init", "--log-level=warn",
        *args,
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, check=False)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def empty_db():
    db = f"noproof_install_{uuid.uuid4().hex[:8]}"
    yield db
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)


def test_install_without_demo_then_upgrade(empty_db):
    modules = addons()
    code, log = odoo_bin(empty_db, "-i", modules, "--without-demo=all")
    assert code == 0, log[-4000:]
    assert not PROBLEM.search(log), PROBLEM.findall(log) and log[-4000:]
    code, log = odoo_bin(empty_db, "-u", modules)
    assert code == 0, log[-4000:]
    assert not PROBLEM.search(log), log[-4000:]
