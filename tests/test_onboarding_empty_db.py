"""Issue 16's tour starts where a new city starts: a database with the five add-ons and no demo data.

This test builds one (all add-ons, ``--without-demo=all``, English and Chinese), then runs the onboarding tour
(addons/noproof_verification/tests/test_onboarding_tour.py) on it alone with odoo-bin on an HTTP port of its own,
in headless Chromium: the administrator sets up a city and a county through the setup checklist, then the clerk and
the verifier he created settle a case of the item he created. The suite's run on the demo database leaves that
tour out (conftest.py), as its checklist would find the demo's legal bases and certificates already there."""

import configparser
import os
import re
import socket
import subprocess
import uuid

import pytest

import odoo
from odoo.tools import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_BIN = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
ADDONS = "noproof_catalog,noproof_ledger,noproof_verification,noproof_commitment,noproof_supervision"
TOUR = "addons/noproof_verification/tests/test_onboarding_tour.py"
PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def empty_db():
    db = f"noproof_onboarding_{uuid.uuid4().hex[:8]}"
    yield db
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)


def test_onboarding_tour_on_an_empty_database(empty_db, tmp_path):
    """Taizhou arts. 6 and 11, Luzhou arts. 9-10: from a database without demo data, a level is set up through its
    checklist alone, publishes its list and has its clerk and designated verifier settle a case."""
    # The test configuration, with a data directory and an HTTP port of this test's own.
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config.rcfile)
    parser["options"]["data_dir"] = str(tmp_path / "data")
    parser["options"]["http_port"] = str(free_port())
    parser["options"]["max_cron_threads"] = "0"
    rcfile = tmp_path / "odoo.conf"
    with open(rcfile, "w", encoding="utf-8") as f:
        parser.write(f)
    python = os.environ.get("NOPROOF_PYTHON", os.sys.executable)

    install = subprocess.run(
        [python, ODOO_BIN, "-c", str(rcfile), "-d", empty_db, "-i", ADDONS, "--without-demo=all",
         "--load-language=en_US,zh_CN", "--stop-after-init", "--log-level=warn", "--no-http"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    log = install.stdout + install.stderr
    assert install.returncode == 0, log[-4000:]
    assert not PROBLEM.search(log), PROBLEM.findall(log) and log[-4000:]

    tour = subprocess.run(
        [python, "-m", "pytest", f"--odoo-config={rcfile}", f"--odoo-database={empty_db}", "--odoo-http",
         "-p", "no:cacheprovider", "-q", TOUR],
        cwd=ROOT, env={**os.environ, "NOPROOF_ONBOARDING_TOUR": "1"},
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    log = tour.stdout + tour.stderr
    assert tour.returncode == 0, log[-8000:]
    assert re.search(r"\b1 passed\b", log), log[-8000:]
