from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import NoproofCatalogCase


class ChangeControlCase(NoproofCatalogCase):
    """The common catalog with approval chains configured as the two statutes have
    them: in the city (Taizhou) the department head, then the reform office (跑改办);
    in the other city (Luzhou) the department head, then the justice bureau (司法局),
    which hosts its office; in the county its head, then the county office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Org = cls.env["noproof.organization"]
        # The assertions read the English messages; a database created in Chinese gives new users zh_CN.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        (cls.clerk | cls.verifier | cls.office | cls.manager | cls.county_manager).lang = "en_US"

        def user(login, group, company):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"noproof_catalog.{group}",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                lang="en_US",
            )

        # Taizhou-like city: 民政局 head, then 跑改办.
        cls.civil_head = user("t_civil_head", "group_clerk", cls.city)
        cls.civil.write({"user_ids": [Command.link(cls.civil_head.id)], "head_id": cls.civil_head.id})
        cls.office_deputy = user("t_office_deputy", "group_office", cls.city)
        cls.office.company_ids |= cls.county
        cls.office_org.write(
            {"user_ids": [Command.set((cls.office | cls.office_deputy).ids)], "head_id": cls.office.id}
        )
        # Luzhou-like city: 民政局 head, then 司法局 hosting the office.
        cls.lz_clerk = user("t_lz_clerk", "group_clerk", cls.other_city)
        cls.lz_head = user("t_lz_head", "group_clerk", cls.other_city)
        cls.lz_office = user("t_lz_office", "group_office", cls.other_city)
        cls.other_org.write({"user_ids": [Command.set((cls.lz_clerk | cls.lz_head).ids)], "head_id": cls.lz_head.id})
        cls.lz_justice = Org.create(
            {
                "name": "Other City Justice Bureau",
                "company_id": cls.other_city.id,
                "user_ids": [Command.set(cls.lz_office.ids)],
                "head_id": cls.lz_office.id,
            }
        )
        cls.other_city.noproof_office_id = cls.lz_justice
        # County: its civil affairs head, then the county office; filed with the city.
        cls.county_clerk = user("t_county_clerk", "group_clerk", cls.county)
        cls.county_head = user("t_county_head", "group_clerk", cls.county)
        cls.county_office = user("t_county_office", "group_office", cls.county)
        cls.county_civil.write(
            {
                "user_ids": [Command.set((cls.county_clerk | cls.county_head).ids)],
                "head_id": cls.county_head.id,
            }
        )
        cls.county_office_org = Org.create(
            {
                "name": "County Reform Office",
                "company_id": cls.county.id,
                "user_ids": [Command.set(cls.county_office.ids)],
                "head_id": cls.county_office.id,
            }
        )
        cls.county.write({"noproof_office_id": cls.county_office_org.id, "noproof_level": "county"})
        cls.clerk.company_ids |= cls.city

        for company, office_name in (
            (cls.city, "Reform Office"),
            (cls.other_city, "Justice Bureau"),
            (cls.county, "County Office"),
        ):
            cls.make_tiers(company, office_name)

        # Each level has published its list.
        cls.rule_household = cls.make_rule()
        cls.rule_kinship = cls.make_rule(
            certificate=cls.cert_kinship,
            disposition="assistance",
            assisting_organization_id=cls.police.id,
            alternative_method="Ticket to the police",
        )
        cls.other_rule = cls.make_rule(item=cls.other_item)
        cls.county_rule = cls.make_rule(item=cls.county_item)
        (cls.rule_household | cls.rule_kinship | cls.other_rule | cls.county_rule).action_activate()
        List = cls.env["noproof.cancellation.list"]
        cls.city_list = List.create({"name": "City List", "company_id": cls.city.id})
        cls.other_list = List.create({"name": "Other City List", "company_id": cls.other_city.id})
        cls.county_list = List.create({"name": "County List", "company_id": cls.county.id})
        (cls.city_list | cls.other_list | cls.county_list).action_publish()

    @classmethod
    def make_tiers(cls, company, office_name):
        model = cls.env.ref("noproof_catalog.model_noproof_change_request")
        field = cls.env["ir.model.fields"]._get
        return cls.env["tier.definition"].create(
            [
                {
                    "name": "Department Head",
                    "model_id": model.id,
                    "review_type": "field",
                    "approve_sequence": True,
                    "reviewer_field_id": field("noproof.change.request", "head_user_id").id,
                    "sequence": 20,
                    "company_id": company.id,
                },
                {
                    "name": office_name,
                    "model_id": model.id,
                    "review_type": "field",
                    "approve_sequence": True,
                    "reviewer_field_id": field("noproof.change.request", "office_reviewer_ids").id,
                    "sequence": 10,
                    "company_id": company.id,
                },
            ]
        )

    @classmethod
    def new_request(cls, user, item=None, **values):
        vals = {
            "request_type": "add",
            "item_id": (item or cls.item).id,
            "certificate_id": cls.cert_income.id,
            "disposition": "online_check",
            "legal_basis_id": cls.law.id,
            "alternative_method": "Checked in the tax and social-security databases",
            "reason": "The allowance depends on household income",
            **values,
        }
        return cls.env["noproof.change.request"].with_user(user).create(vals)

    def approve(self, request, *users):
        for user in users:
            request.with_user(user).validate_tier()
        return request

    def published(self, company):
        return self.env["noproof.cancellation.list"].search(
            [("company_id", "=", company.id), ("state", "=", "published")]
        )


@tagged("post_install", "-at_install")
class TestChangeRequest(ChangeControlCase):
    def test_taizhou_chain_department_head_then_reform_office(self):
        """Taizhou art. 6 ¶2, art. 5: after publication the reform office (跑改办) approves a new certificate,
        here after the department head; approval activates the rule and publishes the next list version."""
        request = self.new_request(self.clerk)
        self.assertEqual(request.company_id, self.city)
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.review_ids.sorted("sequence").mapped("name"), ["Department Head", "Reform Office"])
        # The office reviews only after the head.
        self.assertFalse(request.with_user(self.office).can_review)
        self.assertTrue(request.with_user(self.civil_head).can_review)
        self.approve(request, self.civil_head)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self.published(self.city), self.city_list, "nothing changes before the office decides")
        self.assertTrue(request.with_user(self.office).can_review)
        self.approve(request, self.office)

        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_by_id, self.office)
        rule = request.applied_rule_id
        self.assertRecordValues(
            rule,
            [
                {
                    "item_id": self.item.id,
                    "certificate_id": self.cert_income.id,
                    "disposition": "online_check",
                    "legal_basis_id": self.law.id,
                    "state": "active",
                }
            ],
        )
        new_version = self.published(self.city)
        self.assertEqual(request.list_id, new_version)
        self.assertEqual(new_version.version, self.city_list.version + 1)
        self.assertEqual(self.city_list.state, "superseded")
        self.assertEqual(self.city_list.superseded_by_id, new_version)
        self.assertIn(rule, new_version.line_ids.rule_id)
        self.assertNotIn(rule, self.city_list.line_ids.rule_id, "the earlier version keeps its promise")
        self.assertEqual(new_version.change_request_ids, request)
        self.assertFalse(request.filing_ids, "a city's approval is not filed")

    def test_luzhou_chain_department_head_then_justice_bureau(self):
        """Luzhou art. 5, art. 7: the justice bureau hosts the office that approves changes to the list;
        the head's rejection stops the request and changes nothing."""
        request = self.new_request(self.lz_clerk, item=self.other_item, certificate_id=self.cert_kinship.id)
        request.action_submit()
        self.assertEqual(request.review_ids.sorted("sequence").mapped("name"), ["Department Head", "Justice Bureau"])
        self.assertEqual(request.review_ids.sorted("sequence")[1].reviewer_ids, self.lz_office)
        with self.assertRaises(AccessError):
            request.with_user(self.office).read(["name"])
        self.approve(request, self.lz_head, self.lz_office)
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.published(self.other_city).version, 2)
        self.assertEqual(self.published(self.city), self.city_list, "another city's list is untouched")

        rejected = self.new_request(self.lz_clerk, item=self.other_item, certificate_id=self.cert_income.id)
        rejected.action_submit()
        rejected.with_user(self.lz_head).reject_tier()
        self.assertEqual(rejected.state, "rejected")
        self.assertFalse(rejected.applied_rule_id)
        self.assertFalse(self.other_item.rule_ids.filtered(lambda rule: rule.certificate_id == self.cert_income))
        self.assertEqual(self.published(self.other_city).version, 2)
        # Rejected requests can be amended and submitted again.
        rejected.action_reset_draft()
        self.assertFalse(rejected.review_ids)
        rejected.reason = "Amended after the head's remarks"
        rejected.action_submit()
        self.assertEqual(len(rejected.review_ids), 2)

    def test_legal_basis_and_alternative_method_are_mandatory(self):
        """Taizhou art. 6 ¶2 and art. 7: a request names a law or regulation in force and the alternative method."""
        cases = [
            ({"legal_basis_id": False}, "Name the law or regulation"),
            ({"legal_basis_id": self.department_rule.id}, "not a law or regulation"),
            ({"legal_basis_id": self.repealed_law.id}, "not in force"),
            ({"alternative_method": " "}, "alternative method"),
            ({"reason": " "}, "reason"),
            ({"disposition": "assistance"}, "verification tickets"),
            ({"disposition": "cancelled"}, "cancelled certificate needs no request"),
            ({"certificate_id": self.cert_household.id}, "already has a rule"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                request = self.new_request(self.clerk, **values)
                with self.assertRaisesRegex(UserError, message):
                    request.action_submit()
                self.assertEqual(request.state, "draft")
                self.assertFalse(request.review_ids)
        with self.assertRaises(ValueError):
            self.new_request(self.clerk, disposition="retained")

    def test_requester_cannot_approve_own_request(self):
        """Taizhou art. 6 ¶2: the office approves what a department asks; nobody approves their own request."""
        request = self.new_request(self.office)
        request.action_submit()
        self.approve(request, self.civil_head)
        with self.assertRaisesRegex(UserError, "cannot review it"):
            request.with_user(self.office).validate_tier()
        with self.assertRaisesRegex(UserError, "cannot review it"):
            request.with_user(self.office).reject_tier()
        self.assertEqual(request.state, "submitted")
        self.approve(request, self.office_deputy)
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_by_id, self.office_deputy)

    def test_published_rule_changes_only_through_an_approved_request(self):
        """Taizhou art. 6 ¶2, Luzhou art. 7: after publication no rule of the published list changes except
        through an approved request, whatever the access rights."""
        for user in (self.manager, self.env.user):
            rule = self.rule_household.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "change request"):
                    rule.write({"disposition": "commitment", "alternative_method": "Signed commitment"})
                with self.assertRaisesRegex(UserError, "change request"):
                    rule.action_suspend()
                with self.assertRaisesRegex(UserError, "change request"):
                    rule.action_retire()
                with self.assertRaisesRegex(UserError, "change request"):
                    rule.unlink()
                # A context key from a remote caller is not the approval path.
                with self.assertRaisesRegex(UserError, "change request"):
                    rule.with_context(noproof_change_control=True).write({"disposition": "commitment"})
        self.rule_household.note = "Internal note"
        self.assertEqual(self.rule_household.disposition, "online_check")
        self.assertEqual(self.rule_household.state, "active")

        request = self.new_request(
            self.clerk,
            request_type="change",
            rule_id=self.rule_household.id,
            disposition="commitment",
            alternative_method="Signed household commitment",
        )
        self.assertEqual(request.certificate_id, self.cert_household)
        request.action_submit()
        self.approve(request, self.civil_head, self.office)
        self.assertEqual(request.applied_rule_id, self.rule_household)
        self.assertEqual(self.rule_household.disposition, "commitment")
        old_line = self.city_list.line_ids.filtered(lambda line: line.rule_id == self.rule_household)
        new_line = request.list_id.line_ids.filtered(lambda line: line.rule_id == self.rule_household)
        self.assertEqual(old_line.disposition, "online_check")
        self.assertEqual(
            (new_line.disposition, new_line.alternative_method), ("commitment", "Signed household commitment")
        )

    def test_new_rule_after_publication_needs_an_approved_request(self):
        """Taizhou art. 6 ¶1-2: after publication a certificate outside the list cannot be asked for by
        activating a rule directly; only an approved change request brings it into force. Cancelling one can."""
        rule = self.make_rule(certificate=self.cert_income, disposition="retained", alternative_method=False)
        for user in (self.manager, self.env.user):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "change request"):
                rule.with_user(user).action_activate()
        self.assertEqual(rule.state, "draft")
        with self.assertRaisesRegex(UserError, "only through its own buttons"):
            self.make_rule(item=self.other_item, certificate=self.cert_kinship, state="active")
        # A cancelled certificate asks nothing of the applicant; turning it into a requirement is an addition.
        rule.write({"disposition": "cancelled", "legal_basis_id": False})
        rule.action_activate()
        self.assertEqual(rule.state, "active")
        with self.assertRaisesRegex(UserError, "change request"):
            rule.write({"disposition": "retained", "legal_basis_id": self.law.id})
        self.assertEqual(rule.disposition, "cancelled")
        self.assertEqual(self.published(self.city), self.city_list)

    def test_retire_request_removes_the_line_from_the_next_version(self):
        """Taizhou art. 7 ¶2: a certificate that is no longer needed is retired through the same approval."""
        request = self.new_request(
            self.clerk,
            request_type="retire",
            rule_id=self.rule_kinship.id,
            disposition=False,
            legal_basis_id=False,
            alternative_method=False,
            date_effective="2030-01-01",
        )
        request.action_submit()
        self.approve(request, self.civil_head, self.office)
        self.assertEqual(self.rule_kinship.state, "retired")
        self.assertEqual(str(self.rule_kinship.date_end), "2030-01-01")
        self.assertNotIn(self.rule_kinship, request.list_id.line_ids.rule_id)
        self.assertIn(self.rule_kinship, self.city_list.line_ids.rule_id)

    def test_level_without_approval_chain_cannot_submit(self):
        self.env["tier.definition"].search([("company_id", "=", self.city.id)]).unlink()
        request = self.new_request(self.clerk)
        with self.assertRaisesRegex(UserError, "No approval chain"):
            request.action_submit()
        self.assertEqual(request.state, "draft")

    def test_status_and_content_cannot_be_forced(self):
        """Nothing is half-written: status changes only through the workflow; approved requests are final."""
        request = self.new_request(self.clerk)
        with self.assertRaisesRegex(UserError, "only through its own buttons"):
            request.write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "only through its own buttons"):
            request.with_context(noproof_change_control="1").write({"state": "approved"})
        request.action_submit()
        with self.assertRaises(UserError):
            request.write({"alternative_method": "Something else"})
        self.approve(request, self.civil_head, self.office)
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            request.write({"reason": "Rewritten afterwards"})
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            request.action_cancel()
        with self.assertRaises(UserError):
            request.unlink()

    def test_access_per_group(self):
        """Organizations ask; their city office reads its counties' requests but decides only its own."""
        request = self.new_request(self.clerk)
        county_request = self.new_request(self.county_clerk, item=self.county_item)
        with self.assertRaises(AccessError):
            self.new_request(self.verifier)
        with self.assertRaises(AccessError):
            request.with_user(self.lz_clerk).read(["name"])
        Request = self.env["noproof.change.request"]
        self.assertIn(county_request, Request.with_user(self.office).search([]))
        self.assertNotIn(county_request, Request.with_user(self.clerk).search([]))
        with self.assertRaises(AccessError):
            county_request.with_user(self.office_deputy).write({"reason": "City rewrites a county request"})
        with self.assertRaises(AccessError):
            request.with_user(self.clerk).unlink()
        request.with_user(self.manager).unlink()
        self.assertFalse(request.exists())
