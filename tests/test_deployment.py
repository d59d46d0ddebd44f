"""The Docker deployment (docker/) is safe by default (issue 11, part 10, and the proxy side of
part 7): nginx is the only published service, Odoo runs in workers mode behind it with
proxy_mode on and no database manager, the passwords come from Docker secrets that the stack
refuses to start without, scheduled actions run in a separate cron service, and nginx gives
Odoo the real client address (overwritten, never appended to).

Plain pytest functions: they read the files of docker/ and run docker/entrypoint.sh and
docker/postgres/initdb-odoo-role.sh for real; Odoo's own configuration parser reads the
configuration the entrypoint writes (in a subprocess, not to disturb the test server's)."""

import json
import os
import re
import stat
import subprocess
import sys
import uuid

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCKER = os.path.join(ROOT, "docker")
ENTRYPOINT = os.path.join(DOCKER, "entrypoint.sh")
BASE_CONF = os.path.join(DOCKER, "odoo.conf")
NGINX_CONF = os.path.join(DOCKER, "nginx", "noproof.conf")
SECRETS = ("db_password", "odoo_admin_password")
DB_PASSWORD = "db-Secret-0123456789-%;#'\"x"
ADMIN_PASSWORD = "master-Secret-9876543210"


def _compose():
    with open(os.path.join(DOCKER, "docker-compose.yml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _run_entrypoint(tmp_path, *command, secrets=None, env=None):
    """Runs docker/entrypoint.sh as the image would, with the secret files of `secrets`
    (name -> content, None = no file) in a temporary secrets folder."""
    secrets_dir = tmp_path / "secrets"
    secrets_dir.mkdir(exist_ok=True)
    values = {"db_password": DB_PASSWORD + "\n", "odoo_admin_password": ADMIN_PASSWORD}
    values.update(secrets or {})
    for name, content in values.items():
        if content is not None:
            (secrets_dir / name).write_text(content, encoding="utf-8")
    rc = tmp_path / "run" / "odoo.conf"
    full_env = {
        # python3 with passlib, as in the image: the test's own interpreter.
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "NOPROOF_SECRETS_DIR": str(secrets_dir),
        "NOPROOF_BASE_CONF": BASE_CONF,
        "NOPROOF_ODOO_RC": str(rc),
        "NOPROOF_RUN_AS": "nobody",
        **(env or {}),
    }
    result = subprocess.run(
        ["bash", ENTRYPOINT, *command], env=full_env, capture_output=True, text=True, timeout=120, check=False
    )
    return result, rc


def _odoo_options(rc, *args):
    """The options Odoo's own parser reads from the configuration file `rc` (and `args`)."""
    script = (
        "import json, sys\n"
        "from odoo.tools import config\n"
        "config.parse_config(['-c', sys.argv[1], *sys.argv[2:]])\n"
        "keys = ['proxy_mode', 'list_db', 'workers', 'max_cron_threads', 'http_enable', 'without_demo',\n"
        "        'db_name', 'dbfilter', 'db_host', 'db_user', 'db_password', 'admin_passwd', 'gevent_port',\n"
        "        'db_replica_host', 'db_replica_port', 'db_maxconn']\n"
        "options = {k: config[k] for k in keys}\n"
        "options['master_ok'] = bool(config.verify_admin_password(sys.stdin.read()))\n"
        "options['admin_is_admin'] = bool(config.verify_admin_password('admin'))\n"
        "print(json.dumps(options))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(rc), *args],
        input=ADMIN_PASSWORD,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _run_init_script(name, **env):
    """Runs an init script of docker/postgres/ against the local PostgreSQL, as the image would."""
    return subprocess.run(
        ["bash", os.path.join(DOCKER, "postgres", name)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _role_flags(role):
    """superuser|createdb|createrole|replication|bypassrls|login|SCRAM password of a role."""
    return subprocess.check_output(
        [
            "psql",
            "-XAtc",
            "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin,"
            f" rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = '{role}'",
            "postgres",
        ],
        text=True,
    ).strip()


def _blocks(conf):
    """(depth, block header, directive) for every directive of an nginx configuration."""
    conf = re.sub(r"#[^\n]*", "", conf)
    stack, out, current = [], [], ""
    for char in conf:
        if char == "{":
            stack.append(current.strip())
            current = ""
        elif char == "}":
            stack.pop()
            current = ""
        elif char == ";":
            out.append((len(stack), stack[-1] if stack else "", " ".join(current.split())))
            current = ""
        else:
            current += char
    assert not stack, "unbalanced braces in the nginx configuration"
    return out


def test_only_nginx_publishes_a_port():
    """Threat T10.1 (exposed services): only nginx publishes ports; Odoo (8069/8072) and
    PostgreSQL are reachable only inside the Docker networks, the database only on an internal one."""
    compose = _compose()
    services = compose["services"]
    assert set(services) >= {"nginx", "odoo", "websocket", "cron", "db", "db-replica"}
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}
    assert not any(service.get("network_mode") == "host" for service in services.values())
    assert sorted(str(p).rsplit(":", 1)[-1] for p in services["nginx"]["ports"]) == ["443", "80"]
    networks = compose["networks"]
    assert services["db"]["networks"] == ["backend"]
    assert services["db-replica"]["networks"] == ["backend"]
    assert networks["backend"]["internal"] is True
    assert "frontend" not in services["cron"]["networks"]
    assert set(services["nginx"]["networks"]) == {"frontend"}
    assert services["db"]["image"].startswith("postgres:16")


def test_compose_references_are_declared():
    """What `docker compose config` checks beyond the schema: every secret, network, named
    volume and dependency a service names is declared, and the build context holds the files
    the Dockerfile copies."""
    compose = _compose()
    for name, service in compose["services"].items():
        assert set(service.get("secrets", [])) <= set(compose["secrets"]), name
        assert set(service.get("networks", [])) <= set(compose["networks"]), name
        assert set(service.get("depends_on", [])) <= set(compose["services"]), name
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert os.path.exists(os.path.join(DOCKER, source)), f"{name}: {source}"
            else:
                assert source in compose["volumes"], f"{name}: {source}"
        if "build" in service:
            context = os.path.normpath(os.path.join(DOCKER, service["build"]["context"]))
            dockerfile = os.path.join(context, service["build"]["dockerfile"])
            for line in _read(dockerfile).splitlines():
                if line.startswith("COPY "):
                    for source in line.split()[1:-1]:
                        if not source.startswith("--"):
                            assert os.path.exists(os.path.join(context, source)), source


def test_secrets_are_declared_and_no_password_is_written_anywhere():
    """Threat T10.2 (default passwords): the master password and the database password come
    from Docker secret files; no environment variable, default value or configuration file of
    docker/ holds a password."""
    compose = _compose()
    services = compose["services"]
    declared = compose["secrets"]
    for name in (*SECRETS, "tls_certificate", "tls_certificate_key"):
        assert declared[name]["file"] == f"./secrets/{name}"
    for name in ("odoo", "cron"):
        assert set(services[name]["secrets"]) >= set(SECRETS)
    assert services["db"]["secrets"] == ["db_password", "db_replication_password"]
    assert services["db-replica"]["secrets"] == ["db_replication_password"]
    assert declared["db_replication_password"]["file"] == "./secrets/db_replication_password"
    assert set(services["nginx"]["secrets"]) == {"tls_certificate", "tls_certificate_key"}
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search("PASSWORD|PASSWD|SECRET", key) and not key.endswith("_FILE"):
                pytest.fail(f"{name} sets {key}={value!r} in the environment")
    for path in ("docker-compose.yml", "odoo.conf", "Dockerfile"):
        text = _read(os.path.join(DOCKER, path))
        assert not re.search(r"^\s*(admin_passwd|db_password)\s*=", text, re.M), path
        assert not re.search(r"PASSWORD[^\n]*:-", text), f"{path} has a default password"
    # The secret files themselves never go to git.
    assert _read(os.path.join(DOCKER, "secrets", ".gitignore")).split("\n")[1:3] == ["*", "!.gitignore"]


def test_entrypoint_writes_a_safe_odoo_configuration(tmp_path):
    """Threat T10.3 (database manager, spoofed client address, master password): the
    configuration the entrypoint writes from the secrets has proxy_mode on, list_db off, no demo
    data, workers mode without cron threads, one database; the master password is stored hashed
    and 'admin' is not it; the file is readable by its owner only; Odoo runs unprivileged."""
    result, rc = _run_entrypoint(tmp_path, "id", "-u")
    assert result.returncode == 0, result.stderr
    expected_uid = int(subprocess.check_output(["id", "-u", "nobody"])) if os.geteuid() == 0 else os.geteuid()
    assert result.stdout.strip() == str(expected_uid)
    assert stat.S_IMODE(os.stat(rc).st_mode) == 0o600
    text = rc.read_text(encoding="utf-8")
    assert ADMIN_PASSWORD not in text
    options = _odoo_options(rc)
    assert options["proxy_mode"] is True
    assert options["list_db"] is False
    assert options["without_demo"] == "all"
    assert options["workers"] > 0
    assert options["max_cron_threads"] == 0
    assert options["http_enable"] is True
    assert options["gevent_port"] == 8072
    # No db_name: Odoo would create a missing database (admin/admin) at start; "init" does it.
    assert not options["db_name"]
    assert options["dbfilter"] == "^noproof$"
    assert (options["db_host"], options["db_user"]) == ("db", "odoo")
    assert options["db_password"] == DB_PASSWORD
    assert options["admin_passwd"].startswith("$pbkdf2-sha512$")
    assert options["master_ok"] is True
    assert options["admin_is_admin"] is False


@pytest.mark.parametrize(
    "secret, content, message",
    [
        ("odoo_admin_password", None, "is missing"),
        ("db_password", None, "is missing"),
        ("odoo_admin_password", "", "is empty"),
        ("db_password", "\n", "is empty"),
        ("odoo_admin_password", "admin", "shorter than 16"),
        ("db_password", "first-line-0123456789\nadmin_passwd = admin\n", "single line"),
        ("db_password", " padded-0123456789abc", "must not start or end with a space"),
    ],
)
def test_entrypoint_refuses_to_start_without_a_usable_secret(tmp_path, secret, content, message):
    """Threat T10.2 (default passwords): a missing, empty, short or multi-line secret file stops
    the container with a message naming the secret; Odoo is not started and no configuration is
    written (a second line cannot inject settings such as admin_passwd)."""
    marker = tmp_path / "started"
    result, rc = _run_entrypoint(tmp_path, "touch", str(marker), secrets={secret: content})
    assert result.returncode != 0
    assert secret in result.stderr and message in result.stderr, result.stderr
    assert not marker.exists()
    assert not rc.exists()


def test_entrypoint_refuses_same_password_and_root(tmp_path):
    """Threat T10.2: the two secrets must differ, and Odoo is never run as root."""
    result, _rc = _run_entrypoint(tmp_path, "true", secrets={"db_password": ADMIN_PASSWORD})
    assert result.returncode != 0 and "must differ" in result.stderr
    if os.geteuid() == 0:
        result, _rc = _run_entrypoint(tmp_path, "true", env={"NOPROOF_RUN_AS": "root"})
        assert result.returncode != 0 and "must not run as root" in result.stderr


def test_cron_runs_in_its_own_service(tmp_path):
    """Scaling and availability: the HTTP workers run no scheduled actions; the cron service
    runs them, with HTTP off and no port, on the same image, secrets and filestore."""
    services = _compose()["services"]
    web, cron = services["odoo"], services["cron"]
    assert web["command"] == ["odoo"]
    assert cron["command"][0] == "odoo" and "--no-http" in cron["command"]
    threads = [int(arg.split("=", 1)[1]) for arg in cron["command"] if arg.startswith("--max-cron-threads=")]
    assert threads and threads[0] > 0
    assert not cron.get("ports") and not cron.get("expose")
    assert web["build"] == cron["build"] == services["websocket"]["build"]
    assert web["volumes"] == cron["volumes"] == services["websocket"]["volumes"] == ["odoo-filestore:/var/lib/odoo"]
    result, rc = _run_entrypoint(tmp_path, "true")
    assert result.returncode == 0, result.stderr
    options = _odoo_options(rc, *cron["command"][1:])
    assert options["http_enable"] is False
    assert options["max_cron_threads"] == threads[0]
    # No queue_job runner where there is no HTTP worker to run its jobs (the web containers elect one).
    assert cron["environment"]["ODOO_QUEUE_JOB_CHANNELS"] == "root:0"
    assert {k: v for k, v in cron["environment"].items() if k != "ODOO_QUEUE_JOB_CHANNELS"} == web["environment"]
    assert options["workers"] > 0


def test_nginx_gives_odoo_the_real_client_address_and_fences_the_database_manager():
    """Threat T7 (rate limit by spoofed address) and T10.1: nginx overwrites X-Forwarded-For
    with the address it sees (never $proxy_add_x_forwarded_for), sets X-Forwarded-Host/-Proto for
    Odoo's proxy_mode, in one place that every location inherits; /web/database and the XML-RPC
    db service are refused at the proxy; /websocket goes to the gevent port 8072; uploads and
    timeouts are bounded; security headers are sent on every answer."""
    conf = _read(NGINX_CONF)
    directives = _blocks(conf)
    assert "proxy_add_x_forwarded_for" not in conf
    headers = {d.split()[1]: d.split()[2] for _depth, _h, d in directives if d.startswith("proxy_set_header ")}
    assert headers["X-Forwarded-For"] == "$remote_addr"
    assert headers["X-Forwarded-Host"] == "$host"
    assert headers["X-Forwarded-Proto"] == "$scheme"
    # Set at server level only: a location with its own proxy_set_header would drop them all.
    for _depth, header, directive in directives:
        if directive.startswith(("proxy_set_header ", "add_header ")):
            assert header.startswith("server"), f"{directive!r} inside {header!r}"
    locations = {}
    for _depth, header, directive in directives:
        if header.startswith("location"):
            locations.setdefault(header, []).append(directive)
    assert locations["location ^~ /web/database"] == ["return 404"]
    assert locations["location ~ ^/xmlrpc(/2)?/db"] == ["return 404"]
    assert "proxy_pass http://noproof_odoo_websocket" in locations["location /websocket"]
    assert re.search(r"upstream noproof_odoo_websocket\s*{[^}]*server websocket:8072 resolve;", conf)
    assert re.search(r"upstream noproof_odoo\s*{[^}]*server odoo:8069 resolve", conf)
    size = re.search(r"client_max_body_size (\d+)m;", conf)
    assert size and 1 <= int(size.group(1)) <= 128
    for timeout in ("proxy_read_timeout", "proxy_connect_timeout", "client_body_timeout"):
        assert re.search(rf"^\s*{timeout} \d+s;", conf, re.M), timeout
    for name in ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert re.search(rf"add_header {name} \"[^\"]+\" always;", conf), name
    assert "return 301 https://$host$request_uri" in conf
    assert "server_tokens off" in conf


def test_image_installs_two_factor_authentication_and_runs_the_entrypoint():
    """Threat T10.4 (stolen office or configuration password): the image carries OCA
    auth_totp_enforce (installed by `init`) under the project's constraints, and starts
    through the entrypoint; every package of requirements/docker.txt is in project.txt."""
    docker_reqs = [line.strip() for line in _read(os.path.join(ROOT, "requirements", "docker.txt")).splitlines()]
    docker_reqs = [line for line in docker_reqs if line and not line.startswith("#")]
    project = _read(os.path.join(ROOT, "requirements", "project.txt")).splitlines()
    assert "odoo-addon-auth_totp_enforce==18.0.*" in docker_reqs
    assert set(docker_reqs) <= {line.strip() for line in project}
    dockerfile = _read(os.path.join(DOCKER, "Dockerfile"))
    assert "-c /tmp/requirements/constraints.txt -r /tmp/requirements/docker.txt" in dockerfile
    assert 'ENTRYPOINT ["/usr/local/bin/noproof-entrypoint"]' in dockerfile
    assert "noproof_supervision,auth_totp_enforce" in _read(ENTRYPOINT)


def test_postgres_role_of_odoo_is_not_a_superuser(tmp_path):
    """Threat T6 (SQL run inside Odoo switching off the ledger's triggers): the init script of
    the db service creates Odoo's role as an ordinary role that may create databases, with the
    password of the secret file (read by psql, not passed on a command line). Run for real
    against the local PostgreSQL with a throwaway role."""
    role = f"noproof_deploy_{uuid.uuid4().hex[:8]}"
    secret = tmp_path / "db_password"
    secret.write_text(DB_PASSWORD + "\n", encoding="utf-8")
    superuser = subprocess.check_output(["psql", "-XAtc", "SELECT current_user", "postgres"], text=True).strip()
    try:
        result = _run_init_script(
            "initdb-odoo-role.sh",
            NOPROOF_DB_USER=role,
            NOPROOF_DB_PASSWORD_FILE=str(secret),
            POSTGRES_USER=superuser,
        )
        assert result.returncode == 0, result.stderr
        flags = _role_flags(role)
        assert flags == "f|t|f|f|f|t|t"
    finally:
        subprocess.run(["psql", "-XAtc", f'DROP ROLE IF EXISTS "{role}"', "postgres"], capture_output=True, check=False)
    assert "--password" not in _read(os.path.join(DOCKER, "postgres", "initdb-odoo-role.sh"))


def test_scaled_out_stack(tmp_path):
    """Scaling out (README, "Scaling out"): several containers of HTTP workers behind nginx, which
    re-resolves their addresses; the websocket on its own gevent service; a streaming replica
    that Odoo's read-only routes use through db_replica_host (falling back to the primary);
    PostgreSQL accepts the connections every Odoo process may hold."""
    compose = _compose()
    services = compose["services"]
    assert services["odoo"]["deploy"]["replicas"] == "${NOPROOF_WEB_REPLICAS:-2}"
    assert services["websocket"]["command"] == ["odoo", "gevent"]
    assert not services["websocket"].get("ports") and services["websocket"]["expose"] == ["8072"]
    assert services["odoo"]["expose"] == ["8069"]
    assert services["db-replica"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert compose["volumes"].keys() >= {"db-data", "db-replica-data", "odoo-filestore"}
    conf = _read(NGINX_CONF)
    assert re.search(r"^resolver 127\.0\.0\.11 valid=\d+s", conf, re.M)
    result, rc = _run_entrypoint(tmp_path, "true", env={"NOPROOF_DB_REPLICA_HOST": "db-replica"})
    assert result.returncode == 0, result.stderr
    options = _odoo_options(rc)
    assert (options["db_replica_host"], str(options["db_replica_port"])) == ("db-replica", "5432")
    # Every Odoo process keeps up to db_maxconn connections: in each web container its main process,
    # its HTTP workers and the gevent process it starts; the websocket server; the cron service's
    # main process and cron workers. Both PostgreSQL servers accept them all.
    replicas = 2
    cron_threads = int(next(a.split("=")[1] for a in services["cron"]["command"] if a.startswith("--max-cron")))
    processes = replicas * (options["workers"] + 2) + 1 + (1 + cron_threads)
    for name in ("db", "db-replica"):
        command = services[name]["command"]
        max_connections = int(next(arg.split("=", 1)[1] for arg in command if arg.startswith("max_connections=")))
        assert processes * options["db_maxconn"] <= max_connections - 10, (name, processes, options["db_maxconn"])
    result, rc = _run_entrypoint(tmp_path, "true")
    assert not _odoo_options(rc)["db_replica_host"]


def test_public_and_report_routes_are_read_only():
    """The routes that only read (the public lists and their exports, service guides, the
    commitment check page, the ledger anchors, the office overview) are marked read-only, so that
    Odoo 18 serves them from the replica."""
    from odoo.addons.noproof_catalog.controllers.portal import NoproofPortal
    from odoo.addons.noproof_commitment.controllers.main import NoproofCommitmentPortal
    from odoo.addons.noproof_supervision.models.noproof_complaint import NoproofComplaint

    for method in (
        NoproofPortal.portal_index,
        NoproofPortal.portal_level,
        NoproofPortal.portal_list,
        NoproofPortal.portal_list_json,
        NoproofPortal.portal_list_csv,
        NoproofPortal.portal_guide,
        NoproofCommitmentPortal.commitment_page,
    ):
        assert method.original_routing["readonly"] is True, method.__name__
    assert NoproofComplaint.noproof_overview._readonly is True


def test_replication_role_may_only_replicate(tmp_path):
    """Threat T6 (a replication password that opens the data): the primary's init script creates
    the replica's role with REPLICATION only (no superuser, no database or role creation, no
    login to read tables beyond what any role may), its slot, and the pg_hba.conf line for
    replication connections with a password. Run for real against the local PostgreSQL."""
    role = f"noproof_repl_{uuid.uuid4().hex[:8]}"
    slot = f"noproof_slot_{uuid.uuid4().hex[:8]}"
    secret = tmp_path / "db_replication_password"
    secret.write_text(DB_PASSWORD + "\n", encoding="utf-8")
    (tmp_path / "pg_hba.conf").write_text("local all all trust\n", encoding="utf-8")
    superuser = subprocess.check_output(["psql", "-XAtc", "SELECT current_user", "postgres"], text=True).strip()
    try:
        result = _run_init_script(
            "initdb-replication.sh",
            NOPROOF_REPLICATION_USER=role,
            NOPROOF_REPLICATION_PASSWORD_FILE=str(secret),
            NOPROOF_REPLICATION_SLOT=slot,
            POSTGRES_USER=superuser,
            PGDATA=str(tmp_path),
        )
        assert result.returncode == 0, result.stderr
        flags = _role_flags(role)
        assert flags == "f|f|f|t|f|t|t"
        slots = subprocess.check_output(
            ["psql", "-XAtc", f"SELECT slot_type FROM pg_replication_slots WHERE slot_name = '{slot}'", "postgres"],
            text=True,
        ).strip()
        assert slots == "physical"
        hba = (tmp_path / "pg_hba.conf").read_text(encoding="utf-8").splitlines()
        assert f"host replication {role} all scram-sha-256" in hba
    finally:
        subprocess.run(
            [
                "psql",
                "-XAtc",
                f"SELECT pg_drop_replication_slot('{slot}') FROM pg_replication_slots WHERE slot_name = '{slot}'",
                "postgres",
            ],
            capture_output=True,
            check=False,
        )
        subprocess.run(["psql", "-XAtc", f'DROP ROLE IF EXISTS "{role}"', "postgres"], capture_output=True, check=False)
    replica = _read(os.path.join(DOCKER, "postgres", "replica-start.sh"))
    assert "--password" not in replica and "PGPASSWORD" not in replica
