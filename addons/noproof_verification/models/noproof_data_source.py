import ipaddress
import json
import logging
import time
import uuid
from urllib.parse import urlsplit

import requests

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# High-frequency shared data (Luzhou art. 13) and the other registers the demo cities share.
SHARED_DATA_KINDS = [
    ("birth", "Birth"),
    ("death", "Death"),
    ("household", "Household Registration"),
    ("real_estate", "Real Estate"),
    ("vehicle", "Vehicle"),
    ("social_security", "Social Security"),
    ("marriage", "Marriage Registration"),
    ("social_assistance", "Social Assistance"),
    ("health", "Health Certificates"),
    ("other", "Other"),
]
MAX_TIMEOUT = 120
# The most a dataset answer may weigh; the connector stops reading past it.
MAX_RESPONSE_BYTES = 1024 * 1024
RESPONSE_CHUNK = 16 * 1024
# Headers the provider uses to refuse replayed requests (see controllers/main.py).
NONCE_HEADER = "X-Noproof-Nonce"
TIMESTAMP_HEADER = "X-Noproof-Timestamp"
LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def is_loopback(host):
    """Whether ``host`` is this machine (127.0.0.0/8, ::1, localhost)."""
    host = (host or "").strip("[]").lower().rstrip(".")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read_capped(response, remaining):
    """The body of a streamed ``response``, or None past ``MAX_RESPONSE_BYTES``.

    Each read returns what one receive brings, and the socket waits at most what is
    left before the overall deadline (``remaining()``, which raises past it): a server
    dripping its answer byte by byte cannot hold the connector longer."""
    raw = response.raw
    fp = getattr(raw, "_fp", None)
    sock = getattr(getattr(raw, "_connection", None), "sock", None)
    if fp is None or not hasattr(fp, "read1"):
        body = raw.read(MAX_RESPONSE_BYTES + 1, decode_content=True)
        remaining()
        return None if len(body) > MAX_RESPONSE_BYTES else body
    chunks, size = [], 0
    while True:
        if sock is not None:
            sock.settimeout(remaining())
        try:
            chunk = fp.read1(RESPONSE_CHUNK)
        except TimeoutError as error:
            raise requests.exceptions.Timeout(str(error)) from error
        except OSError as error:
            raise requests.exceptions.ConnectionError(str(error)) from error
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            return None
        chunks.append(chunk)
        remaining()
    return b"".join(chunks)


class DataSourceError(Exception):
    """The remote side did not give a usable answer; the message is for the clerk."""


class NoproofDataSource(models.Model):
    """A shared dataset reached through the HTTP JSON connector.

    Protocol: ``POST <endpoint>`` with ``Authorization: Bearer <API key>``, a fresh
    ``X-Noproof-Nonce`` and the ``X-Noproof-Timestamp`` (Unix seconds), and the
    JSON body ``{"id_number": ..., "name": ..., "purpose": ...}``; the answer is
    ``{"found": bool, "records": [{...}, ...]}``. Any instance of this add-on
    serves its datasets under that protocol at ``/noproof/data/<code>``.
    """

    _name = "noproof.data.source"
    _description = "Shared Data Source"
    _inherit = ["mail.thread"]
    _order = "company_id, kind, name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(SHARED_DATA_KINDS, required=True, default="household", tracking=True)
    provider_id = fields.Many2one(
        "noproof.organization",
        string="Provided By",
        help="The organization that holds the data, e.g. the big-data centre (大数据发展中心).",
    )
    endpoint_url = fields.Char(
        string="Endpoint",
        required=True,
        tracking=True,
        help="Full URL of the dataset, e.g. https://data.example.gov.cn/noproof/data/household",
    )
    api_key = fields.Char(
        string="API Key",
        groups="base.group_system",
        copy=False,
        help="Sent as 'Authorization: Bearer <key>'. On an instance of this add-on it is the API key of a user "
        "who is a shared-data API client there.",
    )
    timeout = fields.Float(
        string="Timeout (seconds)", default=10.0, required=True, help="How long to wait for the answer."
    )
    field_ids = fields.One2many("noproof.data.source.field", "source_id", string="Field Mapping", copy=True)
    query_ids = fields.One2many("noproof.data.query", "source_id", string="Queries")
    query_count = fields.Integer(compute="_compute_query_count")
    note = fields.Text()

    @api.constrains("timeout")
    def _check_timeout(self):
        for source in self:
            if not 0 < source.timeout <= MAX_TIMEOUT:
                raise ValidationError(
                    _(
                        "%(data_source)s: the timeout must be between 0 and %(max)s seconds.",
                        data_source=source.name,
                        max=MAX_TIMEOUT,
                    )
                )

    @api.constrains("endpoint_url", "company_id")
    def _check_endpoint_url(self):
        for source in self:
            problem = source._noproof_endpoint_problem()
            if problem:
                raise ValidationError(problem)

    def _noproof_endpoint_problem(self):
        """Why the connector may not call this source's endpoint, or None: it must be
        HTTPS (plain HTTP only to this machine, for tests) and, when the level keeps
        a list of allowed hosts, one of them."""
        self.ensure_one()
        url = (self.endpoint_url or "").strip()
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            parts, host = None, ""
        if not parts or parts.scheme.lower() not in ("http", "https") or not host:
            return _("%(data_source)s: the endpoint must be an https:// address.", data_source=self.name)
        if parts.username or parts.password:
            return _(
                "%(data_source)s: the endpoint must not carry a user name or password; the API key is sent separately.",
                data_source=self.name,
            )
        if parts.scheme.lower() == "http" and not is_loopback(host):
            return _(
                "%(data_source)s: the endpoint must be an https:// address; plain http:// is allowed only to "
                "this machine (127.0.0.1, ::1, localhost), for tests.",
                data_source=self.name,
            )
        allowed = self.company_id._noproof_allowed_hosts() if self.company_id else set()
        if allowed and host.lower().rstrip(".") not in allowed:
            return _(
                "%(data_source)s: %(host)s is not among the data-source hosts allowed for %(level)s. Ask the "
                "administrator to add it to the level's settings, or use an allowed host.",
                data_source=self.name,
                host=host,
                level=self.company_id.name,
            )
        return None

    def _compute_query_count(self):
        counts = dict(
            self.env["noproof.data.query"]._read_group([("source_id", "in", self.ids)], ["source_id"], ["__count"])
        )
        for source in self:
            source.query_count = counts.get(source, 0)

    # ---------------------------------------------------------------- connector
    def _noproof_fetch(self, id_number, name, purpose):
        """Ask the remote dataset about one subject.

        :return: the list of records found (dicts, possibly empty)
        :raise DataSourceError: with a message for the clerk when the remote side
            times out, cannot be reached, refuses us or answers nonsense
        """
        self.ensure_one()
        source = self.sudo()
        names = {"data_source": source.name, "timeout": f"{source.timeout:g}"}
        if not source.api_key:
            raise DataSourceError(
                _("%(data_source)s has no API key: ask the administrator to configure the data source.", **names)
            )
        problem = source._noproof_endpoint_problem()
        if problem:
            raise DataSourceError(problem)
        started = time.monotonic()
        try:
            status, reason, body = source._noproof_post(
                {"id_number": id_number, "name": name, "purpose": purpose}, started + source.timeout
            )
        except requests.exceptions.Timeout as error:
            raise DataSourceError(
                _(
                    "%(data_source)s did not answer within %(timeout)s seconds. Try again later, or verify the "
                    "information another way.",
                    **names,
                )
            ) from error
        except requests.exceptions.RequestException as error:
            _logger.info("Data source %s unreachable: %s", source.name, error)
            raise DataSourceError(
                _("%(data_source)s cannot be reached. Try again later, or verify the information another way.", **names)
            ) from error
        if body is None:
            raise DataSourceError(
                _(
                    "%(data_source)s answered more than %(size)s KiB: the answer was not read. Ask the administrator "
                    "to check the endpoint.",
                    size=MAX_RESPONSE_BYTES // 1024,
                    **names,
                )
            )
        if 300 <= status < 400:
            raise DataSourceError(
                _(
                    "%(data_source)s answered with a redirection (HTTP %(status)s), which the connector does not "
                    "follow. Ask the administrator to set the endpoint to the final address.",
                    status=status,
                    **names,
                )
            )
        if status in (401, 403):
            raise DataSourceError(
                _(
                    "%(data_source)s refused our credentials (HTTP %(status)s): ask the administrator to check the "
                    "API key.",
                    status=status,
                    **names,
                )
            )
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if status != 200:
            detail = payload.get("error") if isinstance(payload, dict) else reason
            raise DataSourceError(
                _(
                    "%(data_source)s answered with an error (HTTP %(status)s): %(detail)s",
                    status=status,
                    detail=detail,
                    **names,
                )
            )
        if not isinstance(payload, dict) or not isinstance(payload.get("records", []), list):
            raise DataSourceError(
                _(
                    "%(data_source)s answered something that is not a dataset answer. Ask the administrator to check "
                    "the endpoint.",
                    **names,
                )
            )
        records = [record for record in payload.get("records") or [] if isinstance(record, dict)]
        return records if payload.get("found", bool(records)) else []

    def _noproof_post(self, payload, deadline):
        """POST ``payload`` to the endpoint and read the answer before ``deadline``
        (a ``time.monotonic()`` value): no redirect followed, at most
        ``MAX_RESPONSE_BYTES`` read.

        :return: (status, reason, body bytes or None when the answer is too large)
        :raise requests.exceptions.Timeout: past the deadline, whatever the socket does
        """
        self.ensure_one()
        source = self.sudo()

        def remaining():
            left = deadline - time.monotonic()
            if left <= 0:
                raise requests.exceptions.Timeout("overall deadline reached")
            return left

        headers = {
            "Authorization": f"Bearer {source.api_key}",
            "Accept": "application/json",
            "Accept-Encoding": "identity",  # what is read is what is counted
            NONCE_HEADER: uuid.uuid4().hex,
            TIMESTAMP_HEADER: str(int(time.time())),
        }
        with requests.Session() as session:
            session.trust_env = False  # no proxy or .netrc credentials from the environment
            response = session.post(
                source.endpoint_url,
                json=payload,
                headers=headers,
                timeout=remaining(),
                allow_redirects=False,
                stream=True,
            )
            with response:
                if 300 <= response.status_code < 400:
                    return response.status_code, response.reason, b""
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                    return response.status_code, response.reason, None
                return response.status_code, response.reason, _read_capped(response, remaining)

    def action_test_connection(self):
        """Check the endpoint and the key with a look-up that cannot match anybody."""
        self.ensure_one()
        started = time.monotonic()
        try:
            self._noproof_fetch("0" * 18, "", _("Connection test"))
        except DataSourceError as error:
            raise UserError(str(error)) from error
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(data_source)s answered in %(ms)s ms.",
                    data_source=self.name,
                    ms=int((time.monotonic() - started) * 1000),
                ),
            },
        }

    def action_view_queries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_verification.action_noproof_data_query")
        action["domain"] = [("source_id", "=", self.id)]
        return action

    @api.model
    def _noproof_connect_own_datasets(self, source_datasets, client_user_id, base_url=None):
        """Point data sources at datasets this instance serves, authenticated with a
        new API key of ``client_user_id`` (a shared-data API client): for a city
        whose big-data centre runs on the same instance.

        :param dict source_datasets: ``{data source id: dataset code}``
        :param str base_url: this instance's address; default ``web.base.url``
        """
        client = self.env["res.users"].browse(client_user_id)
        if not client.has_group("noproof_verification.group_data_client"):
            raise UserError(
                _("%(user)s is not a shared-data API client: add them to that group first.", user=client.name)
            )
        base_url = (base_url or self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")).rstrip("/")
        key = (
            self.env["res.users.apikeys"]
            .with_user(client)
            .sudo()
            ._generate(None, _("No-Proof shared data (this instance)"), None)
        )
        Dataset = self.env["noproof.dataset"].sudo()
        for source_id, code in source_datasets.items():
            dataset = Dataset.search([("code", "=", code)], limit=1)
            if dataset and not dataset._noproof_granted_to(client):
                dataset.client_company_ids = [Command.link(client.company_id.id)]
            self.browse(int(source_id)).sudo().write(
                {"endpoint_url": f"{base_url}/noproof/data/{code}", "api_key": key}
            )
        return key
