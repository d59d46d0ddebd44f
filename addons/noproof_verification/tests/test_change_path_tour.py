from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestChangePathTour(HttpCase):
    """Issue 13, in Chromium, as the Taizhou demo users (who read Chinese): the configuration administrator creates
    an item and brings a drafted rule into force through a change request towards data sharing; the department head
    and the reform office approve it from 待我审批; the office publishes the next list version."""

    def test_change_path_of_a_published_catalog(self):
        """Taizhou art. 6 ¶2: after publication a rule takes effect only through a change request approved by the
        chain, carrying its data source; no English word on the approval screens; no dead end on the way."""
        self.start_tour(
            "/odoo/action-noproof_catalog.action_noproof_service_item",
            "noproof_change_path_item_tour",
            login="np_manager",
        )
        item = self.env["noproof.service.item"].search([("code", "=", "TZ-TOUR-13")])
        rule = item.rule_ids
        self.assertEqual((len(rule), rule.state), (1, "draft"))
        self.start_tour(
            f"/odoo/action-noproof_catalog.action_noproof_certificate_rule/{rule.id}",
            "noproof_change_path_request_tour",
            login="np_manager",
        )
        request = self.env["noproof.change.request"].search([("rule_id", "=", rule.id)])
        self.assertEqual(request.state, "submitted")
        for approver in ("tz_civil_head", "np_office"):
            with self.subTest(approver=approver):
                self.start_tour(
                    "/odoo/action-noproof_catalog.action_noproof_change_request_to_review",
                    "noproof_change_path_approve_tour",
                    login=approver,
                )
        self.assertEqual(request.state, "approved")
        source = self.env.ref("noproof_verification.source_tz_household")
        self.assertEqual((rule.state, rule.disposition, rule.data_source_id), ("active", "data_sharing", source))
        amended = request.list_id
        self.start_tour(
            f"/odoo/action-noproof_catalog.action_noproof_change_request/{request.id}",
            "noproof_change_path_publish_tour",
            login="np_office",
        )
        self.assertEqual(amended.state, "superseded")
        current = self.env["noproof.cancellation.list"].search(
            [("company_id", "=", item.company_id.id), ("state", "=", "published")]
        )
        self.assertEqual(current.published_by_id.login, "np_office")
        self.assertIn(rule, current.line_ids.rule_id)
