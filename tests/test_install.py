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
    """The installable add-ons of the repository, as scripts/env.sh lists them."""
    listed = subprocess.run(
        ["bash", "-c", "source scripts/env.sh && noproof_addons"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return listed.stdout.strip()


def odoo_bin(db, *args):
    cmd = [
        os.environ.get("NOPROOF_PYTHON", os.sys.executable),
        os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"),
        "-c",
        config.rcfile,
        "-d",
        db,
        "--stop-after-init",
        "--log-level=warn",
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


@pytest.mark.parametrize("module", ["noproof_verification", "noproof_supervision"])
def test_install_alone_with_demo(empty_db, module):
    """An enterprise may run an add-on without those to its right, or without commitment: it installs with
    only what its manifest depends on, with demo data, logs no warning, and the office overview works."""
    # The demo users work in Chinese, as the test database's do.
    code, log = odoo_bin(empty_db, "-i", module, "--load-language=en_US,zh_CN")
    assert code == 0, log[-4000:]
    assert not PROBLEM.search(log), PROBLEM.findall(log) and log[-4000:]
    script = (
        "assert 'noproof.commitment' not in env, 'installed without noproof_commitment'\n"
        "if 'noproof.complaint' in env:\n"
        "    assert env['noproof.complaint'].noproof_overview(), 'the overview works without noproof_commitment'\n"
        "print('NOPROOF-ALONE-OK')\n"
    )
    cmd = [
        os.environ.get("NOPROOF_PYTHON", os.sys.executable),
        os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"),
        "shell",
        "-c",
        config.rcfile,
        "-d",
        empty_db,
        "--log-level=warn",
        "--no-http",
    ]
    result = subprocess.run(cmd, input=script, capture_output=True, text=True, timeout=600, check=False)
    assert "NOPROOF-ALONE-OK" in result.stdout, (result.stdout + result.stderr)[-4000:]
