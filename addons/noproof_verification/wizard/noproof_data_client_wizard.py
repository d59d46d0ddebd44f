from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

KEY_NAME = "No-Proof shared data"
DEFAULT_KEY_DAYS = 365


class NoproofDataClientWizard(models.TransientModel):
    """Give another level access to datasets this instance serves (issue 16), on the providing side: creates the
    shared-data API client of that level (or reuses it), grants it the datasets and issues its key — a key made
    for machine-to-machine use, with an expiry the setup checklist watches, replaced (rotated) by running the
    wizard again. The key is shown once. Data sources of this instance can be wired to the datasets at once."""

    _name = "noproof.data.client.wizard"
    _description = "Give a Level Access to Shared Datasets"

    client_company_id = fields.Many2one(
        "res.company",
        string="Level That Queries",
        required=True,
        default=lambda self: self.env.company,
        help="The level whose data sources will query the datasets (on this instance or another one).",
    )
    dataset_ids = fields.Many2many("noproof.dataset", string="Datasets", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Existing Client",
        domain=lambda self: [("groups_id", "in", self.env.ref("noproof_verification.group_data_client").ids)],
        help="Choose the level's client to replace its key (rotation); leave empty to create a new client.",
    )
    name = fields.Char(string="Client Name", help="e.g. 温州市数据共享接口")
    login = fields.Char(help="The technical login of the client, e.g. wz_data_client.")
    expiry_date = fields.Date(
        string="Key Valid Until",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=DEFAULT_KEY_DAYS),
        help="The key stops working after this day; the setup checklist warns 30 days before. Empty: never "
        "expires (rotate it by hand).",
    )
    source_ids = fields.Many2many(
        "noproof.data.source",
        string="Wire These Data Sources",
        help="Data sources of this instance to point at the datasets (matched by kind of data) with the new key.",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True)
    key = fields.Char(string="API Key", readonly=True)
    endpoints = fields.Text(readonly=True)

    @api.onchange("client_company_id")
    def _onchange_client_company_id(self):
        if self.client_company_id and not self.name:
            self.name = _("%(level)s Data Client", level=self.client_company_id.name)

    def _noproof_check_allowed(self):
        user = self.env.user
        levels = self.dataset_ids.company_id | self.source_ids.company_id
        if not user.has_group("noproof_catalog.group_manager") or levels - user.company_ids:
            raise AccessError(
                _("Only a configuration administrator of the levels serving these datasets may give access to them.")
            )

    def action_issue_key(self):
        self.ensure_one()
        self._noproof_check_allowed()
        client = self.user_id.sudo() or self._noproof_create_client()
        if self.client_company_id not in client.company_ids:
            raise UserError(
                _(
                    "%(client)s is not a client of %(level)s: choose that level's client, or leave Existing Client "
                    "empty.",
                    client=client.name,
                    level=self.client_company_id.name,
                )
            )
        for dataset in self.dataset_ids.sudo():
            if not dataset._noproof_granted_to(client):
                dataset.client_company_ids = [Command.link(self.client_company_id.id)]
        key = self._noproof_rotate_key(client)
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        urls = {dataset: f"{base_url}/noproof/data/{dataset.code}" for dataset in self.dataset_ids}
        for source in self.source_ids.sudo():
            dataset = self.dataset_ids.filtered(lambda d, kind=source.kind: d.kind == kind)[:1]
            if not dataset:
                raise UserError(
                    _(
                        "None of the chosen datasets holds the kind of data of %(data_source)s: add one, or leave "
                        "it out.",
                        data_source=source.name,
                    )
                )
            source.write({"endpoint_url": urls[dataset], "api_key": key, "api_key_expiry": self.expiry_date})
        self.write(
            {
                "state": "done",
                "user_id": client.id,
                "key": key,
                "endpoints": "\n".join(f"{dataset.name}: {url}" for dataset, url in urls.items()),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("The Client's Key"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _noproof_create_client(self):
        if not (self.login or "").strip():
            raise UserError(_("Give the new client a login, e.g. wz_data_client."))
        company = self.client_company_id
        return (
            self.env["res.users"]
            .sudo()
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": self.name or _("%(level)s Data Client", level=company.name),
                    "login": self.login.strip(),
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(self.env.ref("noproof_verification.group_data_client").ids)],
                }
            )
        )

    def _noproof_rotate_key(self, client):
        """A new key for ``client``; the keys issued before stop working now."""
        Keys = self.env["res.users.apikeys"].sudo()
        Keys.search([("user_id", "=", client.id), ("name", "=like", f"{KEY_NAME}%")]).unlink()
        expiry = fields.Datetime.to_datetime(self.expiry_date) + timedelta(days=1) if self.expiry_date else None
        return Keys.with_user(client).sudo()._generate(None, KEY_NAME, expiry)
