import re

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# The parts of a commitment (Taizhou art. 8 ¶2, Luzhou art. 8 ¶2): what is promised,
# the standard it must meet, the liability for a false promise, the authority's right
# to verify. Editing any of them on a signed template makes a new version.
TEXT_FIELDS = ("content", "standard", "liability", "verification_right")
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
PLACEHOLDER_NAMES = ("applicant", "id_number", "item", "certificate", "organization", "level", "case", "date")


def render_text(text, values):
    """``text`` with each ``{{name}}`` replaced by ``values[name]``, in one pass: a value
    that itself looks like a placeholder is kept as it is. Plain text in, plain text out;
    whoever displays it escapes it."""
    if not text:
        return text or ""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1).strip(), match.group(0))), text)


class NoproofCommitmentTemplate(models.Model):
    """承诺书模板: the text an applicant signs instead of bringing a certificate. The
    administrator edits it with placeholders for the case's data; once it has been
    signed, an edit makes a new version and the signed one keeps its text."""

    _name = "noproof.commitment.template"
    _description = "Commitment Template"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Level",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
        help="The level whose items use this template; its counties use it too unless they have their own.",
    )
    item_ids = fields.Many2many(
        "noproof.service.item",
        "noproof_commitment_template_item_rel",
        "template_id",
        "item_id",
        string="Service Items",
        help="Use this template for these items only. Leave empty for every item of the level.",
    )
    certificate_ids = fields.Many2many(
        "noproof.certificate",
        "noproof_commitment_template_certificate_rel",
        "template_id",
        "certificate_id",
        string="Certificates",
        help="Use this template in place of these certificates only. Leave empty for every certificate.",
    )
    content = fields.Text(
        string="What the Applicant Promises",
        required=True,
        tracking=True,
        help="The facts the applicant declares to be true, e.g. 本人{{applicant}}承诺与逝者系直系亲属关系. "
        "Placeholders: {{applicant}}, {{id_number}} (masked), {{item}}, {{certificate}}, {{organization}}, "
        "{{level}}, {{case}}, {{date}}.",
    )
    standard = fields.Text(
        string="Standard to Meet",
        tracking=True,
        help="The conditions or standard the promised facts must meet (Taizhou art. 8 ¶2).",
    )
    liability = fields.Text(
        string="Liability for a False Promise",
        tracking=True,
        help="What follows a false promise: rectification or revocation of the decision, the benefit obtained "
        "is not protected, the bar on commitment, credit sanctions (Taizhou art. 8 ¶3-4, Luzhou art. 8 ¶2).",
    )
    verification_right = fields.Text(
        string="Right to Verify",
        tracking=True,
        help="That the authority verifies the promise during and after handling, and how.",
    )
    version_ids = fields.One2many("noproof.commitment.template.version", "template_id", string="Versions")
    current_version_id = fields.Many2one(
        "noproof.commitment.template.version",
        compute="_compute_current_version_id",
        store=True,
        string="Current Version",
    )
    version = fields.Integer(related="current_version_id.version", string="Version")
    commitment_count = fields.Integer(compute="_compute_commitment_count", string="Signed Commitments")
    preview = fields.Text(compute="_compute_preview", string="Preview")
    placeholder_help = fields.Html(compute="_compute_placeholder_help")

    @api.depends("version_ids.version")
    def _compute_current_version_id(self):
        for template in self:
            template.current_version_id = template.version_ids.sorted("version")[-1:]

    def _compute_commitment_count(self):
        counts = dict(
            self.env["noproof.commitment"]
            .sudo()
            ._read_group([("template_id", "in", self.ids)], ["template_id"], ["__count"])
        )
        for template in self:
            template.commitment_count = counts.get(template, 0)

    @api.depends(*TEXT_FIELDS)
    def _compute_preview(self):
        values = self._noproof_sample_values()
        labels = self._noproof_part_labels()
        for template in self:
            template.preview = "\n\n".join(
                f"{labels[name]}\n{render_text(template[name], values)}" for name in TEXT_FIELDS if template[name]
            )

    def _compute_placeholder_help(self):
        rows = Markup("").join(
            Markup("<li><code>{{%s}}</code> — %s</li>") % (name, label)
            for name, label in self._noproof_placeholder_labels().items()
        )
        for template in self:
            template.placeholder_help = Markup("<ul class='mb-0'>%s</ul>") % rows

    @api.model
    def _noproof_part_labels(self):
        return {name: self._fields[name]._description_string(self.env) for name in TEXT_FIELDS}

    @api.model
    def _noproof_placeholder_labels(self):
        return {
            "applicant": _("the applicant's name"),
            "id_number": _("the applicant's identity number, masked"),
            "item": _("the service item"),
            "certificate": _("the certificate replaced by the commitment"),
            "organization": _("the handling organization"),
            "level": _("the level (city or county)"),
            "case": _("the case reference"),
            "date": _("the date of signature"),
        }

    @api.model
    def _noproof_sample_values(self):
        return {
            "applicant": _("Zhang San"),
            "id_number": "331***********1234",
            "item": _("Funeral Subsidy"),
            "certificate": _("Kinship Certificate"),
            "organization": _("Civil Affairs Bureau"),
            "level": self.env.company.name,
            "case": "BJ202401000001",
            "date": fields.Date.to_string(fields.Date.context_today(self)),
        }

    # ------------------------------------------------------------- checks
    @api.constrains(*TEXT_FIELDS)
    def _check_texts(self):
        labels = self._noproof_part_labels()
        for template in self:
            if not (template.content or "").strip():
                raise ValidationError(_("%(template)s: write what the applicant promises.", template=template.name))
            if not (template.standard or "").strip():
                raise ValidationError(
                    _(
                        "%(template)s states no standard to meet. The applicant must be told the standard the promised "
                        "facts must meet (%(article)s): write it in 'Standard to Meet'.",
                        article=template.company_id._noproof_cite(
                            taizhou="Taizhou art. 8 ¶2", luzhou="Luzhou art. 8 ¶2"
                        ),
                        template=template.name,
                    )
                )
            if not (template.liability or "").strip():
                raise ValidationError(
                    _(
                        "%(template)s states no liability for a false promise. The applicant must be told what "
                        "follows a false promise (%(article)s): write it in "
                        "'Liability for a False Promise'.",
                        article=template.company_id._noproof_cite(
                            taizhou="Taizhou art. 8 ¶2", luzhou="Luzhou art. 8 ¶2"
                        ),
                        template=template.name,
                    )
                )
            for name in TEXT_FIELDS:
                text = template[name] or ""
                unknown = sorted(
                    {match.group(1).strip() for match in PLACEHOLDER.finditer(text)} - set(PLACEHOLDER_NAMES)
                )
                if unknown:
                    raise ValidationError(
                        _(
                            "%(template)s, %(part)s: %(unknown)s is not a placeholder. Use one of %(known)s.",
                            template=template.name,
                            part=labels[name],
                            unknown=", ".join(f"{{{{{key}}}}}" for key in unknown),
                            known=", ".join(f"{{{{{key}}}}}" for key in PLACEHOLDER_NAMES),
                        )
                    )
                rest = PLACEHOLDER.sub("", text)
                if "{{" in rest or "}}" in rest:
                    raise ValidationError(
                        _(
                            "%(template)s, %(part)s: a placeholder is not closed. Write placeholders as "
                            "{{applicant}}, with two braces on each side.",
                            template=template.name,
                            part=labels[name],
                        )
                    )

    # -------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        for template in templates:
            template._noproof_sync_version()
        return templates

    def write(self, vals):
        result = super().write(vals)
        if set(TEXT_FIELDS) & set(vals):
            for template in self:
                template._noproof_sync_version()
        return result

    def unlink(self):
        signed = self.filtered("commitment_count")
        if signed:
            raise UserError(
                _(
                    "%(template)s has been signed: it is kept with the commitments made on it. Archive it instead.",
                    template=signed[0].name,
                )
            )
        return super().unlink()

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for template, vals in zip(self, vals_list, strict=True):
            if "name" not in (default or {}):
                vals["name"] = _("%(name)s (copy)", name=template.name)
        return vals_list

    def _noproof_sync_version(self):
        """Keep the current version in step with the text: rewrite it while nobody has
        signed it, otherwise start a new version so that the signed one stays as it was."""
        self.ensure_one()
        Version = self.env["noproof.commitment.template.version"].sudo()
        texts = {name: self[name] or False for name in TEXT_FIELDS}
        current = self.sudo().current_version_id
        if current and all((current[name] or False) == texts[name] for name in TEXT_FIELDS):
            return current
        if current and not current._noproof_is_signed():
            current._workflow().write(texts)
            return current
        version = Version._workflow_create([{"template_id": self.id, "version": (current.version or 0) + 1, **texts}])
        self.invalidate_recordset(["current_version_id", "version"])
        if current:
            self.message_post(
                body=_(
                    "Version %(new)s created: version %(old)s has been signed and keeps its text.",
                    new=version.version,
                    old=current.version,
                )
            )
        return version

    # ------------------------------------------------------------ matching
    def _noproof_applies_to(self, rule):
        self.ensure_one()
        return (not self.item_ids or rule.item_id in self.item_ids) and (
            not self.certificate_ids or rule.certificate_id in self.certificate_ids
        )

    @api.model
    def _noproof_for_rule(self, rule):
        """The template an applicant signs for ``rule``: the rule's own, else the most
        specific active template of the rule's level (item and certificate before item,
        before certificate, before a general one), else of its city."""
        rule = rule.sudo()
        if rule.commitment_template_id.active:
            return rule.commitment_template_id.sudo(False)
        company = rule.company_id
        Template = self.sudo()
        while company:
            candidates = Template.search([("company_id", "=", company.id)]).filtered(
                lambda template: template._noproof_applies_to(rule)
            )
            if candidates:
                best = min(
                    candidates,
                    key=lambda t: (not t.item_ids, not t.certificate_ids, t.sequence, t.id),
                )
                return best.sudo(False)
            company = company.parent_id
        return self.browse()

    def action_view_commitments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_commitment.action_noproof_commitment")
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {}
        return action
