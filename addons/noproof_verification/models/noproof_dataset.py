import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .noproof_data_source import SHARED_DATA_KINDS

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,63}$")


class NoproofDataset(models.Model):
    """A dataset this instance serves to others under the shared-data protocol
    (the role of the big-data centre, Taizhou art. 9, Luzhou art. 13), at
    ``/noproof/data/<code>`` for users who are shared-data API clients."""

    _name = "noproof.dataset"
    _description = "Served Dataset"
    _inherit = ["mail.thread"]
    _order = "company_id, code"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Lower-case letters, digits, '-' and '_': the last part of the dataset's address.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(SHARED_DATA_KINDS, required=True, default="household")
    provider_id = fields.Many2one("noproof.organization", string="Held By")
    description = fields.Text()
    client_company_ids = fields.Many2many(
        "res.company",
        "noproof_dataset_client_company_rel",
        "dataset_id",
        "company_id",
        string="Also Granted To",
        help="Levels whose shared-data API clients may query this dataset besides its own level. A level's "
        "counties share its grant. A client of any other level is refused.",
    )
    record_ids = fields.One2many("noproof.dataset.record", "dataset_id", string="Records")
    record_count = fields.Integer(compute="_compute_record_count")
    url = fields.Char(compute="_compute_url", string="Address")

    _sql_constraints = [("code_uniq", "unique(code)", "Another dataset already uses this code.")]

    @api.constrains("code")
    def _check_code(self):
        for dataset in self:
            if not CODE_PATTERN.match(dataset.code or ""):
                raise ValidationError(
                    _(
                        "%(code)s is not a valid dataset code: use 2 to 64 lower-case letters, digits, '-' or '_'.",
                        code=dataset.code,
                    )
                )

    def _compute_record_count(self):
        counts = dict(
            self.env["noproof.dataset.record"]._read_group(
                [("dataset_id", "in", self.ids)], ["dataset_id"], ["__count"]
            )
        )
        for dataset in self:
            dataset.record_count = counts.get(dataset, 0)

    @api.depends("code")
    def _compute_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for dataset in self:
            dataset.url = f"{base}/noproof/data/{dataset.code}" if dataset.code else False

    def _noproof_granted_to(self, user):
        """Whether the API key of ``user`` (a shared-data client, who belongs to
        levels) may query this dataset: its level, or a level it was granted to, or
        one of their counties."""
        self.ensure_one()
        dataset = self.sudo()
        levels = dataset.company_id | dataset.client_company_ids
        user_levels = user.sudo().company_ids
        return bool(user_levels & levels or user_levels.parent_id & levels)

    def _noproof_lookup(self, id_number):
        """The data of the records about ``id_number``."""
        self.ensure_one()
        number = "".join((id_number or "").split()).upper()
        records = (
            self.env["noproof.dataset.record"]
            .sudo()
            .search([("dataset_id", "=", self.id), ("subject_id_number", "=", number)], order="id")
        )
        return [dict(record.data or {}) for record in records]
