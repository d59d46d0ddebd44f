import logging
import time

import requests

from odoo import _, api, fields, models
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


class DataSourceError(Exception):
    """The remote side did not give a usable answer; the message is for the clerk."""


class NoproofDataSource(models.Model):
    """A shared dataset reached through the HTTP JSON connector.

    Protocol: ``POST <endpoint>`` with ``Authorization: Bearer <API key>`` and the
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
        groups="noproof_catalog.group_manager",
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

    @api.constrains("endpoint_url")
    def _check_endpoint_url(self):
        for source in self:
            if not (source.endpoint_url or "").lower().startswith(("http://", "https://")):
                raise ValidationError(
                    _("%(data_source)s: the endpoint must be an http:// or https:// address.", data_source=source.name)
                )

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
        try:
            response = requests.post(
                source.endpoint_url,
                json={"id_number": id_number, "name": name, "purpose": purpose},
                headers={"Authorization": f"Bearer {source.api_key}", "Accept": "application/json"},
                timeout=source.timeout,
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
        if response.status_code in (401, 403):
            raise DataSourceError(
                _(
                    "%(data_source)s refused our credentials (HTTP %(status)s): ask the administrator to check the "
                    "API key.",
                    status=response.status_code,
                    **names,
                )
            )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if response.status_code != 200:
            detail = payload.get("error") if isinstance(payload, dict) else response.reason
            raise DataSourceError(
                _(
                    "%(data_source)s answered with an error (HTTP %(status)s): %(detail)s",
                    status=response.status_code,
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
        for source_id, code in source_datasets.items():
            self.browse(int(source_id)).sudo().write(
                {"endpoint_url": f"{base_url}/noproof/data/{code}", "api_key": key}
            )
        return key
