"""A noproof instance on this machine: a database and the Odoo process serving it on 127.0.0.1. Shared by
tests/test_exchange_two_servers.py (the water company's instance beside the city's) and
scripts/bench_exchange.py (both instances); the company's instance is configured by
scripts/enterprise_setup.py, as scripts/demo_enterprise.sh does."""

import os
import shutil
import signal
import subprocess
import sys
import time

import requests

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
# What the company's administrator configures after installing (shared with scripts/demo_enterprise.sh).
SETUP = os.path.join(SCRIPTS, "enterprise_setup.py")
IDENTITY_PATH = "/.well-known/noproof-identity"


def odoo_bin():
    import odoo

    return os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")


class LocalInstance:
    """Database ``db`` served on ``port`` by an Odoo process started with the configuration file ``rcfile``."""

    def __init__(self, db, port, rcfile, python=None):
        self.db = db
        self.port = port
        self.rcfile = rcfile
        self.python = python or os.environ.get("NOPROOF_PYTHON", sys.executable)
        self.url = f"http://127.0.0.1:{port}"
        self.process = None

    def odoo(self, *args, stdin=None, timeout=1800):
        """Run ``odoo-bin`` on the database (``args[0]`` is its command, e.g. "server" or "shell")."""
        cmd = [self.python, odoo_bin(), *args[:1], "-c", self.rcfile, "-d", self.db, "--log-level=warn", *args[1:]]
        result = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout, check=False)
        return result.returncode, result.stdout + result.stderr

    def exists(self):
        result = subprocess.run(["psql", "-X", "-d", self.db, "-tAc", "SELECT 1"], capture_output=True, check=False)
        return result.returncode == 0

    def create(self):
        """Install the database as a water company's instance and configure the company. An enterprise runs
        verification (tickets) and supervision (complaints the city forwards), without noproof_commitment
        (tests/test_install.py checks that verification installs alone); no demo data keeps the install short."""
        code, log = self.odoo("server", "-i", "noproof_supervision", "--without-demo=all", "--stop-after-init")
        assert code == 0, log[-3000:]
        with open(SETUP, encoding="utf-8") as script:
            code, log = self.odoo("shell", "--no-http", stdin=script.read())
        assert "NOPROOF-SETUP-OK" in log, log[-3000:]

    def start(self, env=None):
        """Serve the database (``env``: extra environment variables of the process) and wait for it."""
        self.process = subprocess.Popen(
            [
                self.python,
                odoo_bin(),
                "-c",
                self.rcfile,
                "-d",
                self.db,
                f"--db-filter=^{self.db}$",
                f"--http-port={self.port}",
                "--max-cron-threads=0",
                "--log-level=warn",
            ],
            env=dict(os.environ, **(env or {})),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(self.url + IDENTITY_PATH, timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise AssertionError(f"the server of {self.db} did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.process = None

    def drop(self):
        from odoo.tools import config

        self.stop()
        # --force: the stopped server's sessions may still be closing (PostgreSQL 13+).
        subprocess.run(["dropdb", "--if-exists", "--force", self.db], check=False, capture_output=True)
        shutil.rmtree(config.filestore(self.db), ignore_errors=True)

    def sql(self, query, params=()):
        """Run ``query`` in the database (committed); its rows, if it returns any."""
        import odoo

        with odoo.sql_db.db_connect(self.db).cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else []

    def rpc(self, session, model, method, *args, **kwargs):
        answer = session.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            },
            timeout=120,
        ).json()
        if "error" in answer:
            raise AssertionError(answer["error"]["data"]["message"])
        return answer.get("result")  # a method returning None answers without a result

    def login(self, login):
        """A web session of ``login`` (scripts/enterprise_setup.py: the password is the login)."""
        session = requests.Session()
        answer = session.post(
            f"{self.url}/web/session/authenticate",
            json={"jsonrpc": "2.0", "method": "call", "params": {"db": self.db, "login": login, "password": login}},
            timeout=60,
        ).json()
        assert answer.get("result", {}).get("uid"), answer
        return session

    def connect(self, url, organizations=()):
        """Its administrator connects the instance at ``url`` (the onboarding wizard over the web client's RPC,
        fingerprint confirmed), representing the organizations named ``organizations`` here."""
        admin = self.login("admin")
        wizard_id = self.rpc(admin, "noproof.exchange.onboard", "create", {"base_url": url})
        self.rpc(admin, "noproof.exchange.onboard", "action_fetch", [wizard_id])
        represented = self.rpc(admin, "noproof.organization", "search", [("name", "in", list(organizations))])
        self.rpc(
            admin,
            "noproof.exchange.onboard",
            "write",
            [wizard_id],
            {"fingerprint_confirmed": True, "organization_ids": [(6, 0, represented)]},
        )
        return self.rpc(admin, "noproof.exchange.onboard", "action_confirm", [wizard_id])["res_id"]
