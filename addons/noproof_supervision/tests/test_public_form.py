import threading
import uuid

import requests

from odoo import SUPERUSER_ID, api
from odoo.tests import HttpCase, tagged

from ..controllers.main import MAX_LENGTHS
from .common import NoproofSupervisionCase


@tagged("post_install", "-at_install")
class TestPublicComplaintForm(HttpCase, NoproofSupervisionCase):
    def csrf_token(self):
        page = self.url_open(f"/noproof/complaint?level={self.city.id}")
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def form_data(self, **values):
        return {
            "csrf_token": self.csrf_token(),
            "level": self.city.id,
            "organization_id": self.civil.id,
            "complaint_type": "cancelled_certificate",
            "description": "Asked for a cancelled certificate",
            **values,
        }

    def submit(self, **values):
        return self.url_open("/noproof/complaint", data=self.form_data(**values))

    def look_up(self, number, code):
        return self.url_open(
            "/noproof/complaint/status", data={"csrf_token": self.csrf_token(), "number": number, "code": code}
        )

    def count(self):
        return self.env["noproof.complaint"].search_count([])

    def test_anonymous_visitor_files_and_follows_a_complaint(self):
        """Taizhou art. 17, Luzhou art. 17: anyone may complain online, without logging in, and follow the
        complaint with its tracking number and 查询码, shown on the receipt page, which prints."""
        response = self.submit(name="Zhang Wei", phone="13800000001")
        self.assertEqual(response.status_code, 200)
        complaint = self.env["noproof.complaint"].search([("channel", "=", "online")], order="id desc", limit=1)
        self.assertIn(complaint.name, response.text)
        self.assertIn(complaint.query_code, response.text, "the receipt shows the 查询码 to note down")
        self.assertIn("window.print()", response.text, "the receipt page prints")
        self.assertEqual((complaint.target_organization_id, complaint.complainant_name), (self.civil, "Zhang Wei"))
        status = self.look_up(complaint.name, complaint.query_code)
        self.assertEqual(status.status_code, 200)
        self.assertIn("o_noproof_complaint_status", status.text)
        self.assertNotIn("Zhang Wei", status.text, "the status page shows nothing personal")
        self.assertEqual(self.look_up(complaint.name, "forged").status_code, 404)

    def test_status_key_never_travels_in_an_address(self):
        """Threat T-pub-key (key in a URL): the status key is asked for in a POST form, never read from a query
        string (where proxies, logs, browser history and referrers keep it), and no page links to it."""
        response = self.submit()
        complaint = self.env["noproof.complaint"].search([("channel", "=", "online")], order="id desc", limit=1)
        for code in (complaint.access_token, complaint.query_code):
            self.assertNotIn(f"code={code}", response.text)
            self.assertNotIn(f"key={code}", response.text)
        self.assertIn('action="/noproof/complaint/status"', response.text)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""), "no cache keeps the receipt")
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
        for query in (
            f"number={complaint.name}&code={complaint.query_code}",
            f"number={complaint.name}&key={complaint.access_token}",
        ):
            page = self.url_open(f"/noproof/complaint/status?{query}")
            self.assertEqual(page.status_code, 200)
            self.assertNotIn("o_noproof_complaint_status", page.text, "a key in the address is not looked up")
            self.assertIn('method="post"', page.text)

    def test_nothing_is_mailed_to_an_address_typed_into_the_form(self):
        """Threat T-pub-mail (mail to an unverified address): the public form takes no e-mail address, and a
        concluded online complaint mails nobody outside the administration, even with an address on file."""
        response = self.submit(email="victim@example.com")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('name="email"', self.url_open(f"/noproof/complaint?level={self.city.id}").text)
        complaint = self.env["noproof.complaint"].search([("channel", "=", "online")], order="id desc", limit=1)
        self.assertFalse(complaint.complainant_email)
        complaint.complainant_email = "victim@example.com"
        complaint._conclude({"substantiated": "no", "conclusion": "Not confirmed."})
        self.assertFalse(
            self.env["mail.mail"].search([("email_to", "ilike", "victim@example.com")]),
            "no mail to an address nobody verified",
        )

    def test_every_field_is_length_capped(self):
        """Threat T-pub-size (oversized input): each field has a limit, said in the form (maxlength) and enforced
        by the server with a clear message; nothing is stored."""
        form = self.url_open(f"/noproof/complaint?level={self.city.id}").text
        for name in ("description", "name", "phone"):
            self.assertIn(f'name="{name}"', form)
        self.assertIn(f'maxlength="{MAX_LENGTHS["description"]}"', form)
        self.assertIn(f'maxlength="{MAX_LENGTHS["name"]}"', form)
        self.assertIn(f'maxlength="{MAX_LENGTHS["phone"]}"', form)
        before = self.count()
        for name in ("description", "name", "phone"):
            response = self.submit(**{name: "x" * (MAX_LENGTHS[name] + 1)})
            self.assertEqual(response.status_code, 400, name)
            self.assertIn("o_noproof_complaint_error", response.text)
            self.assertIn(str(MAX_LENGTHS[name]), response.text)
        # a parameter no form sends, oversized
        self.assertEqual(self.submit(complaint_type="x" * 5000).status_code, 400)
        self.assertEqual(self.look_up("T" * 41, "k").status_code, 400)
        self.assertEqual(self.look_up("TS", "k" * 65).status_code, 400)
        self.assertEqual(self.count(), before)
        self.assertEqual(self.submit(description="y" * MAX_LENGTHS["description"]).status_code, 200)

    def test_bad_numbers_and_nul_bytes_get_a_400_page(self):
        """Threat T-pub-input (malformed input): a number that is not one, one too large for the database, or a
        NUL byte in any parameter gets a 400 page, not a server error; nothing is stored."""
        before = self.count()
        for values in (
            {"organization_id": "abc"},
            {"organization_id": "-3"},
            {"item_id": "99999999999999999999"},
            {"level": "1e3"},
            {"description": "bad\x00byte"},
            {"name": "\x00"},
            {"complaint_type": "other\x00"},
            {"anonymous": "1\x00"},
        ):
            response = self.submit(**values)
            self.assertEqual(response.status_code, 400, values)
            self.assertIn("o_noproof_bad_request", response.text, values)
        for query in ("level=abc", "level=99999999999999999999", "level=%00", "x=%00"):
            self.assertEqual(self.url_open(f"/noproof/complaint?{query}").status_code, 400, query)
        self.assertEqual(self.url_open("/noproof/complaint/status?number=%00").status_code, 400)
        self.assertEqual(self.look_up("TS\x00", "key").status_code, 400)
        self.assertEqual(self.count(), before)

    def test_honeypot_and_rate_limit(self):
        """Threat T-pub-flood (flood from one address): robots and more than the hourly limit of complaints from one
        address are refused, nothing more is stored."""
        before = self.count()
        response = self.submit(website_url="http://spam.example")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.count(), before)
        self.env["ir.config_parameter"].sudo().set_param("noproof_supervision.complaint_rate_limit", 2)
        self.assertEqual(self.submit().status_code, 200)
        self.assertEqual(self.submit().status_code, 200)
        flooded = self.submit()
        self.assertEqual(flooded.status_code, 429)
        self.assertEqual(self.count(), before + 2)

    def test_rate_limit_is_keyed_on_the_client_address_not_a_header(self):
        """Threat T-pub-spoof (forged X-Forwarded-For): the limit counts the address Odoo gives
        (request.httprequest.remote_addr, rewritten from the proxy's header only with proxy_mode on); a
        client-chosen X-Forwarded-For header does not open a new allowance."""
        self.env["ir.config_parameter"].sudo().set_param("noproof_supervision.complaint_rate_limit", 1)
        before = self.count()
        data = self.form_data()
        self.assertEqual(
            self.url_open("/noproof/complaint", data=data, headers={"X-Forwarded-For": "203.0.113.1"}).status_code,
            200,
        )
        data = self.form_data()
        response = self.url_open("/noproof/complaint", data=data, headers={"X-Forwarded-For": "203.0.113.2"})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.count(), before + 1)

    def test_concurrent_burst_passes_exactly_the_limit(self):
        """Threat T-pub-race (concurrent burst): twelve simultaneous submissions from one address store exactly
        the hourly limit (3); the count is taken and raised in one INSERT … ON CONFLICT … RETURNING."""
        limit, burst = 3, 12
        self.env["ir.config_parameter"].sudo().set_param("noproof_supervision.complaint_rate_limit", limit)
        before = self.count()
        data = self.form_data()
        self.cr.flush()
        cookies = self.opener.cookies.get_dict()
        url = f"{self.base_url()}/noproof/complaint"
        start = threading.Barrier(burst)
        codes = []
        lock = threading.Lock()

        def post():
            with requests.Session() as session:
                session.cookies.update(cookies)
                start.wait(timeout=30)
                code = session.post(url, data=data, timeout=60).status_code
            with lock:
                codes.append(code)

        threads = [threading.Thread(target=post) for _i in range(burst)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.cr.clear()
        self.assertEqual(sorted(codes), [200] * limit + [429] * (burst - limit))
        self.assertEqual(self.count(), before + limit)

    def test_complaint_without_content_is_refused(self):
        response = self.submit(description="  ")
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_noproof_complaint_error", response.text)


@tagged("post_install", "-at_install")
class TestComplaintRateCounter(NoproofSupervisionCase):
    """The counter itself, in real transactions of its own (outside the test server's shared one)."""

    def test_concurrent_hits_each_get_their_own_count(self):
        """Threat T-pub-race (concurrent burst): twenty threads counting the same address at once, each in
        its own committed READ COMMITTED transaction, get the counts 1 to 20 exactly once, with no
        serialization failure."""
        Rate = self.env["noproof.complaint.rate"]
        self.assertFalse(self.env.registry.in_test_mode())
        submitter = f"test-burst-{uuid.uuid4().hex}"
        burst = 20
        start = threading.Barrier(burst)
        counts, errors = [], []
        lock = threading.Lock()

        def hit():
            try:
                with self.env.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    start.wait(timeout=30)
                    count = env["noproof.complaint.rate"]._hit(submitter)
                with lock:
                    counts.append(count)
            except Exception as error:  # noqa: BLE001 (reported below)
                with lock:
                    errors.append(error)

        threads = [threading.Thread(target=hit) for _i in range(burst)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            self.assertFalse(errors)
            self.assertEqual(sorted(counts), list(range(1, burst + 1)))
        finally:
            with self.env.registry.cursor() as cr:
                cr.execute("DELETE FROM noproof_complaint_rate WHERE submitter_hash = %s", [submitter])
        self.assertFalse(Rate.search([("submitter_hash", "=", submitter)]))
