"""Each add-on builds as an ``odoo-addon-noproof_*`` wheel with OCA's whool build backend, and the
five wheels, installed with pip into a clean virtualenv next to an Odoo 18, install into a new
database (README, "Installing noproof with pip").

Plain pytest functions: they build the wheels from the repository's committed files (whool packs
what ``git ls-files`` lists), install them with pip into a fresh virtualenv and run Odoo from that
virtualenv with no path to the repository's add-ons, so every module can only come from a wheel."""

import email
import os
import re
import subprocess
import sys
import sysconfig
import uuid
import zipfile

import pytest

import odoo
from odoo.tools import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ("noproof_catalog", "noproof_ledger", "noproof_verification", "noproof_commitment", "noproof_supervision")
ODOO_SRC = os.path.dirname(os.path.dirname(odoo.__file__))
# The addon's manifest version, then whool's count of commits since that version was set.
VERSION = re.compile(r"^18\.0\.\d+\.\d+\.\d+(\.\d+)?$")


def _manifest(name):
    with open(os.path.join(ROOT, "addons", name, "__manifest__.py"), encoding="utf-8") as f:
        return eval(f.read())  # noqa: S307 - the repository's own manifest, a dict literal


def _wheel_metadata(path):
    with zipfile.ZipFile(path) as wheel:
        (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        files = wheel.namelist()
        return email.message_from_bytes(wheel.read(metadata)), files


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    """The five wheels, built by pip with whool (from requirements/project.txt, no build isolation:
    the build needs no network)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(dist)]
        + [os.path.join(ROOT, "addons", name) for name in ADDONS],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {path.name.split("-")[0]: path for path in dist.glob("*.whl")}


def test_each_addon_builds_a_wheel_with_its_dependencies(wheels):
    """An enterprise installs noproof with pip: each add-on is a wheel named as OCA names theirs
    (odoo-addon-<module>), versioned in Odoo's scheme, holding the add-on under odoo/addons/ and
    requiring Odoo 18.0, the add-ons it depends on and its Python libraries."""
    assert sorted(wheels) == sorted(f"odoo_addon_{name}" for name in ADDONS)
    for name in ADDONS:
        manifest = _manifest(name)
        metadata, files = _wheel_metadata(wheels[f"odoo_addon_{name}"])
        assert metadata["Name"] == f"odoo-addon-{name}"
        assert VERSION.match(metadata["Version"]), metadata["Version"]
        assert metadata["Version"].startswith(manifest["version"])
        assert metadata["License"] == manifest["license"]
        requires = set(metadata.get_all("Requires-Dist"))
        assert "odoo==18.0.*" in requires
        for depend in manifest["depends"]:
            if depend.startswith("noproof_") or depend == "base_tier_validation":
                assert f"odoo-addon-{depend}==18.0.*" in requires, (name, depend)
        for library in manifest.get("external_dependencies", {}).get("python", []):
            assert library.replace("_", "-") in {r.replace("_", "-") for r in requires}, (name, library)
        assert f"odoo/addons/{name}/__manifest__.py" in files
        assert f"odoo/addons/{name}/i18n/zh_CN.po" in files
        # Only the add-on: no packaging file, no bytecode.
        assert f"odoo/addons/{name}/pyproject.toml" not in files
        assert not [f for f in files if f.endswith(".pyc")]


def test_wheels_install_with_pip_next_to_odoo(wheels, tmp_path):
    """The README's way: `pip install` of the five wheels into a clean virtualenv beside an Odoo 18
    (here the project's, reached through a .pth file as a system-wide Odoo would be); Odoo run from
    that virtualenv, with only its own add-ons on its path, finds every noproof module in the
    virtualenv and installs them all into a new database."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", *map(str, wheels.values())],
        check=True,
        capture_output=True,
        timeout=300,
    )
    purelib = subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip()
    # Odoo and its libraries (and the OCA wheels), as installed beside the virtualenv.
    with open(os.path.join(purelib, "odoo-next-to.pth"), "w", encoding="utf-8") as f:
        f.write(f"{ODOO_SRC}\n{sysconfig.get_paths()['purelib']}\n")
    core_addons = os.path.join(ODOO_SRC, "addons")
    where = subprocess.check_output(
        [
            python,
            "-c",
            "import sys\n"
            "from odoo.tools import config\n"
            "from odoo.modules import module\n"
            "config.parse_config(['--addons-path=' + sys.argv[1]])\n"
            "module.initialize_sys_path()\n"
            "print('\\n'.join(module.get_module_path(name) or '' for name in sys.argv[2:]))\n",
            core_addons,
            *ADDONS,
        ],
        text=True,
    ).split()
    assert where == [os.path.join(purelib, "odoo", "addons", name) for name in ADDONS]

    db = f"noproof_wheels_{uuid.uuid4().hex[:8]}"
    try:
        result = subprocess.run(
            [
                python,
                os.path.join(ODOO_SRC, "odoo-bin"),
                "-c",
                config.rcfile,
                f"--addons-path={core_addons}",
                f"--data-dir={tmp_path / 'data'}",
                "-d",
                db,
                "-i",
                "noproof_supervision,noproof_commitment",
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
                "--no-http",
            ],
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        log = result.stdout + result.stderr
        assert result.returncode == 0, log[-4000:]
        assert not re.search(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", log, re.M), log[-4000:]
        installed = subprocess.check_output(
            [
                "psql",
                "-XAtc",
                "SELECT name FROM ir_module_module WHERE state = 'installed' AND name LIKE 'noproof%'",
                db,
            ],
            text=True,
        ).split()
        assert sorted(installed) == sorted(ADDONS)
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
