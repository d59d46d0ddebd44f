from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .noproof_commitment_template import TEXT_FIELDS


class NoproofCommitmentTemplateVersion(models.Model):
    """One version of a commitment template: the exact text applicants signed.
    Versions are written by their template only, and never change once signed."""

    _name = "noproof.commitment.template.version"
    _description = "Commitment Template Version"
    _inherit = ["noproof.workflow.mixin"]
    _order = "template_id, version desc"
    # Written by the template's own synchronisation only (noproof.workflow.mixin).
    _workflow_fields = ("template_id", "version", *TEXT_FIELDS)

    template_id = fields.Many2one(
        "noproof.commitment.template", required=True, index=True, ondelete="cascade", readonly=True, copy=False
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True, string="Level")
    version = fields.Integer(required=True, readonly=True, copy=False)
    content = fields.Text(string="What the Applicant Promises", readonly=True, copy=False)
    standard = fields.Text(string="Standard to Meet", readonly=True, copy=False)
    liability = fields.Text(string="Liability for a False Promise", readonly=True, copy=False)
    verification_right = fields.Text(string="Right to Verify", readonly=True, copy=False)
    commitment_ids = fields.One2many("noproof.commitment", "template_version_id", string="Commitments")
    commitment_count = fields.Integer(compute="_compute_commitment_count", string="Signed Commitments")

    _sql_constraints = [
        ("template_version_uniq", "unique(template_id, version)", "A template has each version number once."),
    ]

    @api.constrains("content", "standard", "liability")
    def _check_texts(self):
        """Taizhou art. 8 ¶1-2, Luzhou art. 8 ¶2: what a version makes the applicant sign
        states the content, the standard to meet and the liability, each of them."""
        for version in self:
            missing = [
                version._fields[name]._description_string(self.env)
                for name in ("content", "standard", "liability")
                if not (version[name] or "").strip()
            ]
            if missing:
                raise ValidationError(
                    _(
                        "%(template)s, version %(version)s: a commitment states the content, the standard to meet "
                        "and the liability for a false promise (%(article)s); missing: "
                        "%(missing)s.",
                        article=version.template_id.company_id._noproof_cite(
                            taizhou="Taizhou art. 8 ¶2", luzhou="Luzhou art. 8 ¶2"
                        ),
                        template=version.template_id.name,
                        version=version.version,
                        missing=", ".join(missing),
                    )
                )

    @api.depends("template_id.name", "version")
    def _compute_display_name(self):
        for version in self:
            version.display_name = _(
                "%(template)s, version %(version)s", template=version.template_id.name or "", version=version.version
            )

    def _compute_commitment_count(self):
        counts = dict(
            self.env["noproof.commitment"]
            .sudo()
            ._read_group([("template_version_id", "in", self.ids)], ["template_version_id"], ["__count"])
        )
        for version in self:
            version.commitment_count = counts.get(version, 0)

    def _noproof_is_signed(self):
        self.ensure_one()
        return bool(
            self.env["noproof.commitment"].sudo().search_count([("template_version_id", "=", self.id)], limit=1)
        )

    def _workflow_refusal(self, names):
        return UserError(_("A template version changes only when its template is edited. Edit the template."))

    def write(self, vals):
        if not self._workflow_is_open() or set(vals) - set(TEXT_FIELDS):
            raise self._workflow_refusal(set(vals))
        if any(version._noproof_is_signed() for version in self):
            raise UserError(_("This version has been signed: its text can never change."))
        return super().write(vals)

    def unlink(self):
        if any(version._noproof_is_signed() for version in self):
            raise UserError(_("This version has been signed and is kept with its commitments."))
        return super().unlink()
