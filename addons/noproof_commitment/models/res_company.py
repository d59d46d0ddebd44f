from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Taizhou art. 8 ¶4: "两年内" - no level may bar an applicant from commitment for longer.
STATUTORY_MAX_BAR_MONTHS = 24
FALSE_PROMISE_ACTORS = [
    ("organization", "The deciding organ: the item's handling organization"),
    ("office", "The joint-conference office"),
]
STAFF_EXEMPTION_RULES = [
    ("by_law", "Never held liable: exemption granted by law (Taizhou art. 8 ¶3)"),
    ("conditions", "Exempt only when the five conditions hold (Luzhou art. 20)"),
]
BAR_POLICIES = [
    ("decision", "The deciding organ may decide a bar (Taizhou art. 8 ¶4)"),
    ("none", "No bar on commitment"),
]
# What a level that sets nothing (and whose city sets nothing) does.
DEFAULT_FALSE_PROMISE_ACTOR = "organization"
DEFAULT_STAFF_EXEMPTION_RULE = "conditions"
DEFAULT_BAR_POLICY = "decision"
DEFAULT_COMMITMENT_FALLBACK = "allowed"


class ResCompany(models.Model):
    _inherit = "res.company"

    noproof_commitment_bar_months = fields.Integer(
        string="Longest Bar (Months)",
        default=24,
        help="The longest bar the deciding organ may decide on an applicant after a false promise (at most "
        "two years, Taizhou art. 8 ¶4). Set on the city: the bar applies across the city and all its counties.",
    )
    # ------------------------------------------------ statute settings (issue 12)
    # Empty on a county: as its city (res.company._noproof_setting).
    noproof_false_promise_actor = fields.Selection(
        FALSE_PROMISE_ACTORS,
        string="Who Acts on a False Promise",
        help="Taizhou art. 8 ¶3: the administrative organ that decided (the item's handling organization: its "
        "clerks, and the configuration managers of its level acting for it) orders rectification or revokes its "
        "decision; the joint-conference office oversees. Luzhou art. 8 gives the follow-up to the approving "
        "department (审批部门) and arts. 19-20 give the office no power over the applicant: also the deciding "
        "organ. Empty on a county: as its city.",
    )
    noproof_staff_exemption_rule = fields.Selection(
        STAFF_EXEMPTION_RULES,
        string="Staff Exemption After a False Promise",
        help="Taizhou art. 8 ¶3: the organ and its staff are never evaluated negatively nor held liable for an "
        "applicant's false promise; the exemption is recorded as granted by law and no review is opened. "
        "Luzhou art. 20: the unit and its staff (the clerk and the approver) are exempt only when all five "
        "conditions hold, which the office reviews. Empty on a county: as its city.",
    )
    noproof_commitment_bar_policy = fields.Selection(
        BAR_POLICIES,
        string="Bar on Commitment",
        help="Taizhou art. 8 ¶4: after an unrectified false promise or a revocation, the deciding organ may "
        "decide that the applicant may not use commitment for up to two years. Luzhou's measures have no such "
        "bar. Empty on a county: as its city.",
    )
    noproof_commitment_fallback = fields.Selection(
        [("allowed", "Allowed where the rule allows it"), ("no", "Not allowed")],
        string="Commitment When Nothing Confirms",
        help="Luzhou art. 14 ¶1: when neither shared data nor a verification ticket can establish the fact, the "
        "approving department may handle it on the applicant's commitment, where the rule allows one. Taizhou "
        "art. 13 names on-site checks and third parties only. Empty on a county: as its city.",
    )
    noproof_commitment_rectification_days = fields.Integer(
        string="Rectification Period (Days)",
        default=30,
        help="The deadline proposed when the office orders an applicant to rectify a false promise "
        "(Taizhou art. 8 ¶3); the office may change it in each order.",
    )
    noproof_commitment_follow_up_summary = fields.Char(
        string="Effective Follow-Up Deadline",
        compute="_compute_noproof_commitment_follow_up_summary",
        help="The deadline policy for commitments of this level, or of its city (Luzhou art. 8: 3 days).",
    )

    @api.constrains("noproof_commitment_bar_months", "noproof_commitment_rectification_days")
    def _check_noproof_commitment_figures(self):
        for company in self:
            if min(company.noproof_commitment_bar_months, company.noproof_commitment_rectification_days) < 0:
                raise ValidationError(
                    _("%(level)s: commitment deadlines and bars cannot be negative.", level=company.name)
                )
            if company.noproof_commitment_bar_months > STATUTORY_MAX_BAR_MONTHS:
                raise ValidationError(
                    _(
                        "%(level)s: a bar on commitment lasts at most %(months)s months (%(article)s).",
                        article=company._noproof_cite(taizhou="Taizhou art. 8 ¶4"),
                        level=company.name,
                        months=STATUTORY_MAX_BAR_MONTHS,
                    )
                )
            if company.noproof_commitment_rectification_days == 0:
                raise ValidationError(
                    _("%(level)s: a rectification period must be at least one day.", level=company.name)
                )

    @api.depends("parent_id")
    @api.depends_context("uid")
    def _compute_noproof_commitment_follow_up_summary(self):
        for company in self:
            policy = company._noproof_commitment_policy()
            company.noproof_commitment_follow_up_summary = (
                _(
                    "%(deadline)s (%(policy)s, %(level)s)",
                    deadline=policy.summary,
                    policy=policy.name,
                    level=policy.company_id.name,
                )
                if policy
                else _("No deadline policy for commitments: set one in the deadline policies.")
            )

    def _noproof_commitment_policy(self):
        """The deadline policy of this level's commitment follow-ups (or its city's)."""
        self.ensure_one()
        return self.env["noproof.sla.policy"].sudo()._noproof_match(self, res_model="noproof.commitment")

    def _noproof_city(self):
        """The city at the top of this level: a bar there applies to all its counties."""
        self.ensure_one()
        return self.sudo().root_id.sudo(False)

    # ------------------------------------------------------------ statute settings
    def _noproof_false_promise_actor(self):
        self.ensure_one()
        return self._noproof_setting("noproof_false_promise_actor") or DEFAULT_FALSE_PROMISE_ACTOR

    def _noproof_staff_exemption_rule(self):
        self.ensure_one()
        return self._noproof_setting("noproof_staff_exemption_rule") or DEFAULT_STAFF_EXEMPTION_RULE

    def _noproof_bar_policy(self):
        self.ensure_one()
        return self._noproof_setting("noproof_commitment_bar_policy") or DEFAULT_BAR_POLICY

    def _noproof_bar_max_months(self):
        """The longest bar the city of this level allows (never above the statute's two years)."""
        self.ensure_one()
        months = self._noproof_city().sudo().noproof_commitment_bar_months
        return max(0, min(months, STATUTORY_MAX_BAR_MONTHS))

    def _noproof_commitment_fallback(self):
        self.ensure_one()
        return self._noproof_setting("noproof_commitment_fallback") or DEFAULT_COMMITMENT_FALLBACK
