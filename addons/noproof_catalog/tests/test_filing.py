from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_change_request import ChangeControlCase


@tagged("post_install", "-at_install")
class TestCountyFiling(ChangeControlCase):
    def approved_county_request(self, **values):
        request = self.new_request(self.county_clerk, item=self.county_item, **values)
        request.action_submit()
        return self.approve(request, self.county_head, self.county_office)

    def test_county_approval_is_filed_with_the_city_office(self):
        """Taizhou art. 6 ¶2: a county office's approval of a new certificate is filed with the city office."""
        request = self.approved_county_request()
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.published(self.county), request.list_id)
        self.assertEqual(request.list_id.version, 2)
        filing = request.filing_ids
        self.assertRecordValues(
            filing,
            [
                {
                    "state": "filed",
                    "company_id": self.city.id,
                    "county_company_id": self.county.id,
                    "office_organization_id": self.office_org.id,
                    "certificate_id": self.cert_income.id,
                }
            ],
        )
        activity = filing.activity_ids
        self.assertEqual(activity.user_id, self.office, "the city office head reviews it")
        self.assertEqual(activity.activity_type_id, self.env.ref("noproof_catalog.mail_activity_type_filing_review"))
        self.assertIn(filing, self.env["noproof.filing"].with_user(self.office).search([]))
        self.assertIn(filing, self.env["noproof.filing"].with_user(self.county_clerk).search([]))
        self.assertNotIn(filing, self.env["noproof.filing"].with_user(self.lz_office).search([]))

    def test_city_office_acknowledges(self):
        """Taizhou art. 6 ¶2: the city office acknowledges the filing; the county cannot do it for the city."""
        filing = self.approved_county_request().filing_ids
        with self.assertRaises(AccessError):
            filing.with_user(self.county_office).action_acknowledge()
        with self.assertRaises(AccessError):
            filing.with_user(self.clerk).action_acknowledge()
        with self.assertRaisesRegex(UserError, "buttons"):
            filing.with_user(self.office).write({"state": "acknowledged"})
        filing.with_user(self.office_deputy).action_acknowledge()
        self.assertEqual(filing.state, "acknowledged")
        self.assertEqual(filing.reviewed_by_id, self.office_deputy)
        self.assertFalse(filing.activity_ids, "the review activity is done")
        self.assertEqual(filing.change_request_id.state, "approved")
        with self.assertRaisesRegex(UserError, "already been reviewed"):
            filing.with_user(self.office).action_object()

    def test_city_office_objects_and_the_county_re_decides(self):
        """Taizhou art. 6 ¶2: an objection to a filing reopens the county's request and notifies its office."""
        request = self.approved_county_request()
        rule = request.applied_rule_id
        filing = request.filing_ids
        with self.assertRaisesRegex(UserError, "reason for the objection"):
            filing.with_user(self.office).action_object()
        self.assertEqual(filing.state, "filed")
        filing.with_user(self.office).objection_reason = "Cite the provincial regulation, not the national one"
        filing.with_user(self.office).action_object()
        self.assertEqual(filing.state, "objected")
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.review_ids, "the approval chain starts again")
        objection = request.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("noproof_catalog.mail_activity_type_filing_objection")
        )
        self.assertEqual(objection.user_id, self.county_office | self.county_clerk)
        notice = request.message_ids.filtered(lambda message: "provincial regulation" in (message.body or ""))
        self.assertEqual(len(notice), 1)
        self.assertIn(self.county_office.partner_id, notice.partner_ids)

        # The county amends the request; its new approval updates the same rule and is filed again.
        request.with_user(self.county_clerk).alternative_method = "Checked in the provincial income database"
        request.with_user(self.county_clerk).action_submit()
        self.approve(request, self.county_head, self.county_office)
        self.assertEqual(request.applied_rule_id, rule)
        self.assertEqual(len(self.county_item.rule_ids.filtered(lambda r: r.certificate_id == self.cert_income)), 1)
        self.assertEqual(rule.alternative_method, "Checked in the provincial income database")
        self.assertEqual(len(request.filing_ids), 2)
        self.assertEqual(request.filing_ids.sorted("id")[-1].state, "filed")
        self.assertEqual(self.published(self.county).version, 3)

    def test_city_without_office_blocks_county_approval(self):
        """Taizhou art. 6 ¶2: a county approval cannot be final while it cannot be filed."""
        self.city.noproof_office_id = False
        request = self.new_request(self.county_clerk, item=self.county_item)
        request.action_submit()
        self.approve(request, self.county_head)
        with self.assertRaisesRegex(UserError, "no joint-conference office"):
            request.with_user(self.county_office).validate_tier()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self.published(self.county), self.county_list)
