from odoo import _, api, fields, models
from odoo.addons.noproof_catalog.models.noproof_certificate_rule import DISPOSITIONS
from odoo.exceptions import UserError

CHECK_STATES = [
    ("todo", "To Check"),
    ("waiting", "Waiting for Answer"),
    ("discrepancy", "Discrepancy"),
    ("supplement", "Supplement Requested"),
    ("done", "Resolved"),
]
RESOLUTIONS = [
    ("cancelled", "Not Required"),
    ("license", "Statutory Licence Presented"),
    ("data_sharing", "Confirmed in Shared Data"),
    ("assistance", "Confirmed by Verification"),
    ("self_investigation", "Confirmed by Own Investigation"),
    ("online_check", "Confirmed Online"),
    ("other_material", "Other Material Accepted"),
    ("retained", "Certificate Presented"),
    ("supplement", "Supplementary Material Accepted"),
    ("voluntary", "Provided by the Applicant"),
    ("onsite_check", "On-Site Check"),
    ("third_party", "Third-Party Verification"),
]
# Ways of settling the fact that sharing, verification and investigation leave open:
# the applicant's own material (Taizhou art. 15) and checks on site or by a third
# party (Taizhou art. 13, Luzhou art. 14).
FALLBACKS = ("voluntary", "onsite_check", "third_party")
ALLOWED_RESOLUTIONS = {
    "cancelled": ("cancelled",),
    "license": ("license",),
    "commitment": (),
    "data_sharing": ("data_sharing", "supplement") + FALLBACKS,
    "assistance": ("assistance", "supplement") + FALLBACKS,
    "self_investigation": ("self_investigation", "supplement") + FALLBACKS,
    "online_check": ("online_check", "supplement"),
    "other_material": ("other_material", "supplement"),
    "retained": ("retained",),
}
# Resolutions reached only through their own procedure (a look-up, a ticket), never by hand.
AUTOMATIC_RESOLUTIONS = ("cancelled", "data_sharing", "assistance")
# Resolutions kept in the ledger for inspection (台账, 留存备查).
LEDGER_ENTRY_TYPES = {
    "voluntary": "voluntary_provision",
    "onsite_check": "onsite_check",
    "third_party": "third_party_check",
}
# What found the discrepancy, and what it found: the grounds of a supplement request
# (Taizhou art. 12, Luzhou art. 15).
DISCREPANCY_SOURCES = [
    ("data_query", "Shared-Data Look-up"),
    ("ticket", "Verification Ticket"),
    ("investigation", "Own Investigation"),
]
DISCREPANCY_KINDS = [
    ("missing", "Nothing Found"),
    ("mismatch", "Does Not Match"),
]
MANUAL_DISPOSITIONS = ("license", "self_investigation", "online_check", "other_material", "retained")


class NoproofCaseCheck(models.Model):
    """How one certificate the item used to require is established for one case."""

    _name = "noproof.case.check"
    _description = "Case Check"
    _inherit = ["noproof.workflow.mixin"]
    # How the check was set up and settled: only its own procedure (a rule, a look-up,
    # a ticket, the resolution wizard) sets them, never a hand-made write.
    _workflow_fields = (
        "disposition",
        "state",
        "resolution",
        "resolved_by_id",
        "resolved_at",
        "attachment_ids",
        "discrepancy_source",
        "discrepancy_kind",
        "supplement_certificate_ids",
        "supplement_reason",
        "supplement_requested_at",
    )
    _order = "case_id, sequence, id"
    _rec_name = "certificate_id"

    case_id = fields.Many2one("noproof.case", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, string="Level")
    organization_id = fields.Many2one(related="case_id.organization_id", store=True, index=True)
    case_state = fields.Selection(related="case_id.state", string="Case Status")
    rule_id = fields.Many2one("noproof.certificate.rule", string="Rule", required=True, index=True, ondelete="restrict")
    certificate_id = fields.Many2one(related="rule_id.certificate_id", store=True, index=True)
    disposition = fields.Selection(DISPOSITIONS, required=True, readonly=True, copy=False)
    alternative_method = fields.Text(related="rule_id.alternative_method")
    assisting_organization_id = fields.Many2one(related="rule_id.assisting_organization_id")
    data_source_id = fields.Many2one(related="rule_id.data_source_id")
    state = fields.Selection(CHECK_STATES, required=True, default="todo", index=True, copy=False)
    resolution = fields.Selection(RESOLUTIONS, readonly=True, copy=False)
    resolved_by_id = fields.Many2one("res.users", string="Resolved By", readonly=True, copy=False)
    resolved_at = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    note = fields.Text(string="Evidence / Findings")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "noproof_case_check_attachment_rel",
        "check_id",
        "attachment_id",
        string="Evidence Files",
        readonly=True,
        copy=False,
    )
    discrepancy_source = fields.Selection(DISCREPANCY_SOURCES, string="Discrepancy Found By", readonly=True, copy=False)
    discrepancy_kind = fields.Selection(DISCREPANCY_KINDS, string="Discrepancy", readonly=True, copy=False)
    supplement_certificate_ids = fields.Many2many(
        "noproof.certificate",
        "noproof_case_check_supplement_certificate_rel",
        "check_id",
        "certificate_id",
        string="Supplement Stands For",
        readonly=True,
        copy=False,
        help="The certificates of the item's rules that the supplementary material stands for (Taizhou art. 12, "
        "Luzhou art. 15): nothing else may be asked.",
    )
    supplement_reason = fields.Text(string="Why a Supplement", readonly=True, copy=False)
    supplement_requested_at = fields.Datetime(string="Supplement Asked On", readonly=True, copy=False)
    supplement_notice = fields.Text(
        compute="_compute_supplement_notice", help="What the applicant is told: what to supplement and why."
    )
    ticket_ids = fields.One2many("noproof.verification.ticket", "check_id", string="Verification Tickets")
    query_ids = fields.One2many("noproof.data.query", "check_id", string="Data Queries")
    allowed_resolutions = fields.Char(compute="_compute_allowed_resolutions")

    @api.depends("supplement_certificate_ids", "supplement_reason", "supplement_requested_at")
    def _compute_supplement_notice(self):
        for check in self:
            check.supplement_notice = check._noproof_supplement_notice() if check.supplement_requested_at else False

    @api.depends("disposition")
    def _compute_allowed_resolutions(self):
        for check in self:
            check.allowed_resolutions = ",".join(check._noproof_allowed_resolutions())

    @api.model
    def _noproof_values_from_rule(self, case, rule):
        vals = {
            "case_id": case.id,
            "rule_id": rule.id,
            "sequence": rule.sequence,
            "disposition": rule.disposition,
        }
        if rule.disposition == "cancelled":
            vals.update(
                state="done",
                resolution="cancelled",
                resolved_at=fields.Datetime.now(),
                note=_("The certificate is cancelled: nothing to check or ask for."),
            )
        return vals

    # ------------------------------------------------------------------ hooks
    def _noproof_allowed_resolutions(self):
        """How this check may be resolved, given its rule's disposition."""
        self.ensure_one()
        return ALLOWED_RESOLUTIONS.get(self.disposition, ())

    def _noproof_check_blocks_approval(self):
        """Whether this check keeps its case from being approved. Extended by the
        commitment add-on, which lets some items be approved on commitment."""
        self.ensure_one()
        return self.state != "done"

    # ---------------------------------------------------------------- helpers
    def _noproof_check_editable(self):
        self.check_access("write")
        for check in self:
            if check.case_id.state != "open":
                raise UserError(
                    _("%(case)s is no longer in progress; its checks cannot change.", case=check.case_id.name)
                )

    def _noproof_ledger(self, entry_type, reason, attachments=None, document=None, **values):
        self.ensure_one()
        case = self.case_id
        return self.env["noproof.ledger.entry"].record(
            entry_type,
            company=case.company_id,
            organization=case.organization_id,
            applicant=case.applicant_id,
            item=case.item_id,
            certificate=self.certificate_id,
            reason=reason,
            document=document or self,
            attachments=attachments,
            **values,
        )

    def _noproof_attach(self, files):
        """Attach ``files`` (ir.attachment records or (name, bytes) pairs) to the case and the check."""
        self.ensure_one()
        attachments = self.env["ir.attachment"]._noproof_bind(files, self.case_id)
        if attachments:
            self._workflow().attachment_ids = [fields.Command.link(a.id) for a in attachments]
        return attachments

    # ------------------------------------------------------------- resolution
    def _noproof_resolve(self, resolution, note=None, attachments=None, counterparty=None, location=None):
        """Resolve the check by ``resolution``, keeping ``note`` and ``attachments``
        as its evidence; applicant material and on-site or third-party checks are
        recorded in the ledger (with the ``location`` of an on-site check and the
        ``counterparty`` commissioned for a third-party check)."""
        self.ensure_one()
        self._noproof_check_editable()
        labels = dict(self._fields["resolution"]._description_selection(self.env))
        if resolution not in self._noproof_allowed_resolutions():
            raise UserError(
                _(
                    "%(certificate)s cannot be resolved as '%(resolution)s' under its rule (%(disposition)s).",
                    certificate=self.certificate_id.name,
                    resolution=labels.get(resolution, resolution),
                    disposition=dict(DISPOSITIONS).get(self.disposition, self.disposition),
                )
            )
        if self.state == "done":
            raise UserError(_("%(certificate)s is already resolved.", certificate=self.certificate_id.name))
        if resolution == "supplement" and self.state != "supplement":
            raise UserError(
                _(
                    "Ask the applicant for a supplement first: %(certificate)s has no supplement pending.",
                    certificate=self.certificate_id.name,
                )
            )
        if self.state == "waiting" and resolution not in ("assistance", "voluntary"):
            raise UserError(
                _(
                    "A verification ticket for %(certificate)s is still waiting for its answer: cancel it first.",
                    certificate=self.certificate_id.name,
                )
            )
        if not (note or "").strip() and not attachments:
            raise UserError(
                _("Describe the evidence for %(certificate)s, or attach it.", certificate=self.certificate_id.name)
            )
        if resolution == "third_party" and not (counterparty or "").strip():
            raise UserError(
                _(
                    "Name the third party commissioned to verify %(certificate)s (%(article)s).",
                    certificate=self.certificate_id.name,
                    article=self.company_id._noproof_cite(taizhou="Taizhou art. 13 ¶2"),
                )
            )
        files = self._noproof_attach(attachments)
        self._workflow().write(
            {
                "state": "done",
                "resolution": resolution,
                "resolved_by_id": self.env.uid,
                "resolved_at": fields.Datetime.now(),
                "note": note,
            }
        )
        if resolution in LEDGER_ENTRY_TYPES:
            values = {"result": note or labels[resolution]}
            if resolution == "voluntary":
                values = {"material": (note or labels[resolution])[:250]}
            elif resolution == "third_party":
                values["counterparty"] = counterparty
            elif resolution == "onsite_check":
                values["location"] = location
            self._noproof_ledger(
                LEDGER_ENTRY_TYPES[resolution], note or labels[resolution], attachments=files, **values
            )
        if resolution == "voluntary":
            # The applicant's own material settles the fact: no answer is needed any more.
            self.sudo().ticket_ids._noproof_end_with_check()
        return True

    def _noproof_flag_discrepancy(self, note, source="investigation", kind="mismatch"):
        """What shared data (``source`` data_query), a verification ticket (ticket) or
        the organization's own investigation found does not agree with what the
        applicant declared (``kind`` mismatch), or nothing was found (missing)."""
        self.ensure_one()
        self._noproof_check_editable()
        if self.state == "done":
            raise UserError(_("%(certificate)s is already resolved.", certificate=self.certificate_id.name))
        self._workflow().write(
            {"state": "discrepancy", "note": note, "discrepancy_source": source, "discrepancy_kind": kind}
        )

    def _noproof_supplement_article(self):
        self.ensure_one()
        return self.company_id._noproof_cite(taizhou="Taizhou arts. 10 ¶2 and 12", luzhou="Luzhou art. 15")

    def _noproof_supplement_certificates(self):
        """The certificates a supplement of this check may stand for: those of the
        item's rules the case is checked against."""
        self.ensure_one()
        return self.case_id.sudo().check_ids.certificate_id.with_env(self.env)

    def _noproof_check_supplement_grounds(self):
        """Taizhou arts. 10 ¶2 and 12: a supplement only when the shared-data look-up or
        the verification ticket found nothing or data that does not match. Luzhou art.
        15: only when shared data, verification or the organization's own
        investigation found data that does not match. The level's setting says which."""
        self.ensure_one()
        grounds = self.company_id._noproof_supplement_grounds()
        article = self._noproof_supplement_article()
        if self.state != "discrepancy":
            raise UserError(
                _(
                    "A supplement may only be asked for when the check of %(certificate)s found the data missing "
                    "or not matching the application (%(article)s). Check it first.",
                    certificate=self.certificate_id.name,
                    article=article,
                )
            )
        if grounds == "mismatch":
            if self.discrepancy_kind != "mismatch":
                raise UserError(
                    _(
                        "A supplement for %(certificate)s may only be asked for when the data found does not match "
                        "the application (%(article)s). When nothing can be found, check on site, commission a "
                        "third party or accept the applicant's commitment.",
                        certificate=self.certificate_id.name,
                        article=article,
                    )
                )
        elif self.discrepancy_source not in ("data_query", "ticket"):
            raise UserError(
                _(
                    "A supplement for %(certificate)s may only be asked for when the shared-data look-up or a "
                    "verification ticket found the data missing or not matching (%(article)s). Look the data up "
                    "or send a verification ticket first.",
                    certificate=self.certificate_id.name,
                    article=article,
                )
            )

    def _noproof_request_supplement(self, reason, certificates, attachments=None):
        """Ask the applicant for supplementary material standing for ``certificates``
        (of the item's rules) because the fact could not be obtained or does not match
        (Taizhou arts. 10 ¶2 and 12, Luzhou art. 15); the applicant is told what and why
        on the case, and the request is recorded in the ledger."""
        self.ensure_one()
        self._noproof_check_editable()
        self._noproof_check_supplement_grounds()
        article = self._noproof_supplement_article()
        certificates = certificates or self.env["noproof.certificate"]
        if not certificates:
            raise UserError(
                _(
                    "Choose the certificate(s) of the item that the supplementary material stands for (%(article)s).",
                    article=article,
                )
            )
        allowed = self._noproof_supplement_certificates()
        foreign = certificates - allowed
        if foreign:
            raise UserError(
                _(
                    "%(certificates)s is not required by the rules of %(item)s: a supplement may only stand for "
                    "%(allowed)s; asking for anything else adds a requirement (%(article)s).",
                    certificates=", ".join(foreign.sudo().mapped("name")),
                    item=self.case_id.item_id.name,
                    allowed=", ".join(allowed.mapped("name")),
                    article=article,
                )
            )
        if not (reason or "").strip():
            raise UserError(_("Say what the applicant must supplement and why."))
        files = self._noproof_attach(attachments)
        self._workflow().write(
            {
                "state": "supplement",
                "note": reason,
                "supplement_reason": reason,
                "supplement_certificate_ids": [fields.Command.set(certificates.ids)],
                "supplement_requested_at": fields.Datetime.now(),
            }
        )
        names = ", ".join(certificates.mapped("name"))
        self._noproof_ledger("supplement_request", reason, attachments=files, material=names[:250])
        self._noproof_notify_supplement()
        return True

    def _noproof_supplement_notice(self):
        """What the applicant is told: what to supplement, why, and under which article."""
        self.ensure_one()
        return _(
            "Please supplement material standing for %(certificates)s for %(case)s (%(item)s). Why: %(reason)s. "
            "The supplementary material serves only to prove this fact (%(article)s).",
            certificates=", ".join(self.supplement_certificate_ids.mapped("name")),
            case=self.case_id.name,
            item=self.case_id.item_id.name,
            reason=self.supplement_reason,
            article=self._noproof_supplement_article(),
        )

    def _noproof_notify_supplement(self):
        """Tell the applicant on the case (by e-mail when the applicant has an address);
        the notice also prints from the check."""
        self.ensure_one()
        case = self.case_id
        applicant = case.applicant_id.sudo()
        case.message_post(
            body=self._noproof_supplement_notice(),
            subject=_("Supplement requested for %(case)s", case=case.name),
            partner_ids=applicant.ids if applicant.email else [],
            subtype_xmlid="mail.mt_comment" if applicant.email else "mail.mt_note",
        )

    def action_print_supplement_notice(self):
        self.ensure_one()
        if not self.supplement_requested_at:
            raise UserError(_("No supplement was asked for %(certificate)s.", certificate=self.certificate_id.name))
        return self.env.ref("noproof_verification.action_report_supplement_notice").report_action(self)

    def _noproof_waiting(self):
        self.filtered(lambda check: check.state in ("todo", "discrepancy"))._workflow().write({"state": "waiting"})

    def _noproof_ticket_settled(self):
        """A ticket was cancelled: go back to checking when nothing else is pending."""
        for check in self.filtered(lambda c: c.state == "waiting"):
            if not check.ticket_ids.filtered(lambda t: t.state in ("sent", "accepted")):
                check._workflow().state = "todo"

    def _noproof_apply_answer(self, ticket):
        """An assisting organization answered: confirm the fact, or flag what it found."""
        self.ensure_one()
        if self.state == "done" or self.case_id.state != "open":
            return
        answer = ticket._noproof_answer_summary()
        if ticket.answer_result == "confirmed":
            self._workflow().write(
                {
                    "state": "done",
                    "resolution": "assistance",
                    "resolved_by_id": ticket.assigned_user_id.id,
                    "resolved_at": ticket.answered_at,
                    "note": answer,
                    "attachment_ids": [fields.Command.link(a.id) for a in ticket.answer_attachment_ids],
                }
            )
        else:
            kind = "missing" if ticket.answer_result == "not_found" else "mismatch"
            self._workflow().write(
                {"state": "discrepancy", "note": answer, "discrepancy_source": "ticket", "discrepancy_kind": kind}
            )

    # ---------------------------------------------------------------- actions
    def action_query_data(self):
        self.ensure_one()
        self._noproof_check_editable()
        if self.disposition != "data_sharing":
            raise UserError(_("%(certificate)s is not checked in shared data.", certificate=self.certificate_id.name))
        if self.state not in ("todo", "discrepancy"):
            raise UserError(_("%(certificate)s is not waiting for a look-up.", certificate=self.certificate_id.name))
        query = self.env["noproof.data.query"]._noproof_run(self)
        return query._noproof_notification()

    def action_create_ticket(self):
        self.ensure_one()
        self._noproof_check_editable()
        if self.disposition != "assistance":
            raise UserError(
                _("%(certificate)s is not verified by another department.", certificate=self.certificate_id.name)
            )
        if self.state not in ("todo", "discrepancy"):
            raise UserError(_("%(certificate)s is not waiting for verification.", certificate=self.certificate_id.name))
        ticket = self.env["noproof.verification.ticket"].create(
            {
                "check_id": self.id,
                "assisting_organization_id": self.assisting_organization_id.id,
                "question": self._noproof_default_question(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "noproof.verification.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "target": "current",
        }

    def _noproof_default_question(self):
        case = self.case_id
        lines = [
            _(
                "Please verify %(certificate)s of %(applicant)s (%(id_number)s) for %(item)s.",
                certificate=self.certificate_id.name,
                applicant=case.applicant_id.name,
                id_number=case.applicant_id_number_masked or "-",
                item=case.item_id.name,
            ),
        ]
        if self.alternative_method:
            lines.append(self.alternative_method)
        return "\n".join(lines)

    def _noproof_open_wizard(self, action, resolution=False):
        self.ensure_one()
        self._noproof_check_editable()
        return {
            "type": "ir.actions.act_window",
            "name": _("%(certificate)s", certificate=self.certificate_id.name),
            "res_model": "noproof.check.resolve.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_check_id": self.id, "default_action": action, "default_resolution": resolution},
        }

    def action_open_resolve(self):
        """Open the resolution wizard for the resolution the button names in its
        context (``noproof_resolution``), by default the rule's own method."""
        self.ensure_one()
        wanted = self.env.context.get("noproof_resolution")
        manual = self.env["noproof.check.resolve.wizard"]._noproof_manual_resolutions(self)
        if wanted and wanted not in manual:
            # The context comes from the client: it names a button, never a resolution the rule forbids.
            labels = dict(self._fields["resolution"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(certificate)s cannot be resolved as '%(resolution)s' by hand.",
                    certificate=self.certificate_id.name,
                    resolution=labels.get(wanted, str(wanted)),
                )
            )
        resolution = wanted or (self.disposition if self.disposition in manual else False)
        return self._noproof_open_wizard("resolve", resolution)

    def action_open_discrepancy(self):
        return self._noproof_open_wizard("discrepancy")

    def action_open_supplement(self):
        return self._noproof_open_wizard("supplement_request")
