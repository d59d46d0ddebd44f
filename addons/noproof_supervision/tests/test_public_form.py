from odoo.tests import HttpCase, tagged

from .common import NoproofSupervisionCase


@tagged("post_install", "-at_install")
class TestPublicComplaintForm(HttpCase, NoproofSupervisionCase):
    def submit(self, **values):
        page = self.url_open(f"/noproof/complaint?level={self.city.id}")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        data = {
            "csrf_token": token,
            "level": self.city.id,
            "organization_id": self.civil.id,
            "complaint_type": "cancelled_certificate",
            "description": "Asked for a cancelled certificate",
            **values,
        }
        return self.url_open("/noproof/complaint", data=data)

    def test_anonymous_visitor_files_and_follows_a_complaint(self):
        """Taizhou art. 17, Luzhou art. 17: anyone may complain online, without logging in."""
        response = self.submit(name="Zhang Wei", phone="13800000001")
        self.assertEqual(response.status_code, 200)
        complaint = self.env["noproof.complaint"].search([("channel", "=", "online")], order="id desc", limit=1)
        self.assertIn(complaint.name, response.text)
        self.assertEqual((complaint.target_organization_id, complaint.complainant_name), (self.civil, "Zhang Wei"))
        status = self.url_open(f"/noproof/complaint/status?number={complaint.name}&token={complaint.access_token}")
        self.assertEqual(status.status_code, 200)
        self.assertIn("o_noproof_complaint_status", status.text)
        self.assertNotIn("Zhang Wei", status.text, "the status page shows nothing personal")
        wrong = self.url_open(f"/noproof/complaint/status?number={complaint.name}&token=forged")
        self.assertEqual(wrong.status_code, 404)

    def test_honeypot_and_rate_limit(self):
        """Bad input: robots and floods from one address are refused, nothing is stored."""
        before = self.env["noproof.complaint"].search_count([])
        response = self.submit(website_url="http://spam.example")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.env["noproof.complaint"].search_count([]), before)
        self.env["ir.config_parameter"].sudo().set_param("noproof_supervision.complaint_rate_limit", 2)
        self.assertEqual(self.submit().status_code, 200)
        self.assertEqual(self.submit().status_code, 200)
        flooded = self.submit()
        self.assertEqual(flooded.status_code, 429)
        self.assertEqual(self.env["noproof.complaint"].search_count([]), before + 2)

    def test_complaint_without_content_is_refused(self):
        response = self.submit(description="  ")
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_noproof_complaint_error", response.text)
