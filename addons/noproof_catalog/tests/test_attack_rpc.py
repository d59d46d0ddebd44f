"""The catalog's rules hold against a signed-in user calling the models over the web
client's JSON-RPC and export routes, as any browser can (threats of readme/SECURITY.md)."""

import csv
import io

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .rpc import NoproofRpcCase


@tagged("post_install", "-at_install")
class TestCatalogAttack(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tz_list = cls.env["noproof.cancellation.list"].search(
            [("company_id", "=", cls.taizhou.id), ("state", "=", "published")]
        )
        cls.tz_item = cls.env.ref("noproof_catalog.item_tz_minimum_living")
        cls.tz_rule = cls.tz_item.rule_ids.filtered(lambda rule: rule.state == "active")[:1]
        # Exporting is a right an administrator may grant (base.group_allow_export): assume the worst.
        export_right = cls.env.ref("base.group_allow_export")
        for login in ("np_clerk", "np_manager"):
            cls.env["res.users"].search([("login", "=", login)]).groups_id = [Command.link(export_right.id)]
        # An applicant nobody handles a case for: registered at the Taizhou level.
        cls.applicant = (
            cls.env["res.partner"]
            .with_company(cls.taizhou)
            .create({"name": "测试申请人", "noproof_id_type": "resident_id", "noproof_id_number": "11010519491231002X"})
        )

    def test_published_list_cannot_be_reopened(self):
        """Threat T1 (workflow by RPC): an office user cannot set a published list back to draft, nor change
        its version, nor create a list that is already published; a correction is a new version."""
        self.sign_in("np_office")
        for vals in ({"state": "draft"}, {"version": 1, "name": "改写"}, {"date_published": "2020-01-01 00:00:00"}):
            with self.subTest(vals=vals):
                self.assertRefused("noproof.cancellation.list", "write", [self.tz_list.ids, vals], error="UserError")
        self.assertRefused(
            "noproof.cancellation.list",
            "create",
            [{"name": "伪造清单", "company_id": self.taizhou.id, "state": "published"}],
            error="UserError",
        )
        self.tz_list.invalidate_recordset()
        self.assertEqual(self.tz_list.state, "published")

    def test_rule_state_only_through_its_actions(self):
        """Threat T1 (workflow by RPC), Taizhou art. 6 ¶2: a configuration manager cannot write a rule's
        state or suspension date, nor create a rule that is already active."""
        self.sign_in("np_manager")
        self.assertRefused(
            "noproof.certificate.rule", "write", [self.tz_rule.ids, {"state": "retired"}], error="UserError"
        )
        self.assertRefused(
            "noproof.certificate.rule",
            "write",
            [self.tz_rule.ids, {"date_suspended": "2020-01-01"}],
            error="UserError",
        )
        certificate = self.env["noproof.certificate"].create({"name": "RPC 测试证明"})
        self.assertRefused(
            "noproof.certificate.rule",
            "create",
            [
                {
                    "item_id": self.tz_item.id,
                    "certificate_id": certificate.id,
                    "disposition": "cancelled",
                    "state": "active",
                }
            ],
            error="UserError",
        )
        self.assertFalse(self.env["noproof.certificate.rule"].search([("certificate_id", "=", certificate.id)]))

    def test_change_request_cannot_be_approved_by_hand(self):
        """Threat T1 (workflow by RPC), Taizhou art. 6 ¶2: a clerk cannot create an approved change request,
        approve one by writing its state, forge an approved tier review, nor file it with the city by hand."""
        self.sign_in("np_clerk")
        vals = {
            "item_id": self.tz_item.id,
            "request_type": "retire",
            "rule_id": self.tz_rule.id,
            "reason": "RPC",
        }
        self.assertRefused("noproof.change.request", "create", [{**vals, "state": "approved"}], error="UserError")
        self.assertRefused(
            "noproof.change.request", "create", [{**vals, "requested_by_id": self.env.ref("base.user_admin").id}]
        )
        # A default_<field> context key or a saved default does not choose a workflow value either.
        request_id = self.call_kw(
            "noproof.change.request", "create", [vals], {"context": {"default_state": "approved"}}
        )
        self.assertEqual(self.env["noproof.change.request"].browse(request_id).state, "draft")
        self.assertRefused("noproof.change.request", "write", [[request_id], {"state": "approved"}], error="UserError")
        self.assertRefused(
            "tier.review",
            "create",
            [{"model": "noproof.change.request", "res_id": request_id, "status": "approved"}],
        )
        self.assertRefused("noproof.filing", "create", [{"change_request_id": request_id}])
        request = self.env["noproof.change.request"].browse(request_id)
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.review_ids)

    def test_tier_review_cannot_be_forged_or_removed(self):
        """Threat T1 (workflow by RPC): the reviews of a submitted change request are decided only by their
        reviewers through the approval buttons; nobody writes 'approved' on a review or deletes it."""
        # Approved by the civil-affairs head, waiting for the reform office.
        request = self.env.ref("noproof_catalog.cr_tz_minimum_living_income")
        self.assertEqual(request.state, "submitted")
        review = request.review_ids.filtered(lambda review: review.status != "approved")[:1]
        status = review.status
        self.sign_in("np_clerk")
        self.assertRefused("tier.review", "write", [review.ids, {"status": "approved"}], error="UserError")
        approved = request.review_ids.filtered(lambda review: review.status == "approved")
        self.assertRefused("tier.review", "write", [approved.ids, {"status": "pending"}], error="UserError")
        self.assertRefused("tier.review", "unlink", [request.review_ids.ids], error="UserError")
        review.invalidate_recordset()
        self.assertEqual(review.status, status)

    def test_other_city_reads_no_applicant(self):
        """Threat T2 (personal data across cities): a Luzhou clerk finds no Taizhou applicant by search_read,
        read_group or search by number."""
        self.sign_in("lz_clerk")
        found = self.call_kw(
            "res.partner",
            "search_read",
            [[("noproof_id_type", "!=", False)]],
            {"fields": ["name", "noproof_id_number_masked"]},
        )
        self.assertNotIn(self.applicant.id, [row["id"] for row in found])
        self.assertFalse(
            self.call_kw("res.partner", "search", [[("noproof_id_number", "=", "11010519491231002X")]]),
            "searching another city's applicant by number finds nothing",
        )
        self.assertRefused("res.partner", "read", [self.applicant.ids, ["name"]])

    def test_whole_number_masked_without_a_case(self):
        """Threat T2 (personal data), Taizhou art. 16: a clerk of the applicant's own level sees the number
        masked while no case of theirs needs it; grouping by it and searching by a part of it are refused."""
        self.sign_in("np_clerk")
        [row] = self.call_kw("res.partner", "read", [self.applicant.ids, ["noproof_id_number"]])
        self.assertEqual(row["noproof_id_number"], "110***********002X")
        [row] = self.call_kw(
            "res.partner", "search_read", [[("id", "=", self.applicant.id)]], {"fields": ["noproof_id_number"]}
        )
        self.assertEqual(row["noproof_id_number"], "110***********002X")
        self.assertRefused(
            "res.partner",
            "read_group",
            [[("id", "=", self.applicant.id)], ["noproof_id_number"], ["noproof_id_number"]],
            {"lazy": False},
            error="AccessError",
        )
        self.assertRefused("res.partner", "search", [[("noproof_id_number", "ilike", "1949")]], error="AccessError")
        self.assertEqual(
            self.call_kw("res.partner", "search", [[("noproof_id_number", "=", "11010519491231002X")]]),
            self.applicant.ids,
            "the whole number on the document finds its applicant",
        )

    def test_export_of_whole_numbers_refused(self):
        """Threat T2 (personal data): the export button does not hand out whole identity numbers of
        applicants the user handles no case for."""
        self.sign_in("np_clerk")
        response = self.export("res.partner", self.applicant.ids, ["name", "noproof_id_number"])
        self.assertNotIn(b"11010519491231002X", response.content)
        self.assertNotEqual(response.status_code, 200)
        masked = self.export("res.partner", self.applicant.ids, ["name", "noproof_id_number_masked"])
        self.assertEqual(masked.status_code, 200)
        self.assertIn("110***********002X", masked.content.decode("utf-8-sig"))

    def test_exports_neutralize_formulas(self):
        """Threat T8 (formula injection): a name that a spreadsheet would run as a formula is exported as
        text, in CSV and in XLSX."""
        item = self.tz_item
        item.name = '=HYPERLINK("http://evil.example","点击")'
        self.sign_in("np_manager")
        response = self.export("noproof.service.item", item.ids, ["name"], fmt="csv")
        self.assertEqual(response.status_code, 200)
        [_header, row] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertTrue(row[0].startswith("'="), row[0])
        import openpyxl  # noqa: PLC0415 - a test-only dependency of Odoo's own import

        response = self.export("noproof.service.item", item.ids, ["name"], fmt="xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.cell(row=2, column=1).data_type, "s", "written as text, not as a formula")
        self.assertTrue(sheet.cell(row=2, column=1).value.startswith("'="))

    def test_private_methods_are_not_reachable(self):
        """Threat T4 (API surface): the catalog's internal methods cannot be called over RPC."""
        self.sign_in("np_manager")
        for model, method, args in (
            ("noproof.cancellation.list", "_publish_amendment", [self.tz_list.ids]),
            ("noproof.change.request", "_approve", [[1]]),
            ("noproof.certificate.rule", "_workflow", [self.tz_rule.ids]),
            ("noproof.legal.basis", "is_in_force_on", [[1], "2020-01-01"]),
        ):
            with self.subTest(method=method):
                self.assertRefused(model, method, args, error="AccessError")


@tagged("post_install", "-at_install")
class TestAccessChangesApplyAtOnce(TransactionCase):
    def test_leaving_an_organization_removes_access_on_the_next_request(self):
        """Threat T9 (stale rights): a user taken off an organization's staff loses, at once, what they saw
        only as its staff (the record-rule cache is cleared)."""
        county = self.env.ref("noproof_catalog.company_tz_jiaojiang")
        taizhou = self.env.ref("base.main_company")
        organization = self.env["noproof.organization"].create({"name": "椒江测试局", "company_id": county.id})
        item = self.env["noproof.service.item"].create(
            {"name": "椒江测试事项", "company_id": county.id, "organization_id": organization.id}
        )
        user = new_test_user(
            self.env,
            login="t_staff_clerk",
            groups="noproof_catalog.group_clerk",
            company_id=taizhou.id,
            company_ids=[Command.set((taizhou | county).ids)],
        )
        organization.user_ids = user
        Item = self.env["noproof.service.item"].with_user(user).with_context(allowed_company_ids=taizhou.ids)
        self.assertEqual(Item.search([("id", "=", item.id)]), item, "staff of the organization see its items")
        organization.user_ids = [Command.unlink(user.id)]
        self.assertFalse(Item.search([("id", "=", item.id)]), "no longer staff: no longer seen")
