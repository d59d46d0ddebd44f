"""A backup of scripts/backup.sh restored by scripts/restore.sh into a new database loses
nothing (README, "Backup and restore"): the ledger chains verify, every attachment file is back
with its content, the cases, tickets, commitments and published lists are those of the original.

Plain pytest functions running the two scripts for real on the test database (read only: the
backup reads it within one snapshot) and restoring into a throwaway database."""

import os
import shutil
import subprocess
import uuid

import pytest

from odoo.tools import config

from .odoo_state import assert_intact, snapshot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _script(name, *args):
    return subprocess.run(
        ["bash", os.path.join(ROOT, "scripts", name), "-c", config.rcfile, *args],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


@pytest.fixture
def restored_db():
    db = f"noproof_restore_{uuid.uuid4().hex[:8]}"
    yield db
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
    shutil.rmtree(os.path.join(config["data_dir"], "filestore", db), ignore_errors=True)


@pytest.fixture
def backup(tmp_path):
    """A backup of the test database, made by scripts/backup.sh."""
    result = _script("backup.sh", "-d", config["db_name"], "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    target = result.stdout.strip().splitlines()[-1]
    assert sorted(os.listdir(target)) == ["SHA256SUMS", "db.dump", "files.txt", "filestore.tar"]
    # Applicants' personal data: the backup is its owner's only.
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o700)
    return target


def test_restore_into_a_new_database_loses_nothing(backup, restored_db):
    """Taizhou arts. 12 ¶2 and 15 ¶2 (台账记录，留存备查): the ledger kept for inspection survives
    the loss of the server: restored from a backup into a new database, every chain verifies with
    the same head, every attachment file (the ledger's included) is back with the content its
    checksum names, and the cases, tickets, commitments and published lists are the original's."""
    before = snapshot(config["db_name"])
    assert before["ledger_attachments"] and before["lists"] and before["cases"]
    result = _script("restore.sh", "-d", restored_db, backup)
    assert result.returncode == 0, result.stderr
    after = snapshot(restored_db)
    assert_intact(before, after)
    assert {level: (c["entries"], c["head"]) for level, c in after["chains"].items()} == {
        level: (c["entries"], c["head"]) for level, c in before["chains"].items()
    }
    assert after["attachments"] == before["attachments"]
    assert after["cases"] == before["cases"]


def test_restore_refuses_a_damaged_backup_and_an_existing_database(backup, restored_db, tmp_path):
    """A damaged backup is refused before anything is written (its checksums), and a restore never
    overwrites a database: the live one stays as it is."""
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    with open(damaged / "filestore.tar", "r+b") as f:
        f.seek(600)
        f.write(b"tampered")
    result = _script("restore.sh", "-d", restored_db, str(damaged))
    assert result.returncode != 0 and "damaged" in result.stderr, result.stderr
    exists = subprocess.run(["psql", "-XAtc", "SELECT 1", restored_db], capture_output=True, check=False)
    assert exists.returncode != 0, "a database was created from a damaged backup"

    result = _script("restore.sh", "-d", config["db_name"], backup)
    assert result.returncode != 0 and "exists" in result.stderr, result.stderr
