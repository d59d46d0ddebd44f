"""Statute settings of a level (issue 12): where Taizhou and Luzhou differ, each level chooses.
Each test names the article it implements."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .rpc import NoproofRpcCase
from .test_change_request import ChangeControlCase


@tagged("post_install", "-at_install")
class TestOfficeApprovesNewCertificate(ChangeControlCase):
    """#5 Taizhou art. 6 ¶2: the level's joint-conference office is among the approvers of a new certificate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.city.write({"noproof_new_certificate_approval": "office", "noproof_statute": "taizhou"})
        cls.other_city.write({"noproof_new_certificate_approval": "chain", "noproof_statute": "luzhou"})

    def office_tier(self, company):
        return self.env["tier.definition"].search(
            [
                ("company_id", "=", company.id),
                ("model", "=", "noproof.change.request"),
                ("reviewer_field_id.name", "=", "office_reviewer_ids"),
            ]
        )

    def test_taizhou_chain_without_office_is_refused_at_submission(self):
        """Taizhou art. 6 ¶2: a request adding a certificate cannot be submitted on a chain without the office;
        the refusal names the office and its users who are missing."""
        self.office_tier(self.city).active = False
        request = self.new_request(self.clerk)
        with self.assertRaisesRegex(UserError, "Taizhou art. 6 ¶2.*Missing: City Reform Office"):
            request.with_user(self.clerk).action_submit()
        self.assertEqual(request.state, "draft")

    def test_taizhou_chain_with_office_approves(self):
        """Taizhou art. 6 ¶2: with the office in the chain the request is approved by the office's decision."""
        request = self.new_request(self.clerk)
        request.with_user(self.clerk).action_submit()
        self.assertTrue(request.adds_requirement)
        self.approve(request, self.civil_head, self.office)
        self.assertEqual(request.state, "approved")

    def test_taizhou_final_approval_without_office_is_refused(self):
        """Taizhou art. 6 ¶2: at the final approval, an approval that came from nobody of the office is refused
        with a message saying who is missing (a chain changed after submission cannot skip the office)."""
        request = self.new_request(self.clerk)
        request.with_user(self.clerk).action_submit()
        self.approve(request, self.civil_head)
        with self.assertRaisesRegex(UserError, "Missing: City Reform Office"):
            request.with_user(self.civil_head)._noproof_check_office_approved()

    def test_taizhou_cancelled_certificate_turned_into_requirement_needs_office(self):
        """Taizhou art. 6 ¶2: turning a cancelled certificate into a requirement again is adding a certificate."""
        cancelled = self.make_rule(certificate=self.cert_income, disposition="cancelled", legal_basis_id=False)
        cancelled.with_user(self.manager).action_activate()
        self.office_tier(self.city).active = False
        request = self.new_request(
            self.clerk, request_type="change", rule_id=cancelled.id, certificate_id=self.cert_income.id
        )
        self.assertTrue(request.adds_requirement)
        with self.assertRaisesRegex(UserError, "Missing: City Reform Office"):
            request.with_user(self.clerk).action_submit()

    def test_taizhou_change_of_a_replacing_rule_needs_no_office(self):
        """Taizhou art. 6 ¶2: changing how a certificate is replaced adds no certificate; the chain decides."""
        self.office_tier(self.city).active = False
        request = self.new_request(
            self.clerk,
            request_type="change",
            rule_id=self.rule_household.id,
            disposition="self_investigation",
            alternative_method="The department checks its own files",
        )
        self.assertFalse(request.adds_requirement)
        request.with_user(self.clerk).action_submit()
        self.approve(request, self.civil_head)
        self.assertEqual(request.state, "approved")

    def test_luzhou_setting_chain_decides(self):
        """Luzhou (setting 'chain'): the measures name no approver for an added certificate, so the level's own
        chain decides; here the department head alone approves."""
        self.office_tier(self.other_city).active = False
        request = self.new_request(self.lz_clerk, item=self.other_item, certificate_id=self.cert_kinship.id)
        request.with_user(self.lz_clerk).action_submit()
        self.approve(request, self.lz_head)
        self.assertEqual(request.state, "approved")

    def test_county_follows_city_setting(self):
        """Taizhou art. 6 ¶2: a county without its own setting follows its city's (the office must approve)."""
        self.assertFalse(self.county.noproof_new_certificate_approval)
        self.assertEqual(self.county._noproof_setting("noproof_new_certificate_approval"), "office")
        self.office_tier(self.county).active = False
        request = self.new_request(self.county_clerk, item=self.county_item)
        with self.assertRaisesRegex(UserError, "Missing: County Reform Office"):
            request.with_user(self.county_clerk).action_submit()


@tagged("post_install", "-at_install")
class TestSupervisingAuthority(ChangeControlCase):
    """#11 Taizhou art. 21, Luzhou arts. 4 and 24: the industry authority (行业主管部门)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Org = cls.env["noproof.organization"]
        cls.enterprise = cls.env["res.company"].create(
            {"name": "Water Group Level", "parent_id": cls.city.id, "noproof_level": "enterprise"}
        )
        cls.authority_user = new_test_user(
            cls.env,
            login="t_water_bureau",
            groups="noproof_catalog.group_clerk",
            company_id=cls.city.id,
            company_ids=[Command.set(cls.city.ids)],
            lang="en_US",
        )
        cls.water_bureau = Org.create(
            {
                "name": "City Water Bureau",
                "company_id": cls.city.id,
                "user_ids": [Command.set(cls.authority_user.ids)],
                "head_id": cls.authority_user.id,
            }
        )
        cls.water_head = new_test_user(
            cls.env,
            login="t_water_head",
            groups="noproof_catalog.group_clerk",
            company_id=cls.enterprise.id,
            company_ids=[Command.set((cls.enterprise | cls.city).ids)],
            lang="en_US",
        )
        cls.water = Org.create(
            {
                "name": "Water Group",
                "kind": "water",
                "company_id": cls.enterprise.id,
                "supervising_authority_id": cls.water_bureau.id,
                "user_ids": [Command.set(cls.water_head.ids)],
                "head_id": cls.water_head.id,
            }
        )
        cls.water_item = cls.env["noproof.service.item"].create(
            {
                "name": "Water Connection",
                "code": "WA-001",
                "company_id": cls.enterprise.id,
                "organization_id": cls.water.id,
            }
        )
        cls.water_rule = cls.make_rule(item=cls.water_item)

    def test_public_service_organization_needs_supervising_authority(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: a water, power, gas, cable TV, bank, insurance, school or
        hospital organization must name the authority that supervises it."""
        for kind in ("bank", "hospital", "school", "cable_tv"):
            with self.assertRaisesRegex(ValidationError, "supervising authority"):
                self.env["noproof.organization"].create(
                    {"name": f"Unit {kind}", "kind": kind, "company_id": self.city.id}
                )
        with self.assertRaisesRegex(ValidationError, "supervising authority"):
            self.water.supervising_authority_id = False
        self.env["noproof.organization"].create({"name": "Plain Department", "company_id": self.city.id})

    def test_authority_reads_what_it_supervises(self):
        """Taizhou art. 21, Luzhou art. 24: the authority's staff read the items, rules, lists and change
        requests of the organizations it supervises, even on another level, and nothing else there."""
        user = self.authority_user
        self.assertNotIn(self.enterprise, user.company_ids)
        self.assertEqual(user.noproof_supervised_organization_ids, self.water)
        self.assertEqual(
            self.env["noproof.service.item"].with_user(user).search([("id", "=", self.water_item.id)]), self.water_item
        )
        self.assertTrue(self.env["noproof.certificate.rule"].with_user(user).search([("id", "=", self.water_rule.id)]))
        other = self.env["noproof.service.item"].create(
            {
                "name": "Other Enterprise Item",
                "company_id": self.enterprise.id,
                "organization_id": self.env["noproof.organization"]
                .create({"name": "Enterprise Dept", "company_id": self.enterprise.id})
                .id,
            }
        )
        self.assertFalse(self.env["noproof.service.item"].with_user(user).search([("id", "=", other.id)]))
        self.water_rule.action_activate()
        lst = self.env["noproof.cancellation.list"].create({"name": "Water List", "company_id": self.enterprise.id})
        lst.action_publish()
        self.assertEqual(self.env["noproof.cancellation.list"].with_user(user).search([("id", "=", lst.id)]), lst)
        self.assertTrue(self.env["noproof.cancellation.list.line"].with_user(user).search([("list_id", "=", lst.id)]))

    def test_authority_loses_access_when_supervision_ends(self):
        """Taizhou art. 21: access follows the supervision at once (the record-rule cache is cleared)."""
        other_authority = self.env["noproof.organization"].create(
            {"name": "Development Commission", "company_id": self.city.id}
        )
        Item = self.env["noproof.service.item"].with_user(self.authority_user)
        self.assertTrue(Item.search([("id", "=", self.water_item.id)]))
        self.water.supervising_authority_id = other_authority
        self.assertFalse(Item.search([("id", "=", self.water_item.id)]))

    def test_authority_is_an_approver_of_the_enterprise_request(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: a tier of the chain (review type 'field', reviewer field
        'Supervising Authority Reviewers') makes the authority an approver of the enterprise's change request."""
        model = self.env.ref("noproof_catalog.model_noproof_change_request")
        field = self.env["ir.model.fields"]._get
        for name, reviewer_field, sequence in (
            ("Head", "head_user_id", 20),
            ("Supervising Authority", "supervisor_reviewer_ids", 15),
        ):
            self.env["tier.definition"].create(
                {
                    "name": name,
                    "model_id": model.id,
                    "review_type": "field",
                    "approve_sequence": True,
                    "reviewer_field_id": field("noproof.change.request", reviewer_field).id,
                    "definition_domain": "[('organization_id.supervising_authority_id', '!=', False)]"
                    if reviewer_field == "supervisor_reviewer_ids"
                    else "[]",
                    "sequence": sequence,
                    "company_id": self.enterprise.id,
                }
            )
        requester = new_test_user(
            self.env,
            login="t_water_clerk",
            groups="noproof_catalog.group_clerk",
            company_id=self.enterprise.id,
            company_ids=[Command.set(self.enterprise.ids)],
            lang="en_US",
        )
        self.water.user_ids |= requester
        # Reviews are filed under the enterprise's level (OCA's multi-company rule on tier.review).
        self.authority_user.company_ids |= self.enterprise
        request = self.new_request(requester, item=self.water_item)
        self.assertEqual(request.supervisor_reviewer_ids, self.authority_user)
        request.with_user(requester).action_submit()
        self.assertEqual(set(request.review_ids.mapped("name")), {"Supervising Authority", "Head"})
        self.approve(request, self.water_head)
        self.assertEqual(request.state, "submitted", "the authority has not decided yet")
        self.assertTrue(request.with_user(self.authority_user).can_review)
        self.approve(request, self.authority_user)
        self.assertEqual(request.state, "approved")


@tagged("post_install", "-at_install")
class TestZeroCertificateTarget(ChangeControlCase):
    """#12 Luzhou art. 7 ¶1: 全面实现各级各部门索要证明数量为0."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.zero = Company.create({"name": "Zero City", "noproof_zero_certificate": "yes", "noproof_statute": "luzhou"})
        cls.zero_county = Company.create({"name": "Zero County", "parent_id": cls.zero.id})

        def user(login, group, company):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"noproof_catalog.{group}",
                company_id=company.id,
                company_ids=[Command.set((company | cls.zero_county).ids)],
                lang="en_US",
            )

        cls.zero_manager = user("t_zero_manager", "group_manager", cls.zero)
        cls.zero_office = user("t_zero_office", "group_office", cls.zero)
        Org = cls.env["noproof.organization"]
        cls.zero_office_org = Org.create(
            {
                "name": "Zero Justice Bureau",
                "company_id": cls.zero.id,
                "user_ids": [Command.set(cls.zero_office.ids)],
                "head_id": cls.zero_office.id,
            }
        )
        cls.zero.noproof_office_id = cls.zero_office_org
        cls.zero_dept = Org.create({"name": "Zero Civil Affairs", "company_id": cls.zero.id})
        cls.zero_item = cls.env["noproof.service.item"].create(
            {"name": "Zero Allowance", "code": "Z-001", "company_id": cls.zero.id, "organization_id": cls.zero_dept.id}
        )

    def retained(self, item=None, **values):
        return self.make_rule(item=item or self.zero_item, disposition="retained", alternative_method=False, **values)

    def test_luzhou_retained_certificate_needs_office_approval(self):
        """Luzhou art. 7 ¶1: under the zero-certificate target a retained certificate cannot take effect on the
        manager's say: the refusal names the office to ask."""
        rule = self.retained()
        self.assertTrue(rule.needs_retention_approval)
        with self.assertRaisesRegex(UserError, "Luzhou art. 7 ¶1.*t_zero_office"):
            rule.with_user(self.zero_manager).action_activate()
        self.assertEqual(rule.state, "draft")

    def test_luzhou_office_approval_activates_and_marks_the_public_list(self):
        """Luzhou art. 7 ¶1: the office approves the retention explicitly; the published list marks the line
        (page badge, JSON/CSV key ``retention_approved``)."""
        rule = self.retained()
        rule.with_user(self.zero_office).action_approve_retention()
        self.assertEqual(rule.retention_approved_by_id, self.zero_office)
        rule.with_user(self.zero_manager).action_activate()
        self.assertEqual(rule.state, "active")
        lst = self.env["noproof.cancellation.list"].create({"name": "Zero List", "company_id": self.zero.id})
        lst.action_publish()
        self.assertTrue(lst.zero_certificate_target)
        self.assertTrue(lst.line_ids.retention_approved)
        data = json.loads(lst._portal_json_lines()[0])
        self.assertIs(data[0]["retention_approved"], True)

    def test_luzhou_live_rule_cannot_become_retained_without_approval(self):
        """Luzhou art. 7 ¶1: turning an active rule of an unpublished level into a retained one is refused
        without the office's approval, whatever the path."""
        rule = self.make_rule(item=self.zero_item)
        rule.action_activate()
        with self.assertRaisesRegex(ValidationError, "zero certificates"):
            rule.with_user(self.zero_manager).write({"disposition": "retained", "alternative_method": False})

    def test_luzhou_county_follows_city_target(self):
        """Luzhou art. 7 ¶1 (市、区县两级): a county follows its city's zero-certificate target."""
        dept = self.env["noproof.organization"].create({"name": "County Dept", "company_id": self.zero_county.id})
        item = self.env["noproof.service.item"].create(
            {"name": "County Item", "company_id": self.zero_county.id, "organization_id": dept.id}
        )
        rule = self.retained(item=item)
        self.assertTrue(rule.needs_retention_approval)
        with self.assertRaisesRegex(UserError, "Luzhou art. 7 ¶1"):
            rule.with_user(self.zero_manager).action_activate()

    def test_taizhou_retained_certificate_needs_no_office_approval(self):
        """Taizhou art. 2 ¶2 (setting 'no'): a certificate a law requires may be retained without the office."""
        self.assertEqual(self.env.ref("base.main_company")._noproof_setting("noproof_zero_certificate") or "no", "no")
        company = self.env["res.company"].create({"name": "Retaining City", "noproof_zero_certificate": "no"})
        dept = self.env["noproof.organization"].create({"name": "Retaining Dept", "company_id": company.id})
        item = self.env["noproof.service.item"].create(
            {"name": "Retaining Item", "company_id": company.id, "organization_id": dept.id}
        )
        rule = self.retained(item=item)
        self.assertFalse(rule.needs_retention_approval)
        rule.action_activate()
        self.assertEqual(rule.state, "active")
        self.assertFalse(rule.retention_approved_by_id)

    def test_approval_lapses_with_the_retention(self):
        """Luzhou art. 7 ¶1: an approval covers only the retention; choosing another disposition clears it."""
        rule = self.retained()
        rule.with_user(self.zero_office).action_approve_retention()
        rule.write({"disposition": "online_check", "alternative_method": "Checked online"})
        self.assertFalse(rule.retention_approved_by_id)


@tagged("post_install", "-at_install")
class TestExclusions(ChangeControlCase):
    """#13 Taizhou art. 3 ¶2, Luzhou art. 4 ¶2: certificates outside the regulation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.tz = Company.create(
            {"name": "TZ-like", "noproof_statute": "taizhou", "noproof_exclude_higher_level": "yes"}
        )
        cls.lz = Company.create(
            {
                "name": "LZ-like",
                "noproof_statute": "luzhou",
                "noproof_exclude_higher_level": "no",
                "noproof_zero_certificate": "yes",
            }
        )
        Org = cls.env["noproof.organization"]
        cls.tz_item = cls.env["noproof.service.item"].create(
            {
                "name": "Pension",
                "code": "TZ-1",
                "company_id": cls.tz.id,
                "organization_id": Org.create({"name": "TZ Dept", "company_id": cls.tz.id}).id,
            }
        )
        cls.lz_item = cls.env["noproof.service.item"].create(
            {
                "name": "Pension",
                "code": "LZ-1",
                "company_id": cls.lz.id,
                "organization_id": Org.create({"name": "LZ Dept", "company_id": cls.lz.id}).id,
            }
        )

    def excluded(self, item, exclusion, **values):
        values = {"exclusion_reason": "Issued by an employer in another province", **values}
        return self.make_rule(
            item=item, disposition="retained", alternative_method=False, exclusion=exclusion, **values
        )

    def test_luzhou_outside_city_certificate_recorded_with_article(self):
        """Luzhou art. 4 ¶2: a certificate issued outside the city that cannot be checked online is recorded as
        excluded with its reason and article; it needs no approval under the zero-certificate target."""
        rule = self.excluded(self.lz_item, "outside_city")
        self.assertIn("Luzhou art. 4 ¶2", rule.exclusion_article)
        self.assertFalse(rule.needs_retention_approval)
        rule.action_activate()
        self.assertEqual(rule.state, "active")

    def test_luzhou_refuses_higher_level_exclusion(self):
        """Luzhou art. 4 ¶2 names only certificates from outside the city: excluding an item handled by a higher
        level is refused under Luzhou's setting."""
        with self.assertRaisesRegex(ValidationError, "Luzhou art. 4 ¶2"):
            self.excluded(self.lz_item, "higher_level")

    def test_taizhou_higher_level_item_excluded(self):
        """Taizhou art. 3 ¶2: an item this level pre-examines for a higher level is excluded, citing the article."""
        rule = self.excluded(self.tz_item, "higher_level")
        self.assertIn("Taizhou art. 3 ¶2", rule.exclusion_article)

    def test_exclusion_needs_reason_and_retained_disposition(self):
        """Taizhou art. 3 ¶2: the exclusion says why; an excluded certificate is still brought (retained)."""
        with self.assertRaisesRegex(ValidationError, "Say why"):
            self.excluded(self.tz_item, "outside_city", exclusion_reason=False)
        with self.assertRaisesRegex(ValidationError, "Retained"):
            self.make_rule(item=self.tz_item, exclusion="outside_city", exclusion_reason="x")

    def test_published_rule_cannot_be_declared_excluded(self):
        """Taizhou art. 3 ¶2, art. 6 ¶2: once on the published list, a rule cannot be moved outside the regulation by
        an edit (which would also skip the office's approval of a retention, Luzhou art. 7 ¶1)."""
        with self.assertRaisesRegex(UserError, "published list"):
            self.rule_household.with_user(self.manager).write(
                {"exclusion": "outside_city", "exclusion_reason": "Issued elsewhere"}
            )

    def test_excluded_lines_shown_apart_on_the_public_list(self):
        """Taizhou art. 3 ¶2, Luzhou art. 4 ¶2: the published list shows excluded certificates apart and its
        exports carry ``excluded``, ``exclusion``, ``exclusion_reason`` and ``exclusion_article``."""
        covered = self.make_rule(item=self.tz_item, certificate=self.cert_kinship)
        excluded = self.excluded(self.tz_item, "outside_city")
        (covered | excluded).action_activate()
        lst = self.env["noproof.cancellation.list"].create({"name": "TZ List", "company_id": self.tz.id})
        lst.action_publish()
        self.assertEqual(lst.excluded_count, 1)
        lines = lst._portal_lines()
        self.assertEqual([line["exclusion"] for line in lines], [None, "outside_city"], "excluded lines come last")
        data = {row["certificate"]: row for row in json.loads(lst._portal_json_lines()[0])}
        row = data[self.cert_household.name]
        self.assertIs(row["excluded"], True)
        self.assertEqual(row["exclusion"], "outside_city")
        self.assertIn("Taizhou art. 3 ¶2", row["exclusion_article"])
        self.assertIs(data[self.cert_kinship.name]["excluded"], False)
        self.assertIn("excluded,exclusion,exclusion_reason,exclusion_article,retention_approved", lst._portal_csv())


@tagged("post_install", "-at_install")
class TestValidityPeriod(ChangeControlCase):
    """#16 Luzhou art. 25: 本办法自2020年1月18日起施行,有效期2年."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.city.noproof_statute = "taizhou"
        cls.other_city.noproof_statute = "luzhou"

    def test_basis_lapses_after_its_validity_period(self):
        """Luzhou art. 25: a basis with a validity period is not in force after its last day, and the daily job
        suspends the rules resting on it from the day after."""
        today = fields.Date.context_today(self.env["noproof.legal.basis"])
        basis = self.env["noproof.legal.basis"].create(
            {
                "name": "Provisional Regulation",
                "level": "local_regulation",
                "date_effective": "2020-01-18",
                "date_expiry": today + timedelta(days=30),
            }
        )
        self.assertTrue(basis.is_in_force)
        self.assertTrue(basis.is_in_force_on(basis.date_expiry))
        self.assertFalse(basis.is_in_force_on(basis.date_expiry + timedelta(days=1)))
        rule = self.make_rule(
            item=self.other_item, certificate=self.cert_income, legal_basis_id=basis.id, date_start="2020-02-01"
        )
        rule._workflow().write({"state": "active"})
        basis.date_expiry = "2024-01-17"
        self.assertFalse(basis.is_in_force)
        self.assertNotIn(basis, self.env["noproof.legal.basis"].search([("is_in_force", "=", True)]))
        self.env["noproof.certificate.rule"]._cron_suspend_on_lapsed_basis()
        self.assertEqual(rule.state, "suspended")
        self.assertEqual(str(rule.date_suspended), "2024-01-18")

    def test_list_warns_before_the_regulation_lapses(self):
        """Luzhou art. 25: N days (a level setting) before the programme regulation or a basis of the list lapses,
        the list form warns; outside the window it does not."""
        today = fields.Date.context_today(self.env["noproof.legal.basis"])
        regulation = self.env["noproof.legal.basis"].create(
            {
                "name": "Zero-Proof Measures (trial)",
                "level": "normative_document",
                "date_effective": "2020-01-18",
                "date_expiry": today + timedelta(days=20),
            }
        )
        self.other_city.write({"noproof_regulation_id": regulation.id, "noproof_lapse_warning_days": 10})
        self.other_list.invalidate_recordset(["lapse_warning", "lapsing_basis_ids"])
        self.assertFalse(self.other_list.lapsing_basis_ids)
        self.other_city.noproof_lapse_warning_days = 30
        self.other_list.invalidate_recordset(["lapse_warning", "lapsing_basis_ids"])
        self.assertEqual(self.other_list.lapsing_basis_ids, regulation)
        self.assertIn("Luzhou art. 25", self.other_list.lapse_warning)
        self.assertFalse(self.city_list.lapsing_basis_ids, "Taizhou's regulation has no validity period")


@tagged("post_install", "-at_install")
class TestStatuteRpc(NoproofRpcCase):
    """The statute rules hold over JSON-RPC with the demo logins."""

    def test_luzhou_manager_cannot_force_a_retention_approval(self):
        """Luzhou art. 7 ¶1 over RPC: the configuration manager (not office staff) cannot approve a retention,
        nor write the approval fields, nor activate a retained certificate without it."""
        luzhou = self.env.ref("noproof_catalog.company_luzhou")
        luzhou.noproof_zero_certificate = "yes"
        dept = self.env["noproof.organization"].create({"name": "RPC Dept", "company_id": luzhou.id})
        item = self.env["noproof.service.item"].create(
            {"name": "RPC Item", "company_id": luzhou.id, "organization_id": dept.id}
        )
        basis = self.env.ref("noproof_catalog.basis_social_insurance")
        rule = self.env["noproof.certificate.rule"].create(
            {
                "item_id": item.id,
                "certificate_id": self.env.ref("noproof_catalog.cert_income").id,
                "disposition": "retained",
                "legal_basis_id": basis.id,
            }
        )
        manager = self.env.ref("noproof_catalog.user_lz_manager")
        self.sign_in(manager.login)
        self.assertRefused("noproof.certificate.rule", "action_approve_retention", [[rule.id]], error="UserError")
        self.assertRefused(
            "noproof.certificate.rule",
            "write",
            [[rule.id], {"retention_approved_by_id": manager.id, "retention_approved_on": "2026-01-01"}],
        )
        self.assertRefused("noproof.certificate.rule", "action_activate", [[rule.id]], error="UserError")
        rule.invalidate_recordset()
        self.assertEqual(rule.state, "draft")
        self.assertFalse(rule.retention_approved_by_id)

    def test_taizhou_clerk_cannot_submit_past_a_chain_without_the_office(self):
        """Taizhou art. 6 ¶2 over RPC: when the level's chain has lost its office tier, the clerk's submission of a
        request adding a certificate is refused, saying who is missing, and the request stays a draft."""
        self.env.ref("base.main_company").noproof_new_certificate_approval = "office"
        self.env.ref("noproof_catalog.tier_tz_reform_office").active = False
        request = self.env.ref("noproof_catalog.cr_tz_temporary_assistance_household")
        self.assertEqual(request.state, "draft")
        self.sign_in("np_clerk")
        refusal = self.assertRefused("noproof.change.request", "action_submit", [[request.id]], error="UserError")
        # Whatever the user's language, the refusal names the missing office.
        self.assertIn(request.company_id.noproof_office_id.name, refusal.message)
        self.assertRefused("noproof.change.request", "_noproof_check_office_in_chain", [[request.id]])
        request.invalidate_recordset()
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.review_ids)

    def test_portal_page_shows_excluded_apart_and_marks_approved_retention(self):
        """Luzhou art. 4 ¶2 and art. 7 ¶1 on the public page: an excluded certificate is listed apart under
        "Outside the regulation" with its article; a retained certificate the office approved is marked."""
        company = self.env["res.company"].create(
            {"name": "Portal Zero City", "noproof_statute": "luzhou", "noproof_zero_certificate": "yes"}
        )
        office_user = self.env.ref("noproof_catalog.user_lz_office")
        office_user.company_ids |= company
        office = self.env["noproof.organization"].create(
            {"name": "Portal Office", "company_id": company.id, "user_ids": [Command.set(office_user.ids)]}
        )
        company.noproof_office_id = office
        item = self.env["noproof.service.item"].create(
            {"name": "Portal Item", "code": "PZ-1", "company_id": company.id, "organization_id": office.id}
        )
        basis = self.env.ref("noproof_catalog.basis_social_insurance")
        Rule = self.env["noproof.certificate.rule"]
        excluded = Rule.create(
            {
                "item_id": item.id,
                "certificate_id": self.env.ref("noproof_catalog.cert_employment").id,
                "disposition": "retained",
                "legal_basis_id": basis.id,
                "exclusion": "outside_city",
                "exclusion_reason": "Issued by an employer in another province",
            }
        )
        retained = Rule.create(
            {
                "item_id": item.id,
                "certificate_id": self.env.ref("noproof_catalog.cert_income").id,
                "disposition": "retained",
                "legal_basis_id": basis.id,
            }
        )
        retained.with_user(office_user).action_approve_retention()
        (excluded | retained).action_activate()
        lst = self.env["noproof.cancellation.list"].create({"name": "Portal Zero List", "company_id": company.id})
        lst.action_publish()
        page = self.url_open(f"/noproof/list/{lst.id}").text
        self.assertIn("o_noproof_zero_target", page)
        self.assertIn("o_noproof_retention_approved", page)
        excluded_part = page.split("o_noproof_excluded", 1)[1]
        self.assertIn("Issued by an employer in another province", excluded_part)
        self.assertIn("泸州办法第四条第二款", excluded_part)
        self.assertNotIn("Issued by an employer in another province", page.split("o_noproof_excluded", 1)[0])

    def test_portal_json_keeps_its_keys_and_adds_the_statute_flags(self):
        """Luzhou art. 7 ¶1, art. 4 ¶2: the public JSON adds ``zero_certificate_target`` and the exclusion and
        retention keys without renaming any key of ``noproof.cancellation_list.v1``."""
        lst = self.env["noproof.cancellation.list"].search(
            [("company_id", "=", self.env.ref("base.main_company").id), ("state", "=", "published")], limit=1
        )
        response = self.url_open(f"/noproof/list/{lst.id}.json")
        data = response.json()
        self.assertEqual(data["schema"], "noproof.cancellation_list.v1")
        self.assertIn("zero_certificate_target", data["list"])
        for key in (
            "item_code",
            "disposition",
            "stopped_from",
            "lapsed_legal_basis",
            "excluded",
            "exclusion",
            "exclusion_reason",
            "exclusion_article",
            "retention_approved",
        ):
            self.assertIn(key, data["lines"][0])


@tagged("post_install", "-at_install")
class TestDemoStatutes(TransactionCase):
    """#17: the demo sets each city to its own statute; its counties follow."""

    def test_demo_levels_run_their_statutes(self):
        """Taizhou arts. 3 ¶2, 6 ¶2 and Luzhou arts. 4 ¶2, 7 ¶1, 25: the demo's cities carry their statute's settings,
        the Luzhou Measures end on 2022-01-17 and each city shows an excluded certificate."""
        taizhou = self.env.ref("base.main_company")
        luzhou = self.env.ref("noproof_catalog.company_luzhou")
        county = self.env.ref("noproof_catalog.company_tz_jiaojiang")
        settings = (
            "noproof_new_certificate_approval",
            "noproof_zero_certificate",
            "noproof_exclude_higher_level",
        )
        self.assertEqual([taizhou._noproof_setting(name) for name in settings], ["office", "no", "yes"])
        self.assertEqual([luzhou._noproof_setting(name) for name in settings], ["chain", "yes", "no"])
        self.assertEqual([county._noproof_setting(name) for name in settings], ["office", "no", "yes"])
        measures = luzhou._noproof_setting("noproof_regulation_id")
        self.assertEqual(str(measures.date_expiry), "2022-01-17")
        self.assertFalse(measures.is_in_force)
        self.assertFalse(taizhou._noproof_setting("noproof_regulation_id").date_expiry)
        self.assertEqual(self.env.ref("noproof_catalog.rule_tz_veteran_benefit_health").exclusion, "higher_level")
        self.assertEqual(
            self.env.ref("noproof_catalog.rule_lz_pension_qualification_employment").exclusion, "outside_city"
        )
        water = self.env.ref("noproof_catalog.org_tz_water")
        self.assertEqual(water._noproof_supervisor_users(), self.env.ref("noproof_catalog.user_tz_water_bureau"))
