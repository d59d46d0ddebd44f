from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEvaluationTour(HttpCase):
    def test_office_evaluates_a_quarter(self):
        """Taizhou art. 18, Luzhou art. 21: the office evaluates a period and interviews those under target."""
        company = self.env.ref("base.main_company")
        new_test_user(
            self.env,
            login="tour_office",
            groups="noproof_catalog.group_office",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            lang="en_US",
        )
        bureau = self.env["noproof.organization"].create({"name": "Tour Slow Bureau", "company_id": company.id})
        self.env["noproof.complaint"]._workflow_create(
            [
                {
                    "company_id": company.id,
                    "target_organization_id": bureau.id,
                    "description": "No answer",
                    "date_received": "2026-02-01 02:00:00",
                    "substantiated": "yes",
                }
                for _ in range(4)
            ]
        )
        self.start_tour("/odoo", "noproof_evaluation_tour", login="tour_office")
        evaluation = self.env["noproof.evaluation"].search(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", "quarter"),
                ("year", "=", 2026),
                ("period_number", "=", 1),
            ]
        )
        self.assertEqual(evaluation.state, "computed")
        line = evaluation.line_ids.filtered(lambda line: line.organization_id == bureau)
        self.assertEqual(line.substantiated_count, 4)
        self.assertIn(bureau, evaluation.interview_ids.organization_id)


@tagged("post_install", "-at_install")
class TestComplaintTours(HttpCase):
    """Tours in Chinese on the demo data: the supervision window at the window, a citizen online."""

    def test_window_registers_a_complaint_and_prints_its_receipt(self):
        """Taizhou art. 17: the supervision window registers a complaint made at the window and prints the
        complainant's receipt with the tracking number and the 查询码."""
        before = self.env["noproof.complaint"].search([]).ids
        self.start_tour("/odoo", "noproof_window_complaint_tour", login="tz_supervisor")
        complaint = self.env["noproof.complaint"].search([("id", "not in", before)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual((complaint.channel, complaint.sudo().complainant_name), ("window", "张三"))
        self.assertTrue(complaint.query_code)

    def test_citizen_files_and_follows_a_complaint_online(self):
        """Taizhou art. 17, Luzhou art. 17: a citizen, not logged in, files a complaint about a county's
        organization, gets the 查询码 on the receipt page and follows the complaint with it."""
        before = self.env["noproof.complaint"].search([]).ids
        self.start_tour("/noproof/complaint", "noproof_citizen_complaint_tour")
        complaint = self.env["noproof.complaint"].search([("id", "not in", before)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "online")
        self.assertEqual(complaint.company_id, self.env.ref("noproof_catalog.company_tz_jiaojiang"))
        self.assertEqual(complaint.target_organization_id.name, "椒江区民政局")
