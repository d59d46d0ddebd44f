from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    noproof_waiting_excluded = fields.Selection(
        [
            ("all", "For Every Item"),
            ("immediate", "For Immediate Items Only"),
            ("none", "Never"),
        ],
        string="Exclude Verification Time",
        default="all",
        required=True,
        help="Whether the time a case waits for verification tickets is left out of the time on which the "
        "handling organization is assessed. Taizhou art. 11 ¶4 leaves it out for every item; Luzhou art. 10 "
        "for immediate items (即办件).",
    )
    noproof_retention_days = fields.Integer(
        string="Keep Shared Data (Days)",
        help="How long the data found by shared-data look-ups and the whole identity numbers copied into "
        "verification request letters are kept; then a scheduled action removes them (the ledger keeps its "
        "hashes, the letters keep the masked number). Empty on a county: its city's period. Empty on a city: "
        "kept without limit.",
    )
    noproof_data_hosts = fields.Text(
        string="Allowed Data-Source Hosts",
        help="Host names that this level's data sources may connect to, one per line or separated by commas "
        "(e.g. data.taizhou.gov.cn). Empty on a county: its city's list. Empty on a city: any HTTPS host.",
    )

    def _noproof_retention(self):
        """The retention period in days of this level (0: without limit); a county
        without its own follows its city (``_noproof_setting``)."""
        return max(self._noproof_setting("noproof_retention_days") or 0, 0)

    def _noproof_allowed_hosts(self):
        """The host names this level's data sources may reach (empty: any)."""
        text = self._noproof_setting("noproof_data_hosts") or ""
        return {host.strip().lower().rstrip(".") for host in text.replace(",", "\n").split() if host.strip()}

    @api.constrains("noproof_retention_days")
    def _check_noproof_retention_days(self):
        for company in self:
            if company.noproof_retention_days < 0:
                raise ValidationError(
                    _("%(level)s: the retention period is a number of days, 0 or more.", level=company.name)
                )
