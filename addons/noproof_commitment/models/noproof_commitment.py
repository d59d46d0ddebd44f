import base64
import io
import logging
import re
import secrets
from datetime import datetime, time, timedelta

import pytz
import qrcode
from PIL import Image, ImageDraw

from odoo import _, api, fields, models
from odoo.addons.noproof_catalog.models.noproof_certificate_rule import office_users
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date
from odoo.tools.mimetypes import guess_mimetype

from .noproof_commitment_template import TEXT_FIELDS, render_text

_logger = logging.getLogger(__name__)

COMMITMENT_STATES = [
    ("signed", "Awaiting Verification"),
    ("verified", "Verified"),
    ("rectification", "Rectification Ordered"),
    ("rectified", "Rectified"),
    ("revoked", "Revoked"),
    ("void", "Withdrawn"),
]
# The commitment still stands and its follow-up is pending.
PENDING_STATES = ("signed",)
# A false promise was found (Taizhou art. 8 ¶3).
FALSE_STATES = ("rectification", "rectified", "revoked")
SIGNATURE_METHODS = [
    ("handwritten", "Handwritten, Scanned"),
    ("pad", "Signed on Screen"),
    ("esign", "Electronic Signature"),
    ("ca", "CA Digital Certificate"),
]
MEASURES = [
    ("rectification", "Order Rectification"),
    ("revocation", "Revoke the Decision"),
]
SCAN_MIMETYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/tiff", "image/webp")
# What the on-screen signature pad sends: an image, of a reasonable size.
PAD_MIMETYPES = ("image/png", "image/jpeg")
PAD_MAX_BYTES = 1024 * 1024
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,128}")
REFERENCE_MAX = 128
PORTAL_TZ = "Asia/Shanghai"

# What was signed, how, and what became of it: set only by the workflow methods below,
# through ``_workflow()`` (noproof.workflow.mixin), whatever the path of a change.
WORKFLOW_FIELDS = (
    "name",
    "check_id",
    "case_id",
    "company_id",
    "organization_id",
    "item_id",
    "risk_category",
    "rule_id",
    "certificate_id",
    "assisting_organization_id",
    "applicant_id",
    "applicant_name",
    "applicant_id_number_masked",
    "template_id",
    "template_version_id",
    "content",
    "standard",
    "liability",
    "verification_right",
    "signature_method",
    "signature_reference",
    "signature_attachment_id",
    "signature_image",
    "signed_at",
    "clerk_id",
    "access_token",
    "state",
    "sla_policy_id",
    "follow_up_deadline",
    "follow_up_user_id",
    "verified_at",
    "verified_by_id",
    "verification_note",
    "evidence_attachment_ids",
    "false_finding",
    "false_at",
    "false_by_id",
    "measure",
    "rectification_deadline",
    "rectified_at",
    "rectification_note",
    "revoked_at",
    "revocation_reason",
    "ledger_entry_id",
)


def mask_name(name):
    """``name`` with all but its first (and, when long, last) character hidden: 张*, 台*****司."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) <= 3:
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


class NoproofCommitment(models.Model):
    """告知承诺书: one applicant's signed promise, for one case, in place of one
    certificate. It keeps the exact text signed, how it was signed, and a random
    token whose public page proves its authenticity and status without showing
    personal data. The office verifies it afterwards (before approval for risky
    items) and acts on a false promise."""

    _name = "noproof.commitment"
    _description = "Commitment"
    _inherit = ["noproof.workflow.mixin", "noproof.deadline.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "signed_at desc, id desc"
    _workflow_fields = WORKFLOW_FIELDS
    # The deadline engine (noproof.deadline.mixin): the follow-up runs from signature to verification
    # within the level's policy for commitments (Luzhou art. 8: 3 days); once a rectification is
    # ordered, until the end of its day (Taizhou art. 8 ¶3).
    _deadline_start_field = "signed_at"
    _deadline_end_field = "verified_at"
    _deadline_open_states = ("signed", "rectification")
    _deadline_depends = ("follow_up_deadline", "rectification_deadline", "state")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    check_id = fields.Many2one(
        "noproof.case.check", string="Check", required=True, readonly=True, index=True, ondelete="restrict"
    )
    case_id = fields.Many2one(related="check_id.case_id", store=True, index=True, string="Case")
    case_state = fields.Selection(related="case_id.state", string="Case Status")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, string="Level")
    organization_id = fields.Many2one(
        related="case_id.organization_id", store=True, index=True, string="Handling Organization"
    )
    item_id = fields.Many2one(related="case_id.item_id", store=True, index=True, string="Service Item")
    risk_category = fields.Selection(related="case_id.risk_category", store=True)
    rule_id = fields.Many2one(related="check_id.rule_id", store=True, string="Rule")
    certificate_id = fields.Many2one(related="check_id.certificate_id", store=True, index=True)
    assisting_organization_id = fields.Many2one(
        related="rule_id.assisting_organization_id",
        store=True,
        index="btree_not_null",
        string="Assisting Organization",
    )
    applicant_id = fields.Many2one(related="case_id.applicant_id", store=True, index=True, string="Applicant")
    applicant_name = fields.Char(readonly=True, help="The applicant's name as signed.")
    applicant_id_number_masked = fields.Char(string="Identity Number (Masked)", readonly=True)
    # What was signed, frozen
    template_id = fields.Many2one(
        "noproof.commitment.template", string="Template", readonly=True, index=True, ondelete="restrict"
    )
    template_version_id = fields.Many2one(
        "noproof.commitment.template.version",
        string="Template Version",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    template_version = fields.Integer(related="template_version_id.version", string="Version")
    content = fields.Text(string="What the Applicant Promises", readonly=True)
    standard = fields.Text(string="Standard to Meet", readonly=True)
    liability = fields.Text(string="Liability for a False Promise", readonly=True)
    verification_right = fields.Text(string="Right to Verify", readonly=True)
    # Signature
    signature_method = fields.Selection(SIGNATURE_METHODS, required=True, readonly=True)
    signature_reference = fields.Char(
        readonly=True, help="The e-signature transaction number or the serial number of the CA certificate."
    )
    signature_attachment_id = fields.Many2one("ir.attachment", string="Signed Scan", readonly=True)
    signature_image = fields.Binary(
        string="Signature",
        readonly=True,
        attachment=True,
        copy=False,
        help="The applicant's signature drawn on screen.",
    )
    signed_at = fields.Datetime(string="Signed On", required=True, readonly=True, index=True)
    clerk_id = fields.Many2one("res.users", string="Taken By", required=True, readonly=True, index=True)
    access_token = fields.Char(
        readonly=True, copy=False, required=True, groups="noproof_catalog.group_clerk,noproof_catalog.group_verifier"
    )
    verification_url = fields.Char(compute="_compute_verification_url", string="Verification Address")
    # Follow-up (Luzhou art. 8)
    state = fields.Selection(
        COMMITMENT_STATES, required=True, default="signed", readonly=True, index=True, tracking=True, copy=False
    )
    follow_up_deadline = fields.Datetime(
        string="Verify By",
        compute="_compute_follow_up_deadline",
        store=True,
        readonly=True,
        tracking=True,
        help="When the follow-up verification is due: the level's deadline policy for commitments (3 days in "
        "Luzhou, art. 8).",
    )
    follow_up_user_id = fields.Many2one(
        "res.users",
        string="Follow-Up By",
        readonly=True,
        index="btree_not_null",
        help="Who verifies the promise: a designated verifier of the rule's assisting organization, or else the "
        "clerk who took the commitment (Luzhou art. 8: the approving department and the assisting unit).",
    )
    deadline = fields.Datetime(string="Due By")
    on_time = fields.Boolean(string="Verified on Time")
    office_hours = fields.Float(string="Follow-Up Time (Office Hours)")
    verified_at = fields.Datetime(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", string="Verified By", readonly=True, copy=False)
    verification_note = fields.Text(string="Verification Findings", readonly=True, copy=False)
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_commitment_evidence_rel",
        "commitment_id",
        "attachment_id",
        string="Evidence",
        readonly=True,
        copy=False,
    )
    # False promise (Taizhou art. 8 ¶3)
    false_finding = fields.Text(string="What Was False", readonly=True, copy=False)
    false_at = fields.Datetime(string="Found False On", readonly=True, copy=False)
    false_by_id = fields.Many2one("res.users", string="Found False By", readonly=True, copy=False)
    measure = fields.Selection(MEASURES, readonly=True, copy=False, tracking=True)
    rectification_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    rectified_at = fields.Datetime(readonly=True, copy=False)
    rectification_note = fields.Text(string="How It Was Rectified", readonly=True, copy=False)
    revoked_at = fields.Datetime(readonly=True, copy=False)
    revocation_reason = fields.Text(readonly=True, copy=False)
    ledger_entry_id = fields.Many2one("noproof.ledger.entry", string="Ledger Entry", readonly=True, copy=False)
    bar_ids = fields.One2many("noproof.commitment.bar", "commitment_id", string="Bars")
    follow_up_ticket_ids = fields.One2many(
        "noproof.verification.ticket", "commitment_id", string="Follow-Up Tickets", readonly=True
    )
    follow_up_ticket_id = fields.Many2one(
        "noproof.verification.ticket",
        compute="_compute_follow_up_ticket_id",
        string="Follow-Up Ticket",
        help="The verification ticket that completes the follow-up with the assisting organization (Luzhou art. 8).",
    )
    is_fallback = fields.Boolean(
        compute="_compute_is_fallback",
        string="Fallback",
        help="Signed because neither shared data nor a verification ticket could confirm the fact (Luzhou art. 14).",
    )
    can_act = fields.Boolean(
        compute="_compute_can_act",
        help="The current user acts for the organ that acts on a false promise of this commitment.",
    )
    can_decide_bar = fields.Boolean(compute="_compute_can_act")
    exemption_ids = fields.One2many("noproof.exemption", "commitment_id", string="Staff Exemptions")
    exemption_count = fields.Integer(compute="_compute_exemption_count")

    _sql_constraints = [("access_token_uniq", "unique(access_token)", "Each commitment has its own token.")]

    # ------------------------------------------------------------ computes
    @api.depends("access_token", "company_id.noproof_public_url", "company_id.parent_id.noproof_public_url")
    def _compute_verification_url(self):
        """The address the QR code leads to: the level's public address (a county follows its city), never the
        host the last user came from."""
        for commitment in self:
            token = commitment.sudo().access_token
            base = commitment.company_id.sudo()._noproof_public_url() if commitment.company_id else ""
            commitment.verification_url = f"{base}/noproof/commitment/{token}" if token else False

    @api.depends("sla_policy_id", "signed_at")
    def _compute_follow_up_deadline(self):
        for commitment in self:
            policy, signed_at = commitment.sla_policy_id, commitment.signed_at
            commitment.follow_up_deadline = policy._noproof_deadline(signed_at) if policy and signed_at else False

    def _noproof_deadline_value(self):
        """The follow-up deadline (Luzhou art. 8); once a rectification is ordered, the end
        of the day set for it (Taizhou art. 8 ¶3)."""
        self.ensure_one()
        if self.state in ("rectification", "rectified") and self.rectification_deadline:
            end = datetime.combine(self.rectification_deadline + timedelta(days=1), time.min)
            tz = pytz.timezone(self.company_id.sudo().resource_calendar_id.tz or PORTAL_TZ)
            return tz.localize(end).astimezone(pytz.utc).replace(tzinfo=None)
        return self.follow_up_deadline

    def _compute_follow_up_ticket_id(self):
        for commitment in self:
            commitment.follow_up_ticket_id = commitment.follow_up_ticket_ids.sorted("id")[-1:]

    @api.depends("check_id")
    def _compute_is_fallback(self):
        for commitment in self:
            commitment.is_fallback = commitment.sudo().check_id.disposition not in (False, "commitment")

    @api.depends_context("uid")
    def _compute_can_act(self):
        for commitment in self:
            commitment.can_act = bool(commitment.id) and commitment._noproof_may_act()
            commitment.can_decide_bar = (
                commitment.can_act
                and commitment._noproof_bar_decidable()
                and commitment.sudo().company_id._noproof_bar_policy() == "decision"
                and not commitment.sudo().bar_ids.filtered(lambda bar: bar.state != "lifted")
            )

    def _compute_exemption_count(self):
        for commitment in self:
            commitment.exemption_count = len(commitment.exemption_ids)

    @api.depends("name", "certificate_id")
    def _compute_display_name(self):
        for commitment in self:
            commitment.display_name = f"{commitment.name} {commitment.certificate_id.name or ''}".strip()

    # ---------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_is_open():
            raise UserError(
                _("A commitment is made by signing it from the case's check: use 'Sign Commitment' on the check.")
            )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("noproof.commitment") or "/"
        return super().create(vals_list)

    def _workflow_refusal(self, names):
        return UserError(
            _(
                "A signed commitment keeps what was signed, and its status changes only through its buttons "
                "(verify, false promise, rectified, revoke)."
            )
        )

    def unlink(self):
        raise UserError(
            _("A signed commitment is kept for inspection and cannot be deleted; a withdrawn one is kept too.")
        )

    # ------------------------------------------------------------- signing
    @api.model
    def _noproof_sign(
        self, check, signature_method, signature_reference=None, scan=None, template=None, signature_image=None
    ):
        """Sign a commitment for ``check`` and return it (Taizhou art. 8 ¶2, Luzhou art. 8 ¶2).

        :param check: the noproof.case.check whose rule's disposition is ``commitment``
        :param str signature_method: handwritten / pad / esign / ca
        :param str signature_reference: e-signature transaction or CA certificate serial
        :param scan: the scanned signed page of a handwritten signature: an ir.attachment
            or a (filename, bytes) pair
        :param template: the noproof.commitment.template to sign, by default the rule's
        :param bytes signature_image: the signature drawn on the screen's pad (method ``pad``)

        Refuses, with nothing written, a check whose rule does not allow commitment, an
        applicant barred after a false promise, a signature without its evidence.
        """
        if not isinstance(check, models.BaseModel) or check._name != "noproof.case.check" or len(check) != 1:
            raise ValidationError(_("Sign a commitment for one case check."))
        check.check_access("write")
        case = check.case_id
        names = {"certificate": check.certificate_id.name, "item": case.item_id.name, "case": case.name}
        if case.state != "open":
            raise UserError(_("%(case)s is no longer in progress: no commitment can be signed for it.", **names))
        fallback = check.disposition != "commitment" and check.sudo().rule_id.commitment_fallback
        if fallback:
            # Luzhou art. 14 ¶1: only once nothing else could confirm.
            check._noproof_check_commitment_fallback()
        elif check.disposition != "commitment":
            labels = dict(check._fields["disposition"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(certificate)s for %(item)s cannot be replaced by a commitment: its rule says "
                    "'%(disposition)s'. Resolve it that way instead.",
                    disposition=labels.get(check.disposition, check.disposition),
                    **names,
                )
            )
        live = check.sudo().commitment_ids.filtered(lambda c: c.state != "void")
        if live or check.state == "done":
            raise UserError(_("%(certificate)s of %(case)s is already settled: it needs no other commitment.", **names))
        self._noproof_check_not_barred(case.applicant_id, case.company_id)
        template = template or self.env["noproof.commitment.template"]._noproof_for_rule(check.rule_id)
        if not template:
            raise UserError(
                _(
                    "There is no commitment template for %(certificate)s of %(item)s at %(level)s. Ask the "
                    "administrator to write one (%(article)s).",
                    article=case.company_id._noproof_cite(taizhou="Taizhou art. 8 ¶2", luzhou="Luzhou art. 8 ¶2"),
                    level=case.company_id.name,
                    **names,
                )
            )
        template = template.sudo()
        rule = check.rule_id.sudo()
        fits = template == rule.commitment_template_id or template._noproof_applies_to(rule)
        if not template.active or template.company_id not in case.company_id.sudo().parent_ids or not fits:
            raise UserError(
                _("%(template)s is not a template for %(certificate)s of %(item)s.", template=template.name, **names)
            )
        if not case.company_id._noproof_commitment_policy():
            article = case.company_id._noproof_cite(
                taizhou=_("Taizhou art. 8"), luzhou=_("Luzhou art. 8: within 3 days")
            )
            raise UserError(
                _(
                    "No deadline policy for commitment follow-ups applies at %(level)s, so the follow-up would have "
                    "no deadline. Ask the administrator to set one in the deadline policies (%(article)s), then "
                    "sign.",
                    level=case.company_id.name,
                    article=article,
                )
            )
        method, reference, scan_vals = self._noproof_check_signature(signature_method, signature_reference, scan)
        pad = self._noproof_check_pad(method, signature_image)
        version = template._noproof_sync_version()
        now = fields.Datetime.now()
        values = self._noproof_render_values(case, check, now)
        commitment = self.with_context(mail_create_nolog=True)._workflow_create(
            [
                {
                    "check_id": check.id,
                    "applicant_name": case.applicant_id.name,
                    "applicant_id_number_masked": case.applicant_id.noproof_id_number_masked,
                    "template_id": template.id,
                    "template_version_id": version.id,
                    **{name: render_text(version[name], values) or False for name in TEXT_FIELDS},
                    "signature_method": method,
                    "signature_reference": reference,
                    "signature_image": pad,
                    "signed_at": now,
                    "clerk_id": self.env.uid,
                    "access_token": secrets.token_urlsafe(32),
                }
            ]
        )
        commitment = self.browse(commitment.id)
        if scan_vals:
            attachment = self.env["ir.attachment"].create(
                {**scan_vals, "res_model": self._name, "res_id": commitment.id}
            )
            commitment._workflow().write({"signature_attachment_id": attachment.id})
        check.sudo()._workflow().write(
            {
                "state": "waiting",
                "resolution": "commitment",
                "resolved_by_id": self.env.uid,
                "resolved_at": now,
                "note": _(
                    "Commitment %(commitment)s signed; verification due by %(deadline)s.",
                    commitment=commitment.name,
                    deadline=commitment._noproof_local(commitment.follow_up_deadline),
                ),
            }
        )
        commitment._workflow().write({"follow_up_user_id": commitment._noproof_pick_follow_up_user().id})
        commitment._noproof_schedule_follow_up()
        commitment._noproof_open_follow_up_ticket()
        commitment.message_post(body=commitment._noproof_sign_message())
        case.message_post(body=commitment._noproof_sign_message())
        return commitment

    @api.model
    def _noproof_check_signature(self, method, reference, scan):
        labels = dict(self._fields["signature_method"]._description_selection(self.env))
        if method not in labels:
            raise UserError(
                _(
                    "Choose how the applicant signed: by hand and scanned, on the screen, by e-signature or with a CA "
                    "certificate."
                )
            )
        reference = (reference or "").strip() or False
        if reference and (len(reference) > REFERENCE_MAX or not reference.isprintable()):
            raise UserError(
                _("The signature reference must be at most %(count)s printable characters.", count=REFERENCE_MAX)
            )
        if method in ("esign", "ca") and not reference:
            raise UserError(
                _(
                    "Enter the reference of the %(method)s: the e-signature transaction number or the serial number "
                    "of the applicant's CA certificate.",
                    method=labels[method],
                )
            )
        if method == "pad" and reference:
            raise UserError(_("A signature drawn on screen has no reference number: leave the reference empty."))
        if method != "handwritten":
            if scan:
                raise UserError(_("Attach a scan only for a handwritten signature."))
            return method, reference, None
        if not scan:
            raise UserError(_("Attach the scan of the page the applicant signed by hand."))
        if isinstance(scan, models.BaseModel) and scan._name == "ir.attachment" and len(scan) == 1:
            # A file chosen by the user: read with the user's rights, never as superuser.
            scan = scan.sudo(False)
            scan.check("read")
            raw, filename = scan.raw, scan.name
        elif isinstance(scan, tuple | list) and len(scan) == 2 and isinstance(scan[1], bytes | bytearray):
            filename, raw = scan
        else:
            raise UserError(_("The signed scan must be one file."))
        mimetype = guess_mimetype(raw or b"")
        if not raw or mimetype not in SCAN_MIMETYPES:
            raise UserError(
                _("%(file)s is not a scan: attach the signed page as a PDF or an image.", file=filename or "?")
            )
        return method, reference, {"name": filename or "scan", "raw": bytes(raw), "mimetype": mimetype}

    @api.model
    def _noproof_check_pad(self, method, image):
        """The signature drawn on the screen's pad, base64, for method ``pad``; refuses it for any other method."""
        if method != "pad":
            if image:
                raise UserError(_("A signature drawn on screen goes only with the method 'Signed on Screen'."))
            return False
        if isinstance(image, str):
            image = image.encode()
        try:
            raw = base64.b64decode(image or b"", validate=True)
        except (ValueError, TypeError):
            raw = b""
        if not raw:
            raise UserError(_("Let the applicant sign on the screen's pad first."))
        if len(raw) > PAD_MAX_BYTES or guess_mimetype(raw) not in PAD_MIMETYPES:
            raise UserError(_("The signature drawn on screen must be an image of at most 1 MB. Sign again."))
        return base64.b64encode(raw)

    @api.model
    def _noproof_render_values(self, case, check, now):
        case = case.sudo()
        return {
            "applicant": case.applicant_id.name or "",
            "id_number": case.applicant_id.noproof_id_number_masked or "",
            "item": case.item_id.name or "",
            "certificate": check.sudo().certificate_id.name or "",
            "organization": case.organization_id.name or "",
            "level": case.company_id.name or "",
            "case": case.name or "",
            "date": format_date(self.env, self._noproof_local_date(now)),
        }

    @api.model
    def _noproof_check_not_barred(self, applicant, company):
        """Taizhou art. 8 ¶4: an applicant barred after a false promise may not use
        commitment anywhere in the city and its counties while the bar runs."""
        bar = self.env["noproof.commitment.bar"]._noproof_bar_for(applicant, company)
        if bar:
            raise UserError(
                _(
                    "%(applicant)s may not use commitment instead of a certificate until %(date_to)s anywhere in "
                    "%(city)s and its counties: a false promise was found (%(reason)s) (%(article)s). "
                    "Establish the fact another way, or let the applicant bring the certificate.",
                    article=company._noproof_cite(taizhou="Taizhou art. 8 ¶4"),
                    applicant=applicant.name,
                    date_to=format_date(self.env, bar.date_to),
                    city=bar.company_id.name,
                    reason=bar.reason,
                )
            )

    def _noproof_sign_message(self):
        self.ensure_one()
        methods = dict(self._fields["signature_method"]._description_selection(self.env))
        return _(
            "%(applicant)s signed commitment %(commitment)s in place of %(certificate)s (%(method)s); "
            "verification due by %(deadline)s.",
            applicant=self.applicant_name,
            commitment=self.name,
            certificate=self.certificate_id.name,
            method=methods[self.signature_method],
            deadline=self._noproof_local(self.follow_up_deadline),
        )

    def _noproof_pick_follow_up_user(self):
        """Luzhou art. 8: the approving department and the assisting unit complete the
        follow-up. Where the rule names an assisting organization with designated
        verifiers, the one with the fewest pending follow-ups verifies; otherwise the
        handling organization checks itself, through the clerk who took the commitment."""
        self.ensure_one()
        verifiers = self.sudo().assisting_organization_id.verifier_ids
        if not verifiers:
            return self.clerk_id
        load = dict(
            self.sudo()._read_group(
                [("follow_up_user_id", "in", verifiers.ids), ("state", "in", PENDING_STATES)],
                ["follow_up_user_id"],
                ["__count"],
            )
        )
        return min(verifiers, key=lambda user: (load.get(user, 0), user.id))

    def _noproof_schedule_follow_up(self):
        self.ensure_one()
        self.activity_schedule(
            "noproof_commitment.mail_activity_type_commitment_follow_up",
            date_deadline=self._noproof_local_date(self.follow_up_deadline),
            summary=_("Verify by %(deadline)s", deadline=self._noproof_local(self.follow_up_deadline)),
            note=self.content,
            user_id=(self.follow_up_user_id or self.clerk_id).id,
        )

    # ------------------------------------------------------ follow-up ticket
    def _noproof_open_follow_up_ticket(self):
        """Luzhou art. 8: the approving department and the assisting unit complete the
        follow-up within 3 days. Where the rule names an assisting organization, the
        follow-up is a verification ticket to it, with the deadline of the level's
        policies, escalation when overdue and an answer; approving the case does not
        cancel it. Without an assisting organization the handling organization
        verifies itself (the follow-up activity and the overdue report)."""
        self.ensure_one()
        commitment = self.sudo()
        assisting = commitment.assisting_organization_id
        if not assisting or assisting == commitment.organization_id or commitment.is_fallback:
            # A fallback commitment (Luzhou art. 14 ¶1) stands where the assisting unit could not confirm:
            # the approving department follows it up itself (on site, art. 14).
            return self.env["noproof.verification.ticket"]
        Ticket = self.env["noproof.verification.ticket"].sudo()
        ticket = Ticket._workflow_create(
            [
                {
                    "check_id": commitment.check_id.id,
                    "commitment_id": commitment.id,
                    "assisting_organization_id": assisting.id,
                    "requested_by_id": commitment.clerk_id.id,
                    "question": _(
                        "Follow-up of commitment %(commitment)s (%(article)s): please verify what %(applicant)s "
                        "(%(id_number)s) promised in place of %(certificate)s:\n%(content)s",
                        article=commitment.company_id._noproof_cite(luzhou="Luzhou art. 8"),
                        commitment=commitment.name,
                        applicant=commitment.applicant_name,
                        id_number=commitment.applicant_id_number_masked or "-",
                        certificate=commitment.certificate_id.name,
                        content=commitment.content,
                    ),
                }
            ]
        )
        try:
            with self.env.cr.savepoint():
                ticket._noproof_check_sendable()
        except UserError as error:
            self.message_post(
                body=_(
                    "Follow-up ticket %(ticket)s could not be sent: %(reason)s Complete it and send it.",
                    ticket=ticket.name,
                    reason=error.args[0],
                )
            )
            return ticket
        ticket.with_user(commitment.clerk_id).sudo().action_send()
        self.message_post(
            body=_(
                "Follow-up ticket %(ticket)s sent to %(organization)s; answer due by %(deadline)s.",
                ticket=ticket.name,
                organization=assisting.name,
                deadline=ticket._noproof_local_deadline(),
            )
        )
        return ticket

    def _noproof_apply_follow_up_answer(self, ticket):
        """The assisting organization answered the follow-up ticket: a confirmation
        verifies the commitment; anything else goes to the organ that acts on a false
        promise, which decides (Taizhou art. 8 ¶3): nothing is declared false by itself."""
        self.ensure_one()
        commitment = self.sudo()
        if commitment.state not in PENDING_STATES:
            return
        verifier = ticket.assigned_user_id or self.env.user
        answer = ticket._noproof_answer_summary()
        if ticket.answer_result == "confirmed":
            now = fields.Datetime.now()
            commitment._workflow().write(
                {
                    "state": "verified",
                    "verified_at": now,
                    "verified_by_id": verifier.id,
                    "verification_note": answer,
                    "evidence_attachment_ids": [fields.Command.link(a.id) for a in ticket.answer_attachment_ids],
                }
            )
            commitment.check_id._workflow().write(
                {"state": "done", "resolved_by_id": verifier.id, "resolved_at": now, "note": answer}
            )
            commitment.activity_feedback(
                ["noproof_commitment.mail_activity_type_commitment_follow_up"], feedback=answer
            )
            commitment.message_post(body=_("Verified: %(note)s", note=answer))
            return
        commitment.message_post(body=answer)
        commitment.activity_schedule(
            "noproof_commitment.mail_activity_type_commitment_follow_up",
            summary=_("The follow-up ticket did not confirm the promise: decide whether it was false"),
            note=answer,
            user_id=(commitment.follow_up_user_id or commitment.clerk_id).id,
        )

    # -------------------------------------------------------------- helpers
    def _noproof_tz(self):
        return pytz.timezone(self.env.user.tz or self.company_id.sudo().resource_calendar_id.tz or PORTAL_TZ)

    def _noproof_local(self, moment):
        if not moment:
            return ""
        return pytz.utc.localize(moment).astimezone(self._noproof_tz()).strftime("%Y-%m-%d %H:%M")

    def _noproof_local_date(self, moment):
        return pytz.utc.localize(moment).astimezone(self._noproof_tz()).date()

    def _noproof_qr_code(self):
        """The verification address as a QR code: a base64 PNG."""
        self.ensure_one()
        image = qrcode.make(self.verification_url, box_size=6, border=2)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue()).decode()

    def _noproof_scan_data_uri(self):
        """The signed scan as an image to print, if it is an image."""
        self.ensure_one()
        scan = self.sudo().signature_attachment_id
        if scan and (scan.mimetype or "").startswith("image/"):
            return f"data:{scan.mimetype};base64,{scan.datas.decode()}"
        return False

    def _noproof_check_state(self, allowed, action):
        for commitment in self:
            if commitment.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    _(
                        "%(commitment)s is %(state)s: it cannot be %(action)s.",
                        commitment=commitment.name,
                        state=states[commitment.state],
                        action=action,
                    )
                )

    def _noproof_may_act(self, user=None):
        """Whether ``user`` acts for the organ that acts on a false promise of this
        commitment (Taizhou art. 8 ¶3), as its level's setting says: the deciding organ
        (a clerk of the item's handling organization, or a configuration manager of the
        level acting for it), or the level's joint-conference office."""
        self.ensure_one()
        user = user or self.env.user
        if user._is_superuser():
            return True
        commitment = self.sudo()
        company = commitment.company_id
        if company._noproof_false_promise_actor() == "office":
            return user.has_group("noproof_catalog.group_office") and company in user.company_ids
        return (
            user.has_group("noproof_catalog.group_clerk")
            and commitment.organization_id in user.sudo().noproof_organization_ids
        ) or (user.has_group("noproof_catalog.group_manager") and company in user.company_ids)

    def _noproof_check_office(self):
        """Refuse unless the current user acts for the organ that acts on a false promise."""
        if self.env.su:
            return
        for commitment in self:
            if not commitment._noproof_may_act():
                if commitment.sudo().company_id._noproof_false_promise_actor() == "office":
                    raise AccessError(
                        _(
                            "At %(level)s only the joint-conference office acts on a false promise: orders "
                            "rectification, revokes the decision, decides a bar.",
                            level=commitment.sudo().company_id.name,
                        )
                    )
                raise AccessError(
                    _(
                        "Only the organ that decided acts on a false promise (%(article)s): the clerks of "
                        "%(organization)s, or a configuration manager of %(level)s acting for it. The office "
                        "oversees these decisions.",
                        article=commitment.sudo().company_id._noproof_cite(taizhou="Taizhou art. 8 ¶3"),
                        organization=commitment.sudo().organization_id.name,
                        level=commitment.sudo().company_id.name,
                    )
                )

    def _noproof_evidence(self, attachments):
        """Attach ``attachments`` (ir.attachment records or (name, bytes) pairs) as evidence."""
        self.ensure_one()
        files = self.env["ir.attachment"]._noproof_bind(attachments, self)
        if files:
            self._workflow().write({"evidence_attachment_ids": [fields.Command.link(a.id) for a in files]})
        return files

    # --------------------------------------------------------- verification
    def _noproof_confirm(self, note, attachments=None):
        """The follow-up verification confirms what the applicant promised (Luzhou art. 8)."""
        self.ensure_one()
        self._noproof_check_state(PENDING_STATES, _("verified"))
        if not (note or "").strip():
            raise UserError(_("Describe how the promise was verified and what was found."))
        self.check_access("write")
        self._noproof_evidence(attachments)
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "verified",
                "verified_at": now,
                "verified_by_id": self.env.uid,
                "verification_note": note,
            }
        )
        self.check_id.sudo()._workflow().write(
            {
                "state": "done",
                "resolved_by_id": self.env.uid,
                "resolved_at": now,
                "note": _("Commitment %(commitment)s verified: %(note)s", commitment=self.name, note=note),
            }
        )
        self.activity_feedback(["noproof_commitment.mail_activity_type_commitment_follow_up"], feedback=note)
        self.sudo().follow_up_ticket_ids._noproof_cancel_follow_up()
        self.message_post(body=_("Verified: %(note)s", note=note))
        return True

    def _noproof_declare_false(self, finding, measure, rectification_deadline=None, attachments=None):
        """Taizhou art. 8 ¶3: the promise was false. The office orders rectification
        within a deadline or revokes the decision; the event goes to the ledger and the
        applicant is barred from commitment (Taizhou art. 8 ¶4)."""
        self.ensure_one()
        self._noproof_check_office()
        self._noproof_check_state(("signed", "verified"), _("found false"))
        self.check_access("write")
        if not (finding or "").strip():
            raise UserError(_("Describe what the applicant promised that is not true."))
        if measure not in dict(MEASURES):
            raise UserError(_("Choose the measure: order rectification, or revoke the decision."))
        today = fields.Date.context_today(self)
        if measure == "rectification":
            rectification_deadline = fields.Date.to_date(rectification_deadline) if rectification_deadline else None
            if not rectification_deadline or rectification_deadline <= today:
                raise UserError(_("Set the date by which the applicant must rectify, after today."))
        else:
            rectification_deadline = False
        files = self._noproof_evidence(attachments)
        case = self.case_id
        measures = dict(self._fields["measure"]._description_selection(self.env))
        entry = self.env["noproof.ledger.entry"].record(
            "false_commitment",
            company=case.company_id,
            organization=case.organization_id,
            applicant=case.applicant_id,
            item=case.item_id,
            certificate=self.certificate_id,
            reason=finding,
            document=self,
            attachments=files or None,
            applicant_name=self.applicant_name,
            result=measures[measure],
        )
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "rectification" if measure == "rectification" else "revoked",
                "measure": measure,
                "false_finding": finding,
                "false_at": now,
                "false_by_id": self.env.uid,
                "rectification_deadline": rectification_deadline,
                "ledger_entry_id": entry.id,
                # The rectification is a new deadline: the engine reports it once more.
                "overdue_at": False,
                **({"revoked_at": now, "revocation_reason": finding} if measure == "revocation" else {}),
            }
        )
        self.check_id.sudo()._workflow().write(
            {
                "state": "discrepancy" if case.state == "open" else self.check_id.state,
                "note": _("Commitment %(commitment)s found false: %(finding)s", commitment=self.name, finding=finding),
            }
        )
        self.activity_unlink(["noproof_commitment.mail_activity_type_commitment_follow_up"])
        if measure == "revocation":
            self._noproof_revoke_decision(finding)
        else:
            self._noproof_order_rectification()
        self.sudo().follow_up_ticket_ids._noproof_cancel_follow_up()
        self.env["noproof.exemption"].sudo()._noproof_open_for(self)
        self.message_post(
            body=_("False promise: %(finding)s. Measure: %(measure)s.", finding=finding, measure=measures[measure])
        )
        return True

    # -------------------------------------------------------------------- bar
    def _noproof_bar_decidable(self):
        """Taizhou art. 8 ¶4: a bar follows a false promise left unrectified past its
        deadline, or the revocation of the decision; nothing earlier."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self.state == "revoked" or (
            self.state == "rectification" and self.rectification_deadline and self.rectification_deadline < today
        )

    def _noproof_check_bar_decidable(self, months=None):
        self.ensure_one()
        self._noproof_check_office()
        company = self.sudo().company_id
        if company._noproof_bar_policy() != "decision":
            raise UserError(
                _(
                    "%(level)s does not bar applicants from commitment after a false promise: its statute has no "
                    "such measure (see the level's setting 'Bar on Commitment').",
                    level=company.name,
                )
            )
        if not self._noproof_bar_decidable():
            raise UserError(
                _(
                    "A bar is decided only after the applicant failed to rectify %(commitment)s by its deadline, "
                    "or after the decision was revoked (%(article)s).",
                    article=self.company_id._noproof_cite(taizhou="Taizhou art. 8 ¶4"),
                    commitment=self.name,
                )
            )
        if self.sudo().bar_ids.filtered(lambda bar: bar.state != "lifted"):
            raise UserError(_("A bar was already decided after %(commitment)s.", commitment=self.name))
        maximum = company._noproof_bar_max_months()
        if not maximum:
            raise UserError(
                _("%(city)s sets no bar length: set 'Longest Bar (Months)' on the city.", city=company.root_id.name)
            )
        if months is not None and not 1 <= months <= maximum:
            raise UserError(
                _(
                    "A bar lasts from 1 to %(months)s months in %(city)s (%(article)s).",
                    article=company._noproof_cite(taizhou="Taizhou art. 8 ¶4"),
                    months=maximum,
                    city=company._noproof_city().name,
                )
            )
        return maximum

    def _noproof_decide_bar(self, months, reason=None):
        """The deciding organ bars the applicant from commitment for ``months``
        (Taizhou art. 8 ¶4) and returns the bar."""
        self.ensure_one()
        self.check_access("read")
        self._noproof_check_bar_decidable(months)
        return self.env["noproof.commitment.bar"]._noproof_bar_after(self, months, reason)

    def action_open_decide_bar(self):
        self.ensure_one()
        maximum = self._noproof_check_bar_decidable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Decide Bar"),
            "res_model": "noproof.commitment.bar.decide.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_commitment_id": self.id, "default_months": maximum},
        }

    def _noproof_order_rectification(self):
        self.ensure_one()
        case = self.case_id
        case.sudo().message_post(
            body=_(
                "Commitment %(commitment)s was found false. The applicant must rectify by %(date)s (%(article)s).",
                article=case.company_id._noproof_cite(taizhou="Taizhou art. 8 ¶3"),
                commitment=self.name,
                date=format_date(self.env, self.rectification_deadline),
            )
        )
        self.activity_schedule(
            "noproof_commitment.mail_activity_type_commitment_rectification",
            date_deadline=self.rectification_deadline,
            summary=_("Check the rectification of %(commitment)s", commitment=self.name),
            user_id=self.env.uid,
        )

    def _noproof_revoke_decision(self, reason):
        """Revoke the decision taken on the commitment, or refuse an application not
        decided yet."""
        self.ensure_one()
        case = self.case_id.sudo()
        if case.state == "approved":
            case._noproof_revoke(
                _(
                    "Revoked because commitment %(commitment)s was false: %(reason)s",
                    commitment=self.name,
                    reason=reason,
                )
            )
        elif case.state == "open":
            case._workflow().write(
                {
                    "decision_note": _(
                        "Refused because commitment %(commitment)s was false: %(reason)s",
                        commitment=self.name,
                        reason=reason,
                    )
                }
            )
            case.action_reject()

    def _noproof_mark_rectified(self, note, attachments=None):
        """The applicant rectified within the deadline the office set."""
        self.ensure_one()
        self._noproof_check_state(("rectification",), _("marked rectified"))
        self.check_access("write")
        if not (note or "").strip():
            raise UserError(_("Describe how the applicant rectified the false promise."))
        self._noproof_evidence(attachments)
        now = fields.Datetime.now()
        self._workflow().write({"state": "rectified", "rectified_at": now, "rectification_note": note})
        # The corrected fact is established: a case still in progress may go on.
        self.check_id.sudo()._workflow().write(
            {
                "state": "done",
                "resolution": "commitment",
                "resolved_by_id": self.env.uid,
                "resolved_at": now,
                "note": _("Commitment %(commitment)s rectified: %(note)s", commitment=self.name, note=note),
            }
        )
        self.activity_feedback(["noproof_commitment.mail_activity_type_commitment_rectification"], feedback=note)
        self.message_post(body=_("Rectified: %(note)s", note=note))
        return True

    def _noproof_revoke(self, reason, attachments=None):
        """The applicant did not rectify: the office revokes the decision (Taizhou art. 8 ¶3)."""
        self.ensure_one()
        self._noproof_check_office()
        self._noproof_check_state(("rectification",), _("revoked"))
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(_("Write why the decision is revoked."))
        self._noproof_evidence(attachments)
        self._workflow().write(
            {
                "state": "revoked",
                "measure": "revocation",
                "revoked_at": fields.Datetime.now(),
                "revocation_reason": reason,
            }
        )
        self._noproof_revoke_decision(reason)
        self.activity_unlink(["noproof_commitment.mail_activity_type_commitment_rectification"])
        self.message_post(body=_("Decision revoked: %(reason)s", reason=reason))
        return True

    def _noproof_void(self):
        """The case ended without a decision resting on the commitment."""
        pending = self.filtered(lambda c: c.state in PENDING_STATES)
        if not pending:
            return
        pending._workflow().write({"state": "void"})
        pending.activity_unlink(["noproof_commitment.mail_activity_type_commitment_follow_up"])
        pending.sudo().follow_up_ticket_ids._noproof_cancel_follow_up()

    # -------------------------------------------------------------- actions
    def _noproof_open_outcome(self, mode):
        self.ensure_one()
        titles = {
            "confirm": _("Verified True"),
            "false": _("False Promise"),
            "rectified": _("Rectified"),
            "revoke": _("Revoke the Decision"),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles[mode],
            "res_model": "noproof.commitment.outcome.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_commitment_id": self.id, "default_mode": mode},
        }

    def action_open_confirm(self):
        self._noproof_check_state(PENDING_STATES, _("verified"))
        return self._noproof_open_outcome("confirm")

    def action_open_false(self):
        self._noproof_check_office()
        self._noproof_check_state(("signed", "verified"), _("found false"))
        return self._noproof_open_outcome("false")

    def action_open_rectified(self):
        self._noproof_check_state(("rectification",), _("marked rectified"))
        return self._noproof_open_outcome("rectified")

    def action_open_revoke(self):
        self._noproof_check_office()
        self._noproof_check_state(("rectification",), _("revoked"))
        return self._noproof_open_outcome("revoke")

    def action_print(self):
        return self.env.ref("noproof_commitment.action_report_commitment").report_action(self)

    def action_view_exemptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_commitment.action_noproof_exemption")
        action["domain"] = [("commitment_id", "=", self.id)]
        action["context"] = {"default_commitment_id": self.id}
        return action

    # ------------------------------------------------------------- overdue
    def _noproof_on_overdue(self, now):
        """Tell the office of each level about the commitments whose follow-up or
        rectification deadline passed; the deadline engine runs this once per deadline."""
        for company, group in self.grouped("company_id").items():
            responsible = office_users(company)[:1]
            for commitment in group:
                user = responsible or commitment.clerk_id
                if commitment.state == "signed":
                    summary = _(
                        "Follow-up overdue since %(deadline)s",
                        deadline=commitment._noproof_local(commitment.follow_up_deadline),
                    )
                else:
                    summary = _(
                        "Rectification overdue since %(date)s",
                        date=format_date(self.env, commitment.rectification_deadline),
                    )
                commitment.activity_schedule(
                    "noproof_commitment.mail_activity_type_commitment_overdue",
                    summary=summary,
                    user_id=user.id,
                )

    # ---------------------------------------------------------------- demo
    @api.model
    def _demo_sign(self, check_id, user_id, signature_method, signature_reference=None):
        check = self.env["noproof.case.check"].with_user(user_id).browse(check_id)
        scan = None
        if signature_method == "handwritten":
            scan = ("承诺书签字页.png", base64.b64decode(self._noproof_demo_scan()))
        commitment = self.with_user(user_id)._noproof_sign(
            check, signature_method, signature_reference=signature_reference, scan=scan
        )
        return commitment.id

    @api.model
    def _demo_confirm(self, commitment_ids, user_id, note):
        for commitment in self.with_user(user_id).browse(commitment_ids):
            commitment._noproof_confirm(note)

    @api.model
    def _demo_declare_false(self, commitment_ids, user_id, finding, measure):
        for commitment in self.with_user(user_id).browse(commitment_ids):
            commitment._noproof_declare_false(
                finding, measure, rectification_deadline=self._noproof_rectification_default(commitment.company_id)
            )

    @api.model
    def _demo_decide_bar(self, commitment_ids, user_id, months, reason):
        for commitment in self.with_user(user_id).browse(commitment_ids):
            commitment._noproof_decide_bar(months, reason)

    @api.model
    def _demo_fallback(self, check_id, clerk_id, verifier_id, answer, signature_reference):
        """Demo: a ticket for ``check_id`` answered "no such information", then the
        applicant's commitment instead (Luzhou art. 14 ¶1)."""
        check = self.env["noproof.case.check"].with_user(clerk_id).browse(check_id)
        action = check.action_create_ticket()
        ticket = self.env["noproof.verification.ticket"].with_user(clerk_id).browse(action["res_id"])
        ticket.action_send()
        ticket.with_user(verifier_id).action_answer("not_found", answer)
        self.with_user(clerk_id)._noproof_sign(check, "esign", signature_reference=signature_reference)

    @api.model
    def _demo_backdate(self, commitment_ids, days):
        """Demo: move the signature ``days`` back, so that the follow-up view shows an
        overdue commitment, and report it as the hourly job would."""
        for commitment in self.browse(commitment_ids).sudo():
            commitment._workflow().write({"signed_at": commitment.signed_at - timedelta(days=days)})
            commitment.activity_unlink(["noproof_commitment.mail_activity_type_commitment_follow_up"])
            commitment._noproof_schedule_follow_up()
        self._noproof_process_overdue()

    @api.model
    def _noproof_demo_scan(self):
        """A stand-in for a scanned signature: a white page with a pen stroke."""
        image = Image.new("RGB", (480, 160), "white")
        draw = ImageDraw.Draw(image)
        draw.line([(40, 110), (120, 40), (160, 120), (230, 50), (300, 115), (420, 60)], fill="navy", width=4)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue())

    @api.model
    def _noproof_token_is_wellformed(self, token):
        return isinstance(token, str) and bool(TOKEN_PATTERN.fullmatch(token))

    @api.model
    def _noproof_find_by_token(self, token):
        """The commitment with this token, read as superuser, or an empty recordset."""
        if not self._noproof_token_is_wellformed(token):
            return self.browse()
        return self.sudo().search([("access_token", "=", token)], limit=1)

    def _noproof_public_values(self):
        """What the public page shows: no name, no identity number, no text of the promise."""
        self.ensure_one()
        commitment = self.sudo()
        states = dict(self._fields["state"]._description_selection(self.env))
        explanations = {
            "signed": _("Valid. The authority is verifying what was promised."),
            "verified": _("Valid. The authority verified what was promised."),
            "rectification": _("A false promise was found; the applicant has been ordered to rectify it."),
            "rectified": _("A false promise was found and has been rectified."),
            "revoked": _("A false promise was found; the decision taken on this commitment was revoked."),
            "void": _("Withdrawn: the application was closed without a decision resting on this commitment."),
        }
        return {
            "reference": commitment.name,
            "item": commitment.item_id.name,
            "certificate": commitment.certificate_id.name,
            "organization": commitment.organization_id.name,
            "level": commitment.company_id.name,
            "date": format_date(self.env, commitment._noproof_local_date(commitment.signed_at)),
            "state": commitment.state,
            "state_label": states[commitment.state],
            "explanation": explanations[commitment.state],
            "applicant": mask_name(commitment.applicant_name),
            "badge": {
                "signed": "success",
                "verified": "success",
                "rectification": "warning",
                "rectified": "warning",
                "revoked": "danger",
                "void": "secondary",
            }[commitment.state],
        }

    @api.model
    def _noproof_rectification_default(self, company):
        return fields.Date.context_today(self) + timedelta(
            days=company.sudo().noproof_commitment_rectification_days or 30
        )
