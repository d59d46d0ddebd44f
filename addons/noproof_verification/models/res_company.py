from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Where a ticket left unanswered past its deadline is reported.
OVERDUE_OFFICES = [
    ("same_level", "The office of the level that sent the ticket (Taizhou art. 11 ¶3)"),
    ("city", "The city's office, also for tickets of its counties (Luzhou art. 12)"),
]
# Grounds on which the applicant may be asked for a supplement.
SUPPLEMENT_GROUNDS = [
    (
        "shared_or_ticket",
        "Shared data or a verification ticket found nothing or a mismatch (Taizhou arts. 10 ¶2, 12)",
    ),
    (
        "mismatch",
        "Shared data, a verification ticket or the organization's own investigation found a mismatch (Luzhou art. 15)",
    ),
]


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

    # Statute settings (read with _noproof_setting: empty on a county = as its city).
    noproof_overdue_office = fields.Selection(
        OVERDUE_OFFICES,
        string="Overdue Tickets Reported To",
        help="Which joint-conference office an overdue verification ticket of this level and its counties is "
        "reported to: Taizhou art. 11 ¶3 names the office of the same level, Luzhou art. 12 the city's office. "
        "Set it on the city; empty on a county: as its city; empty everywhere: the same level.",
    )
    noproof_supplement_grounds = fields.Selection(
        SUPPLEMENT_GROUNDS,
        string="Supplement Only When",
        help="When the applicant may be asked to supplement material. Taizhou art. 12: when the shared-data "
        "look-up or the verification ticket found nothing or data that does not match. Luzhou art. 15: when "
        "shared data, a verification ticket or the organization's own investigation found data that does not "
        "match. Either way the supplement names the certificates of the item it stands for. Empty on a county: "
        "as its city; empty everywhere: the first choice.",
    )

    # The level's own verification letters (Luzhou art. 9), editable copies of the standard ones made by a preset;
    # an item may still have its own. Read with _noproof_setting: empty on a county = its city's letters.
    noproof_ticket_request_template_id = fields.Many2one(
        "mail.template",
        string="Request Letter (协查函)",
        domain=[("model", "=", "noproof.verification.ticket")],
        help="The level's letter sent with verification tickets, unless the item has its own. Empty on a county: "
        "its city's letter; empty everywhere: the standard letter.",
    )
    noproof_ticket_response_template_id = fields.Many2one(
        "mail.template",
        string="Response Letter (反馈函)",
        domain=[("model", "=", "noproof.verification.ticket")],
        help="The level's answer to verification tickets, unless the item has its own. Empty on a county: its "
        "city's letter; empty everywhere: the standard letter.",
    )

    def _noproof_overdue_office_company(self):
        """The level whose joint-conference office receives this level's overdue
        tickets: this level, or its city (``noproof_overdue_office``)."""
        self.ensure_one()
        if self._noproof_setting("noproof_overdue_office") != "city":
            return self
        city = self
        while city.sudo().parent_id:
            city = city.sudo().parent_id
        return city.with_env(self.env)

    def _noproof_supplement_grounds(self):
        self.ensure_one()
        return self._noproof_setting("noproof_supplement_grounds") or "shared_or_ticket"

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
