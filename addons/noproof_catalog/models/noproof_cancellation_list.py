import io
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .noproof_certificate_rule import LIVE_STATES, office_users

# The columns of a list version that the public portal and its exports show, in order.
PORTAL_COLUMNS = (
    "id",
    "sequence",
    "item_id",
    "item_code",
    "item_name",
    "organization_name",
    "certificate_name",
    "disposition",
    "alternative_method",
    "legal_basis",
    "assisting_organization_name",
    "date_stopped",
    "stop_basis",
    "exclusion",
    "exclusion_reason",
    "exclusion_article",
    "retention_approved",
)
PUBLIC_STATES = ("published", "superseded")


def like_pattern(text):
    """``text`` as a literal ILIKE pattern matching anywhere."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# Fields of a list that only its own actions set; everything else freezes with publication.
PUBLICATION_FIELDS = ("state", "version", "date_published", "published_by_id", "superseded_by_id", "date_superseded")
# Fields of a published version that its filing with the supervising authority's instance and the
# authority's review set (Taizhou art. 21, Luzhou arts. 4 and 24).
FILING_FIELDS = (
    "filing_state",
    "filing_authority",
    "filing_reviewed_by",
    "filing_date_reviewed",
    "filing_objection",
)
FILING_STATES = [("filed", "Filed"), ("acknowledged", "Acknowledged"), ("objected", "Objected")]
LIST_FILING_TYPE = "noproof.list.filing"


class NoproofCancellationList(models.Model):
    """A version of one level's certificate cancellation list (证明材料取消清单).

    Publishing freezes a snapshot of the level's live rules; the published version
    is public and can no longer change. Publishing a newer version supersedes it.
    """

    _name = "noproof.cancellation.list"
    _description = "Certificate Cancellation List"
    _inherit = ["noproof.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "company_id, version desc"
    _workflow_fields = PUBLICATION_FIELDS + FILING_FIELDS

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Level", required=True, index=True, default=lambda self: self.env.company
    )
    version = fields.Integer(readonly=True, copy=False, default=0)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("superseded", "Superseded")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    date_published = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    superseded_by_id = fields.Many2one("noproof.cancellation.list", readonly=True, copy=False)
    date_superseded = fields.Datetime(readonly=True, copy=False)
    note = fields.Html(string="Preface")
    line_ids = fields.One2many("noproof.cancellation.list.line", "list_id", string="Lines", copy=False)
    line_count = fields.Integer(compute="_compute_line_stats")
    cancelled_count = fields.Integer(string="Cancelled", compute="_compute_line_stats")
    replaced_count = fields.Integer(string="Replaced", compute="_compute_line_stats")
    retained_count = fields.Integer(string="Retained", compute="_compute_line_stats")
    excluded_count = fields.Integer(string="Outside the Regulation", compute="_compute_line_stats")
    zero_certificate_target = fields.Boolean(
        compute="_compute_zero_certificate_target",
        help="The level aims at zero certificates (Luzhou art. 7 ¶1): each retained certificate is approved by the "
        "office and marked.",
    )
    lapsing_basis_ids = fields.Many2many(
        "noproof.legal.basis",
        compute="_compute_lapsing_basis_ids",
        string="Lapsing Legal Bases",
        help="Legal bases of this list, and the programme regulation, whose validity period ends within the level's "
        "warning days or has ended (Luzhou art. 25).",
    )
    lapse_warning = fields.Text(compute="_compute_lapsing_basis_ids")
    change_request_ids = fields.One2many(
        "noproof.change.request",
        "list_id",
        string="Amended By",
        readonly=True,
        help="The approved change requests that produced this version.",
    )
    filing_state = fields.Selection(
        FILING_STATES,
        string="Filing with the Authority",
        readonly=True,
        copy=False,
        tracking=True,
        help="A public-service enterprise's published version is filed with the instance of its supervising "
        "authority, which acknowledges it or objects (Taizhou art. 21, Luzhou arts. 4 and 24).",
    )
    filing_authority = fields.Char(string="Filed With", readonly=True, copy=False)
    filing_reviewed_by = fields.Char(string="Reviewed By", readonly=True, copy=False)
    filing_date_reviewed = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    filing_objection = fields.Text(string="Authority's Objection", readonly=True, copy=False)

    _sql_constraints = [
        ("version_uniq", "unique(company_id, version)", "This level already has a list with this version number."),
    ]

    def init(self):
        # One published version per level at a time, whatever the code path.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS noproof_cancellation_list_one_published
               ON noproof_cancellation_list (company_id) WHERE state = 'published'"""
        )

    @api.depends("line_ids.disposition")
    def _compute_line_stats(self):
        Line = self.env["noproof.cancellation.list.line"]
        counts = {
            (lst.id, disposition): count
            for lst, disposition, count in Line._read_group(
                [("list_id", "in", self.ids)], ["list_id", "disposition"], ["__count"]
            )
        }
        excluded = {
            lst.id: count
            for lst, count in Line._read_group(
                [("list_id", "in", self.ids), ("exclusion", "!=", False)], ["list_id"], ["__count"]
            )
        }
        for lst in self:
            by_disposition = {d: c for (list_id, d), c in counts.items() if list_id == lst.id}
            lst.line_count = sum(by_disposition.values())
            lst.cancelled_count = by_disposition.get("cancelled", 0)
            lst.retained_count = by_disposition.get("retained", 0)
            lst.excluded_count = excluded.get(lst.id, 0)
            lst.replaced_count = lst.line_count - lst.cancelled_count - lst.retained_count

    @api.depends("company_id")
    def _compute_zero_certificate_target(self):
        for lst in self:
            lst.zero_certificate_target = bool(
                lst.company_id and lst.company_id._noproof_setting("noproof_zero_certificate") == "yes"
            )

    @api.depends("company_id", "line_ids.rule_id.legal_basis_id")
    @api.depends_context("date")
    def _compute_lapsing_basis_ids(self):
        Basis = self.env["noproof.legal.basis"].sudo()
        today = fields.Date.context_today(self)
        for lst in self:
            if not lst.company_id:
                lst.lapsing_basis_ids = Basis.browse()
                lst.lapse_warning = False
                continue
            bases = (
                lst.line_ids.rule_id.legal_basis_id | lst._live_rules().legal_basis_id if lst.id else Basis.browse()
            ) | lst.company_id._noproof_setting("noproof_regulation_id")
            lapsing = bases.sudo().filtered_domain(Basis._noproof_lapsing_domain(lst.company_id))
            warn_days = lst.company_id._noproof_lapse_warning_days()
            lst.lapsing_basis_ids = lapsing
            lst.lapse_warning = (
                "\n".join(b._noproof_lapse_message(warn_days, today, lst.company_id) for b in lapsing) or False
            )

    @api.depends("name", "version")
    def _compute_display_name(self):
        for lst in self:
            lst.display_name = (
                _("%(name)s (v%(version)s)", name=lst.name, version=lst.version) if lst.version else lst.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._workflow_check_create(vals_list)
        for vals in vals_list:
            vals["version"] = self._next_version(vals.get("company_id") or self.env.company.id)
        return super(NoproofCancellationList, self._workflow()).create(vals_list).with_env(self.env)

    def _next_version(self, company_id):
        self.env.cr.execute(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM noproof_cancellation_list WHERE company_id = %s",
            [company_id],
        )
        return self.env.cr.fetchone()[0]

    def write(self, vals):
        if set(vals) - set(PUBLICATION_FIELDS) - set(FILING_FIELDS) - {"message_main_attachment_id", "activity_ids"}:
            self._check_editable()
        return super().write(vals)

    def unlink(self):
        self._check_editable()
        return super().unlink()

    def _check_editable(self):
        frozen = self.filtered(lambda lst: lst.state != "draft")
        if frozen:
            raise UserError(
                _(
                    "%s has been published and is frozen. To change the list, create a new version and publish it.",
                    frozen[0].display_name,
                )
            )

    # ---------------------------------------------------------------- snapshot
    def _live_rules(self):
        self.ensure_one()
        return self.env["noproof.certificate.rule"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", LIVE_STATES),
                ("item_id.active", "=", True),
            ],
            order="item_id, sequence, id",
        )

    def action_refresh_lines(self):
        """Take a fresh snapshot of the level's live rules into the draft."""
        Line = self.env["noproof.cancellation.list.line"]
        for lst in self:
            lst._check_editable()
            lst.line_ids.unlink()
            Line._workflow_create([Line._values_from_rule(rule, lst) for rule in lst._live_rules()])
        return True

    def action_publish(self):
        for lst in self:
            if lst.state != "draft":
                raise UserError(_("Only a draft can be published; %s is not a draft.", lst.display_name))
            lst.action_refresh_lines()
            if not lst.line_ids:
                raise UserError(
                    _("%s has no lines: activate the rules of this level's items before publishing.", lst.display_name)
                )
            previous = self.search(
                [("company_id", "=", lst.company_id.id), ("state", "=", "published"), ("id", "!=", lst.id)]
            )
            now = fields.Datetime.now()
            previous._workflow().write({"state": "superseded", "superseded_by_id": lst.id, "date_superseded": now})
            previous.flush_recordset()  # before the new version takes the one published slot
            lst._workflow().write({"state": "published", "date_published": now, "published_by_id": self.env.uid})
            lst.message_post(body=_("Published with %s lines.", len(lst.line_ids)))
            lst._noproof_file_with_authority()
        return True

    # ------------------------------------------------------- filing with the authority
    def _noproof_file_with_authority(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: a public-service enterprise works under its supervising
        authority's guidance. The version just published is filed, in this transaction (the outbox), with
        each instance that represents the supervising authority of this level's organizations; nothing is
        sent when no such instance is configured."""
        self.ensure_one()
        peers = self.env["noproof.exchange.peer"]._noproof_supervising_peers(self.company_id)
        if not peers:
            return
        organizations = (
            self.env["noproof.organization"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("supervising_authority_id", "!=", False)])
        )
        Message = self.env["noproof.exchange.message"]
        lines = None
        filed = []
        for peer in peers:
            if LIST_FILING_TYPE not in peer.send_type_ids.mapped("code"):
                self.message_post(
                    body=_(
                        "Not filed with %(peer)s: that instance is not set to take list filings from this one. Ask "
                        "the administrator to allow them on the peer.",
                        peer=peer.name,
                    )
                )
                continue
            supervised = organizations.filtered(
                lambda org, peer=peer: org.supervising_authority_id in peer.organization_ids
            )
            if lines is None:
                lines = json.loads(self._portal_json_lines()[0])
            payload = {
                "organizations": [{"name": org.name, "code": org.code or None} for org in supervised],
                "level": self.company_id.name,
                "list": {
                    "id": self.id,
                    "name": self.name,
                    "version": self.version,
                    "published_at": self.date_published.strftime("%Y-%m-%dT%H:%M:%SZ"),
                },
                "lines": lines,
            }
            Message._noproof_send(peer, LIST_FILING_TYPE, payload, document=self)
            filed.append(peer.name)
        if filed:
            self._workflow().write(
                {
                    "filing_state": "filed",
                    "filing_authority": ", ".join(filed),
                    "filing_reviewed_by": False,
                    "filing_date_reviewed": False,
                    "filing_objection": False,
                }
            )
            self.message_post(
                body=_(
                    "Filed with %(authority)s, the instance of the supervising authority (%(article)s).",
                    authority=", ".join(filed),
                    article=self.company_id._noproof_cite(taizhou="Taizhou art. 21", luzhou="Luzhou arts. 4 and 24"),
                )
            )

    def _noproof_record_filing_review(self, peer, state, reviewed_by, reviewed_at, reason=None):
        """The supervising authority acknowledged this filed version or objected to it: recorded on the
        version, in its chatter, and an activity for this level's office (or its publisher) on an objection."""
        self.ensure_one()
        self._workflow().write(
            {
                "filing_state": state,
                "filing_reviewed_by": reviewed_by,
                "filing_date_reviewed": reviewed_at,
                "filing_objection": reason if state == "objected" else False,
            }
        )
        if state == "acknowledged":
            self.message_post(
                body=_(
                    "%(authority)s acknowledged the filing of this version (%(reviewer)s).",
                    authority=peer.name,
                    reviewer=reviewed_by,
                )
            )
            return
        users = office_users(self.company_id) or self.published_by_id.filtered("active")
        self.message_post(
            body=_(
                "%(authority)s objected to the filing of this version (%(reviewer)s): %(reason)s",
                authority=peer.name,
                reviewer=reviewed_by,
                reason=reason,
            ),
            partner_ids=users.partner_id.ids,
        )
        for user in users[:1]:
            self.activity_schedule(
                "noproof_catalog.mail_activity_type_list_filing_objection",
                user_id=user.id,
                summary=_("The supervising authority objected to %(list)s", list=self.display_name),
                note=reason,
            )

    def action_new_version(self):
        """Start the next draft version from this one."""
        self.ensure_one()
        draft = self.copy({"name": self.name, "note": self.note})
        draft.action_refresh_lines()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": draft.id,
            "view_mode": "form",
            "target": "current",
        }

    def _publish_amendment(self):
        """Publish the next version of this published list from the level's current
        rules; this version is superseded, not changed (Taizhou art. 6 ¶2)."""
        self.ensure_one()
        draft = self.copy({"name": self.name, "note": self.note})
        draft.action_publish()
        return draft

    # ------------------------------------------------------------------ portal
    def _portal_where(self, item=None, certificate=None, item_id=None):
        self.ensure_one()
        conditions = [SQL("list_id = %s", self.id)]
        if item_id:
            conditions.append(SQL("item_id = %s", item_id))
        if item:
            pattern = like_pattern(item)
            conditions.append(SQL("(item_name ILIKE %s OR item_code ILIKE %s)", pattern, pattern))
        if certificate:
            conditions.append(SQL("certificate_name ILIKE %s", like_pattern(certificate)))
        return SQL(" AND ").join(conditions)

    def _portal_lines(self, item=None, certificate=None, limit=None, offset=0, item_id=None):
        """The lines of this version as dictionaries of ``PORTAL_COLUMNS``, in one query,
        for pages and exports of thousands of lines."""
        self.env["noproof.cancellation.list.line"].flush_model()
        self.env.cr.execute(
            SQL(
                # Certificates outside the regulation come last, shown apart (Taizhou art. 3 ¶2, Luzhou art. 4 ¶2).
                "SELECT %s FROM noproof_cancellation_list_line WHERE %s "
                "ORDER BY exclusion IS NOT NULL, item_code NULLS LAST, item_name, item_id, sequence, id "
                "LIMIT %s OFFSET %s",
                SQL(", ").join(SQL.identifier(column) for column in PORTAL_COLUMNS),
                self._portal_where(item, certificate, item_id),
                limit,
                offset,
            )
        )
        return self.env.cr.dictfetchall()

    # The export columns: (name in the export, SQL expression on a line ``l`` and its label ``d``).
    def _portal_export_columns(self):
        return [
            ("item_code", SQL("NULLIF(l.item_code, '')")),
            ("item_name", SQL("l.item_name")),
            ("organization", SQL("l.organization_name")),
            ("certificate", SQL("l.certificate_name")),
            ("disposition", SQL("l.disposition")),
            ("disposition_label", SQL("d.label")),
            ("alternative_method", SQL("NULLIF(l.alternative_method, '')")),
            ("legal_basis", SQL("NULLIF(l.legal_basis, '')")),
            ("assisting_organization", SQL("NULLIF(l.assisting_organization_name, '')")),
            ("stopped_from", SQL("l.date_stopped")),
            ("lapsed_legal_basis", SQL("NULLIF(l.stop_basis, '')")),
            # Taizhou art. 3 ¶2, Luzhou art. 4 ¶2: outside the regulation, shown apart.
            ("excluded", SQL("l.exclusion IS NOT NULL")),
            ("exclusion", SQL("l.exclusion")),
            ("exclusion_reason", SQL("NULLIF(l.exclusion_reason, '')")),
            ("exclusion_article", SQL("NULLIF(l.exclusion_article, '')")),
            # Luzhou art. 7 ¶1: a retained certificate approved by the office; null for other dispositions.
            (
                "retention_approved",
                SQL("CASE WHEN l.disposition = 'retained' THEN COALESCE(l.retention_approved, false) END"),
            ),
        ]

    def _portal_export_from(self):
        """The lines of this version joined to their disposition's label in the reader's language."""
        self.ensure_one()
        self.env["noproof.cancellation.list.line"].flush_model()
        labels = self.env["noproof.cancellation.list.line"]._fields["disposition"]._description_selection(self.env)
        return SQL(
            "noproof_cancellation_list_line l LEFT JOIN (VALUES %s) AS d(key, label) ON d.key = l.disposition "
            "WHERE l.list_id = %s",
            SQL(", ").join(SQL("(%s, %s)", key, label) for key, label in labels),
            self.id,
        )

    def _portal_export_select(self):
        columns = SQL(", ").join(
            SQL("%s AS %s", expression, SQL.identifier(name)) for name, expression in self._portal_export_columns()
        )
        return SQL(
            "SELECT %s FROM %s ORDER BY l.item_code NULLS LAST, l.item_name, l.item_id, l.sequence, l.id",
            columns,
            self._portal_export_from(),
        )

    def _portal_json_lines(self):
        """The lines as a JSON array (text) and their count, built by PostgreSQL in one statement."""
        self.env.cr.execute(
            SQL("SELECT COALESCE(json_agg(t), '[]')::text, COUNT(*) FROM (%s) t", self._portal_export_select())
        )
        return self.env.cr.fetchone()

    def _portal_csv(self):
        """The lines as CSV text with a header row, written by PostgreSQL's COPY; a
        text cell that a spreadsheet would run as a formula starts with an apostrophe."""
        cells = SQL(", ").join(
            SQL(
                "CASE WHEN t.%(column)s::text ~ '^[-=+@\\t\\r]' THEN '''' || t.%(column)s "
                "ELSE t.%(column)s::text END AS %(column)s",
                column=SQL.identifier(name),
            )
            for name, _expression in self._portal_export_columns()
        )
        query = SQL(
            "COPY (SELECT %s AS version, %s FROM (%s) t) TO STDOUT WITH (FORMAT csv, HEADER true)",
            self.version,
            cells,
            self._portal_export_select(),
        )
        buffer = io.StringIO()
        cr = self.env.cr
        cr.copy_expert(cr.mogrify(query.code, query.params).decode(), buffer)
        return buffer.getvalue()

    def _portal_line_count(self, item=None, certificate=None):
        self.env["noproof.cancellation.list.line"].flush_model()
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM noproof_cancellation_list_line WHERE %s", self._portal_where(item, certificate))
        )
        return self.env.cr.fetchone()[0]
