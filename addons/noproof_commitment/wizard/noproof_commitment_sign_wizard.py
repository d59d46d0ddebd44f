import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..models.noproof_commitment import SIGNATURE_METHODS
from ..models.noproof_commitment_template import TEXT_FIELDS, render_text


class NoproofCommitmentSignWizard(models.TransientModel):
    """The clerk lets the applicant sign the commitment for one check: the template's
    text for this case is shown as the applicant will sign it."""

    _name = "noproof.commitment.sign.wizard"
    _description = "Sign a Commitment"

    check_id = fields.Many2one("noproof.case.check", required=True, ondelete="cascade")
    case_id = fields.Many2one(related="check_id.case_id")
    applicant_id = fields.Many2one(related="check_id.case_id.applicant_id")
    certificate_id = fields.Many2one(related="check_id.certificate_id")
    item_id = fields.Many2one(related="check_id.case_id.item_id")
    template_id = fields.Many2one(
        "noproof.commitment.template",
        compute="_compute_template_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', allowed_template_ids)]",
    )
    allowed_template_ids = fields.Many2many("noproof.commitment.template", compute="_compute_allowed_template_ids")
    content = fields.Text(string="What the Applicant Promises", compute="_compute_texts")
    standard = fields.Text(string="Standard to Meet", compute="_compute_texts")
    liability = fields.Text(string="Liability for a False Promise", compute="_compute_texts")
    verification_right = fields.Text(string="Right to Verify", compute="_compute_texts")
    signature_method = fields.Selection(SIGNATURE_METHODS, required=True, default="esign")
    signature_reference = fields.Char(
        help="The e-signature transaction number or the serial number of the applicant's CA certificate."
    )
    scan = fields.Binary(string="Signed Scan", attachment=False, help="The page signed by hand, as a PDF or an image.")
    scan_filename = fields.Char()
    signature_image = fields.Binary(
        string="Signature", attachment=False, help="The applicant signs here, on the screen, with a finger or a stylus."
    )
    company_id = fields.Many2one(related="check_id.case_id.company_id")
    organization_id = fields.Many2one(related="check_id.case_id.organization_id")
    bar_warning = fields.Char(compute="_compute_bar_warning")
    follow_up = fields.Char(compute="_compute_follow_up", string="Follow-Up")

    @api.depends("check_id")
    def _compute_template_id(self):
        Template = self.env["noproof.commitment.template"]
        for wizard in self:
            wizard.template_id = Template._noproof_for_rule(wizard.check_id.rule_id) if wizard.check_id else Template

    @api.depends("check_id")
    def _compute_allowed_template_ids(self):
        Template = self.env["noproof.commitment.template"]
        for wizard in self:
            rule = wizard.check_id.rule_id.sudo()
            if not rule:
                wizard.allowed_template_ids = Template
                continue
            templates = Template.search([("company_id", "in", wizard.check_id.company_id.sudo().parent_ids.ids)])
            wizard.allowed_template_ids = templates.filtered(
                lambda t, rule=rule: t == rule.commitment_template_id or t._noproof_applies_to(rule)
            )

    @api.depends("template_id", "check_id")
    def _compute_texts(self):
        Commitment = self.env["noproof.commitment"]
        now = fields.Datetime.now()
        for wizard in self:
            template = wizard.template_id.sudo()
            values = Commitment._noproof_render_values(wizard.case_id, wizard.check_id, now) if wizard.check_id else {}
            for name in TEXT_FIELDS:
                wizard[name] = render_text(template[name], values) if template else False

    @api.depends("check_id")
    def _compute_bar_warning(self):
        Bar = self.env["noproof.commitment.bar"]
        for wizard in self:
            case = wizard.check_id.case_id
            bar = Bar._noproof_bar_for(case.applicant_id, case.company_id) if case else Bar
            wizard.bar_warning = (
                _(
                    "%(applicant)s is barred from commitment until %(date)s: %(reason)s",
                    applicant=case.applicant_id.name,
                    date=format_date(self.env, bar.date_to),
                    reason=bar.reason,
                )
                if bar
                else False
            )

    @api.depends("check_id")
    def _compute_follow_up(self):
        for wizard in self:
            case = wizard.check_id.case_id
            if not case:
                wizard.follow_up = False
                continue
            policy = case.company_id._noproof_commitment_policy()
            deadline = policy.summary if policy else _("the level's deadline")
            article = case.company_id._noproof_cite(luzhou="Luzhou art. 8")
            if case.risk_category:
                wizard.follow_up = _(
                    "This item is approved only after the promise is verified, within %(deadline)s.",
                    deadline=deadline,
                )
            else:
                wizard.follow_up = _(
                    "The case can be approved as soon as the applicant signs; the promise is verified within "
                    "%(deadline)s.",
                    deadline=deadline,
                )
            if article:
                wizard.follow_up = f"{wizard.follow_up} ({article})"

    def action_sign(self):
        self.ensure_one()
        scan = (self.scan_filename or "scan", base64.b64decode(self.scan)) if self.scan else None
        self.env["noproof.commitment"]._noproof_sign(
            self.check_id,
            self.signature_method,
            signature_reference=self.signature_reference,
            scan=scan,
            template=self.template_id,
            signature_image=self.signature_method == "pad" and self.signature_image or None,
        )
        return {"type": "ir.actions.act_window_close"}

    def action_print_unsigned(self):
        """The commitment as the applicant will sign it, printed before signing: the applicant reads it and signs
        it by hand, and the clerk scans the signed page (Taizhou art. 8 ¶2, Luzhou art. 8 ¶2)."""
        self.ensure_one()
        if not self.template_id:
            raise UserError(_("Choose the commitment template to print first."))
        return self.env.ref("noproof_commitment.action_report_commitment_unsigned").report_action(self)
