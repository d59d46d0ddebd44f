from odoo import _, models


class ResCompany(models.Model):
    """The setup checklist and the statute preset of a level (issue 16). Each add-on adds its steps by
    extending :meth:`_noproof_setup_steps` and :meth:`_noproof_setup_open`."""

    _inherit = "res.company"

    # ------------------------------------------------------------- actions
    def action_noproof_setup(self):
        self.ensure_one()
        return self._noproof_action_setup()

    def action_noproof_apply_preset(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Apply a Statute Preset"),
            "res_model": "noproof.level.preset",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_company_id": self.id,
                "default_preset": "city" if self.parent_id else "taizhou",
            },
        }

    def _noproof_action_setup(self):
        checklist = self.env["noproof.setup.checklist"]._noproof_open(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Setup Checklist of %(level)s", level=self.name),
            "res_model": "noproof.setup.checklist",
            "res_id": checklist.id,
            "view_mode": "form",
            "target": "current",
        }

    # --------------------------------------------------------------- steps
    @staticmethod
    def _noproof_step(key, sequence, name, problems=(), missing=None):
        """A step: ``missing`` (a message) when nothing is done yet, else ``problems`` (messages) to check."""
        if missing:
            return {"key": key, "sequence": sequence, "name": name, "state": "missing", "message": missing}
        return {
            "key": key,
            "sequence": sequence,
            "name": name,
            "state": "warning" if problems else "done",
            "message": "\n".join(problems),
        }

    def _noproof_item_problems(self):
        """Non-immediate items (承诺件) without promised working days: their guide promises no time limit."""
        items = (
            self.env["noproof.service.item"]
            .sudo()
            .search(
                [("company_id", "=", self.id), ("handling_type", "=", "non_immediate"), ("promised_days", "<=", 0)],
                limit=6,
            )
        )
        if not items:
            return []
        return [
            _(
                "%(items)s: non-immediate items without promised working days; enter the time limit the guide "
                "promises applicants.",
                items="、".join(items[:5].mapped("name")) + ("…" if len(items) > 5 else ""),
            )
        ]

    def _noproof_setup_steps(self):
        """The level's setup steps, as dicts: key, sequence, name, state (done / warning / missing), message.
        Sequences: 10 level, 20 office, 30 calendar, 40 organizations, 50 users, 60 legal bases, 70 certificates,
        80 items and rules, 90 deadline policies, 100 approval chain, 110 templates, 120 data sources,
        130 publication."""
        self.ensure_one()
        company = self.sudo()
        Organization = self.env["noproof.organization"].sudo()
        organizations = Organization.search([("company_id", "=", company.id)])
        steps = [
            self._noproof_step(
                "level",
                10,
                _("Level, Parent and Statute"),
                missing=not company.noproof_statute_effective
                and _("Choose the statute the level runs: apply a preset."),
            ),
            self._noproof_step(
                "office",
                20,
                _("Joint-Conference Office and Members"),
                problems=self._noproof_office_problems(),
                missing=not company.noproof_office_id
                and _("Name the organization hosting the joint-conference office (No-Proof City tab of the level)."),
            ),
            self._noproof_step(
                "organizations",
                40,
                _("Organizations, Heads and Verifiers"),
                problems=self._noproof_organization_problems(organizations),
                missing=not organizations and _("Add the level's departments, institutions and enterprises."),
            ),
            self._noproof_step(
                "users",
                50,
                _("Users and Roles"),
                missing=self._noproof_missing_roles(),
            ),
            self._noproof_step(
                "legal_bases",
                60,
                _("Legal Bases"),
                missing=not self.env["noproof.legal.basis"]
                .sudo()
                .search_count([("company_id", "in", [False, *company.parent_ids.ids])], limit=1)
                and _("Enter the laws and regulations the certificates rest on."),
            ),
            self._noproof_step(
                "certificates",
                70,
                _("Certificates"),
                missing=not self.env["noproof.certificate"].sudo().search_count([], limit=1)
                and _("Enter the kinds of certificates applicants used to bring."),
            ),
            self._noproof_step(
                "items",
                80,
                _("Service Items and Rules"),
                problems=self._noproof_item_problems(),
                missing=not self.env["noproof.certificate.rule"]
                .sudo()
                .search_count([("item_id.company_id", "=", company.id), ("state", "=", "active")], limit=1)
                and _("Add the level's service items and activate a rule for each certificate they required."),
            ),
            self._noproof_step(
                "approval",
                100,
                _("Approval Chain"),
                problems=self._noproof_approval_problems(organizations),
                missing=not self._noproof_tiers()
                and _("The level has no approval chain for change requests: apply a preset or add the tiers."),
            ),
            self._noproof_step(
                "publication",
                130,
                _("Publication"),
                missing=not self.env["noproof.cancellation.list"]
                .sudo()
                .search_count([("company_id", "=", company.id), ("state", "=", "published")], limit=1)
                and _("Publish the level's cancellation list."),
            ),
        ]
        return steps

    def _noproof_office_problems(self):
        office = self.sudo().noproof_office_id
        if office and not (office.user_ids | office.head_id):
            return [_("%(office)s has no staff: nobody can approve as the office.", office=office.name)]
        return []

    def _noproof_organization_problems(self, organizations):
        """Organizations that will block work later: a designated verifier who cannot sign in."""
        problems = []
        for organization in organizations.with_context(active_test=False):
            idle = organization.verifier_ids.filtered(
                lambda user: not user.active or not user.has_group("noproof_catalog.group_verifier")
            )
            if idle:
                problems.append(
                    _(
                        "%(organization)s: the designated verifiers %(users)s cannot sign in as verifiers "
                        "(archived or without the verifier role); tickets assigned to them would wait.",
                        organization=organization.name,
                        users=", ".join(idle.mapped("name")),
                    )
                )
        return problems

    def _noproof_missing_roles(self):
        """Which roles nobody of the level holds yet, as a message, or ``False``. A configuration administrator
        holds every role by implication (the database's administrator too): he counts only for the office, and
        only as the staff or head of the level's office organization."""
        Users = self.env["res.users"].sudo()
        managers = self.env.ref("noproof_catalog.group_manager")
        office_staff = self._noproof_office_users()
        missing = []
        for xmlid, label in (
            ("noproof_catalog.group_clerk", _("window clerk")),
            ("noproof_catalog.group_verifier", _("department verifier")),
            ("noproof_catalog.group_office", _("joint-conference office")),
        ):
            group = self.env.ref(xmlid)
            holders = [("groups_id", "not in", managers.ids)]
            if xmlid == "noproof_catalog.group_office" and office_staff:
                holders = ["|", *holders, ("id", "in", office_staff.ids)]
            if not Users.search_count(
                [("company_ids", "in", self.ids), ("groups_id", "in", group.ids), ("share", "=", False), *holders],
                limit=1,
            ):
                missing.append(label)
        if not missing:
            return False
        return _("Nobody of the level holds these roles yet: %(roles)s.", roles=", ".join(missing))

    def _noproof_tiers(self):
        return (
            self.env["tier.definition"]
            .sudo()
            .search([("model", "=", "noproof.change.request"), ("company_id", "=", self.id), ("active", "=", True)])
        )

    def _noproof_approval_problems(self, organizations):
        """A change request whose first tier reviewer is empty stalls (an organization without a head)."""
        tiers = self._noproof_tiers()
        problems = []
        if any(tier.reviewer_field_id.name == "head_user_id" for tier in tiers):
            headless = organizations.filtered(lambda organization: not organization.head_id)
            if headless:
                problems.append(
                    _(
                        "The chain asks the department head, but %(organizations)s have no head: their change "
                        "requests would stall. Set each one's head on the organization.",
                        organizations=", ".join(headless.mapped("name")),
                    )
                )
        if (
            any(tier.reviewer_field_id.name == "office_reviewer_ids" for tier in tiers)
            and not self._noproof_office_users()
        ):
            problems.append(_("The chain asks the joint-conference office, but the office has no staff."))
        return problems

    def _noproof_office_users(self):
        office = self.sudo().noproof_office_id
        return (office.user_ids | office.head_id).filtered("active")

    # ----------------------------------------------------------- open step
    def _noproof_setup_open(self, key):
        """The action of the screen where step ``key`` is done."""
        self.ensure_one()
        Action = self.env["ir.actions.act_window"]
        if key in ("level", "office"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "res.company",
                "res_id": self.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        if key == "users":
            action = Action._for_xml_id("base.action_res_users")
            action["domain"] = [("company_ids", "in", self.ids), ("share", "=", False)]
            action["context"] = {"default_company_id": self.id, "default_company_ids": [self.id]}
            return action
        xmlids = {
            "organizations": "noproof_catalog.action_noproof_organization",
            "legal_bases": "noproof_catalog.action_noproof_legal_basis",
            "certificates": "noproof_catalog.action_noproof_certificate",
            "items": "noproof_catalog.action_noproof_service_item",
            "approval": "noproof_catalog.action_noproof_tier_definition",
            "publication": "noproof_catalog.action_noproof_cancellation_list",
        }
        action = Action._for_xml_id(xmlids[key])
        if key in ("organizations", "items", "publication"):
            action["context"] = {"default_company_id": self.id}
        if key == "approval":
            action["context"] = {
                "default_company_id": self.id,
                "default_model_id": self.env["ir.model"]._get_id("noproof.change.request"),
            }
        return action
