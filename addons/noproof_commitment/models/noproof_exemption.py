from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Luzhou art. 20: staff are not held responsible for an applicant's false promise
# when all five conditions hold (Taizhou art. 8 ¶3: no negative evaluation).
CONDITIONS = (
    "condition_reform",
    "condition_lawful",
    "condition_procedure",
    "condition_supervision",
    "condition_diligence",
)
EXEMPTION_STATES = [("draft", "Under Assessment"), ("decided", "Decided")]
# The decision is taken and reopened only by the office's buttons (noproof.workflow.mixin).
WORKFLOW_FIELDS = ("state", "decided_by_id", "decided_at", "is_exempt", "basis", "role")
BASES = [
    ("by_law", "Granted by Law (Taizhou art. 8 ¶3)"),
    ("conditions", "Five Conditions Assessed (Luzhou art. 20)"),
]
ROLES = [
    ("unit", "Unit: the Handling Organization"),
    ("clerk", "Took the Commitment"),
    ("approver", "Approved the Case"),
]


class NoproofExemption(models.Model):
    """Whether a unit or staff member is held responsible for a mistake caused by an
    applicant's false promise: exempt only when all five conditions of Luzhou art. 20
    hold, each with its evidence."""

    _name = "noproof.exemption"
    _description = "Staff Exemption"
    _inherit = ["noproof.workflow.mixin", "mail.thread"]
    _order = "id desc"
    _workflow_fields = WORKFLOW_FIELDS

    name = fields.Char(compute="_compute_name", store=True)
    commitment_id = fields.Many2one(
        "noproof.commitment",
        string="False Commitment",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    case_id = fields.Many2one(related="commitment_id.case_id", store=True, index=True, string="Case")
    company_id = fields.Many2one(related="commitment_id.company_id", store=True, index=True, string="Level")
    organization_id = fields.Many2one(
        related="commitment_id.organization_id", store=True, index=True, string="Organization"
    )
    role = fields.Selection(
        ROLES,
        required=True,
        default="clerk",
        readonly=True,
        help="Whose responsibility is assessed: the unit (Luzhou art. 20: 有关单位), the staff member who took the "
        "commitment, or the one who approved the case.",
    )
    basis = fields.Selection(
        BASES,
        required=True,
        default="conditions",
        readonly=True,
        help="Taizhou art. 8 ¶3 exempts the organ and its staff by law, without review; Luzhou art. 20 only when "
        "all five conditions hold. The level's setting 'Staff Exemption After a False Promise' chooses.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Staff Member",
        index=True,
        tracking=True,
        help="The staff member whose responsibility is assessed, usually the one who took the commitment.",
    )
    state = fields.Selection(EXEMPTION_STATES, required=True, default="draft", readonly=True, tracking=True, copy=False)
    condition_reform = fields.Boolean(
        string="(1) In the direction of reform",
        help="In line with the reform direction set by the state and the province; committed and enterprising.",
    )
    condition_reform_evidence = fields.Text(string="Evidence (1)")
    condition_lawful = fields.Boolean(
        string="(2) No prohibitive or mandatory provision breached",
        help="No prohibitive or mandatory provision of a law or regulation was breached.",
    )
    condition_lawful_evidence = fields.Text(string="Evidence (2)")
    condition_procedure = fields.Boolean(
        string="(3) Lawful decision procedure",
        help="The decision was taken following the procedure laws and regulations set.",
    )
    condition_procedure_evidence = fields.Text(string="Evidence (3)")
    condition_supervision = fields.Boolean(
        string="(4) Supervision during and after handling",
        help="Supervision during and after handling was strengthened as required; no dereliction of duty.",
    )
    condition_supervision_evidence = fields.Text(string="Evidence (4)")
    condition_diligence = fields.Boolean(
        string="(5) Diligent and without private gain",
        help="Diligent and responsible; no personal gain sought, no improper benefit for the unit or a group.",
    )
    condition_diligence_evidence = fields.Text(string="Evidence (5)")
    is_exempt = fields.Boolean(
        compute="_compute_is_exempt",
        store=True,
        copy=False,
        string="Exempt",
        help="Not evaluated negatively and not held responsible (Luzhou art. 20, Taizhou art. 8 ¶3): only when all "
        "five conditions hold.",
    )
    decision_note = fields.Text(string="Decision", tracking=True)
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decided_at = fields.Datetime(string="Decided On", readonly=True, copy=False)

    _sql_constraints = [
        (
            "commitment_user_uniq",
            "unique(commitment_id, user_id)",
            "Each staff member is assessed once per commitment.",
        ),
    ]

    @api.depends("commitment_id.name", "user_id.name", "role", "organization_id.name")
    def _compute_name(self):
        for exemption in self:
            subject = exemption.user_id.name if exemption.role != "unit" else exemption.sudo().organization_id.name
            exemption.name = _(
                "%(user)s / %(commitment)s",
                user=subject or "",
                commitment=exemption.commitment_id.name or "",
            )

    @api.depends("basis", *CONDITIONS)
    def _compute_is_exempt(self):
        for exemption in self:
            exemption.is_exempt = exemption.basis == "by_law" or all(exemption[name] for name in CONDITIONS)

    @api.constrains("role", "user_id")
    def _check_subject(self):
        for exemption in self:
            if exemption.role != "unit" and not exemption.user_id:
                raise ValidationError(_("Name the staff member whose responsibility is assessed."))

    @api.constrains("commitment_id")
    def _check_false_commitment(self):
        for exemption in self:
            if exemption.commitment_id.state not in ("rectification", "rectified", "revoked"):
                raise ValidationError(
                    _(
                        "%(commitment)s was not found false: staff responsibility is assessed only for a false "
                        "promise (%(article)s).",
                        article=exemption.company_id._noproof_cite(luzhou="Luzhou art. 20"),
                        commitment=exemption.commitment_id.name,
                    )
                )

    def write(self, vals):
        decided = self.filtered(lambda e: e.state == "decided")
        if decided and set(vals) - {"message_main_attachment_id"} and not self._workflow_is_open():
            raise UserError(_("The decision on this exemption is taken; reopen it to change it."))
        return super().write(vals)

    def _noproof_check_office(self):
        if not self.env.su and not self.env.user.has_group("noproof_catalog.group_office"):
            raise AccessError(_("Only the office decides whether staff are held responsible."))

    def action_decide(self):
        self._noproof_check_office()
        for exemption in self:
            if exemption.basis == "by_law":
                raise UserError(
                    _(
                        "%(name)s is exempt by law (%(article)s): nothing to decide.",
                        name=exemption.name,
                        article=exemption.company_id._noproof_cite(taizhou="Taizhou art. 8 ¶3"),
                    )
                )
            if exemption.state != "draft":
                raise UserError(_("%(name)s is already decided.", name=exemption.name))
            labels = {name: exemption._fields[name]._description_string(self.env) for name in CONDITIONS}
            unproven = [
                labels[name]
                for name in CONDITIONS
                if exemption[name] and not (exemption[f"{name}_evidence"] or "").strip()
            ]
            if unproven:
                raise UserError(
                    _(
                        "Give the evidence for each condition you tick: %(conditions)s.",
                        conditions="; ".join(unproven),
                    )
                )
            if not exemption.is_exempt and not (exemption.decision_note or "").strip():
                raise UserError(
                    _(
                        "Not all the conditions of exemption (%(article)s) hold, so %(user)s is not exempt: write the "
                        "decision and what follows.",
                        article=exemption.company_id._noproof_cite(luzhou="Luzhou art. 20"),
                        user=exemption.user_id.name,
                    )
                )
        self._workflow().write({"state": "decided", "decided_by_id": self.env.uid, "decided_at": fields.Datetime.now()})
        for exemption in self:
            exemption.message_post(
                body=_(
                    "Exempt: not evaluated negatively, not held responsible (%(article)s).",
                    article=exemption.company_id._noproof_cite(luzhou="Luzhou art. 20"),
                )
                if exemption.is_exempt
                else _(
                    "Not exempt: not every condition of exemption holds (%(article)s).",
                    article=exemption.company_id._noproof_cite(luzhou="Luzhou art. 20"),
                )
            )
        return True

    def action_reopen(self):
        self._noproof_check_office()
        self.check_access("write")
        if self.filtered(lambda e: e.basis == "by_law"):
            raise UserError(
                _(
                    "An exemption granted by law (%(article)s) is not reviewed: there is nothing to reopen.",
                    article=self[:1].company_id._noproof_cite(taizhou="Taizhou art. 8 ¶3"),
                )
            )
        self._workflow().write({"state": "draft", "decided_by_id": False, "decided_at": False})
        return True

    @api.model
    def _noproof_open_for(self, commitment):
        """After a false ``commitment``: under Taizhou art. 8 ¶3, record that the unit
        and its staff are exempt by law (no review); under Luzhou art. 20, open the
        review of the unit, of the staff member who took the commitment and of the one
        who approved the case (单位及工作人员), as the level's setting says."""
        commitment = commitment.sudo()
        subjects = [("unit", self.env["res.users"]), ("clerk", commitment.clerk_id)]
        approver = commitment.case_id.approved_by_id
        if approver and approver != commitment.clerk_id and not approver._is_superuser():
            subjects.append(("approver", approver))
        existing = self.sudo().search([("commitment_id", "=", commitment.id)])
        subjects = [
            (role, user)
            for role, user in subjects
            if not existing.filtered(lambda e, r=role, u=user: (e.role == "unit") if r == "unit" else e.user_id == u)
        ]
        if not subjects:
            return self.browse()
        rule = commitment.company_id._noproof_staff_exemption_rule()
        vals_list = [{"commitment_id": commitment.id, "role": role, "user_id": user.id} for role, user in subjects]
        if rule == "conditions":
            return self._workflow_create(vals_list)
        note = _(
            "Exempt by law: the organ and its staff are not evaluated negatively nor held liable for an applicant's "
            "false promise (%(article)s). No review is opened.",
            article=commitment.company_id._noproof_cite(taizhou="Taizhou art. 8 ¶3"),
        )
        exemptions = self._workflow_create(
            [
                {
                    **vals,
                    "basis": "by_law",
                    "state": "decided",
                    "decided_at": fields.Datetime.now(),
                    "decision_note": note,
                }
                for vals in vals_list
            ]
        )
        for exemption in exemptions:
            exemption.message_post(body=note)
        return exemptions

    @api.model
    def _demo_decide(self, exemption_ids, user_id, values):
        exemptions = self.with_user(user_id).browse(exemption_ids)
        exemptions.write(values)
        exemptions.action_decide()
