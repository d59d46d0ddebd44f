"""Issue 11, parts 2 and 5: what the connector accepts to call and read, how long shared data and whole
identity numbers are kept, and who has a purpose to read a whole number."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.noproof_data_source import MAX_RESPONSE_BYTES, NONCE_HEADER, TIMESTAMP_HEADER, DataSourceError
from .common import VerificationCase

ANSWER = {"found": True, "records": [{"name": "Zhang Wei", "household_size": 3, "address": "88 Yunxi Road"}]}


class StubProvider(BaseHTTPRequestHandler):
    """A misbehaving data provider on the loopback interface."""

    seen = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        type(self).seen.append(dict(self.headers))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "https://elsewhere.example.com/steal")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(MAX_RESPONSE_BYTES + 1))
            self.end_headers()
            self.wfile.write(b" " * 1024)
        elif self.path == "/big-undeclared":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b" " * 65536
            try:
                for _i in range(MAX_RESPONSE_BYTES // len(chunk) + 4):
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif self.path == "/drip":
            body = json.dumps(ANSWER).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
        else:
            body = json.dumps(ANSWER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


@tagged("post_install", "-at_install")
class TestConnectorLimits(VerificationCase):
    """Threat T5 (outbound exchange): the connector calls only HTTPS (or this machine), follows no redirect,
    reads a bounded answer within an overall deadline, and only hosts the level allows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), StubProvider)
        cls.server.daemon_threads = True
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}"

    def fetch(self, path, timeout=5):
        self.household_source.write({"endpoint_url": self.base + path, "timeout": timeout})
        return self.household_source._noproof_fetch("331002198503121231", "Zhang Wei", "BJ-TEST")

    def test_a_good_answer_carries_a_fresh_nonce_and_timestamp(self):
        """Threat T5 (replay): each request carries its own nonce and the time it was sent."""
        StubProvider.seen.clear()
        self.assertEqual(self.fetch("/ok"), ANSWER["records"])
        self.assertEqual(self.fetch("/ok"), ANSWER["records"])
        nonces = [headers[NONCE_HEADER] for headers in StubProvider.seen]
        self.assertEqual(len(set(nonces)), 2)
        self.assertLess(abs(int(StubProvider.seen[-1][TIMESTAMP_HEADER]) - time.time()), 5)

    def test_redirects_are_not_followed(self):
        """Threat T5 (redirect): a provider that redirects elsewhere (where the key would follow) is refused."""
        StubProvider.seen.clear()
        with self.assertRaisesRegex(DataSourceError, "redirection"):
            self.fetch("/redirect")
        self.assertEqual(len(StubProvider.seen), 1)

    def test_oversized_answers_are_not_read(self):
        """Threat T5 (memory exhaustion): an answer larger than the cap, declared or not, is refused."""
        for path in ("/big-declared", "/big-undeclared"):
            with self.subTest(path=path), self.assertRaisesRegex(DataSourceError, "more than 1024 KiB"):
                self.fetch(path)

    def test_a_dripping_answer_is_cut_at_the_overall_timeout(self):
        """Threat T5 (slow provider): an answer sent one byte at a time, each in less than the socket timeout,
        is abandoned when the source's timeout is over, not after the whole answer."""
        started = time.monotonic()
        with self.assertRaisesRegex(DataSourceError, "did not answer within 1 seconds"):
            self.fetch("/drip", timeout=1)
        self.assertLess(time.monotonic() - started, 3)

    def test_endpoints_must_be_https_except_to_this_machine(self):
        """Threat T5 (cleartext): identity numbers travel over HTTPS only; plain HTTP only to loopback."""
        source = self.household_source
        for url in (
            "http://data.example.gov.cn/x",
            "ftp://data.example.gov.cn/x",
            "https://user:pw@data.example.gov.cn/x",
        ):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                source.endpoint_url = url
        for url in (
            "https://data.example.gov.cn/noproof/data/household",
            "http://127.0.0.5:8069/x",
            "http://[::1]:8069/x",
            "http://localhost:8069/x",
        ):
            with self.subTest(url=url):
                source.endpoint_url = url

    def test_the_levels_host_allow_list(self):
        """Threat T5 (exfiltration to a foreign host): when the city lists its data hosts, its sources and its
        counties' may reach only them; another city is not bound by it."""
        self.city.noproof_data_hosts = "data.taizhou.gov.cn, backup.taizhou.gov.cn"
        with self.assertRaisesRegex(ValidationError, "not among the data-source hosts"):
            self.household_source.endpoint_url = "https://evil.example.com/noproof/data/household"
        self.household_source.endpoint_url = "https://backup.taizhou.gov.cn/noproof/data/household"
        Source = self.env["noproof.data.source"]
        values = {"name": "County Births", "kind": "birth", "api_key": "k", "company_id": self.county.id}
        with self.assertRaises(ValidationError):
            Source.create({**values, "endpoint_url": "https://evil.example.com/x"})
        Source.create({**values, "endpoint_url": "https://data.taizhou.gov.cn/x"})
        Source.create({**values, "company_id": self.lz.id, "endpoint_url": "https://data.luzhou.gov.cn/x"})
        # A source saved before the list was set is checked again when it is called.
        self.env.cr.execute(
            "UPDATE noproof_data_source SET endpoint_url = 'https://evil.example.com/x' WHERE id = %s",
            [self.household_source.id],
        )
        self.household_source.invalidate_recordset()
        with self.assertRaisesRegex(DataSourceError, "not among the data-source hosts"):
            self.household_source._noproof_fetch("331002198503121231", "Zhang Wei", "BJ-TEST")


@tagged("post_install", "-at_install")
class TestRetention(VerificationCase):
    """Issue 11 part 2: shared data found and whole numbers copied into letters are kept only for the
    level's retention period."""

    def make_query(self, case, days_ago):
        return self.env["noproof.data.query"]._workflow_create(
            [
                {
                    "source_id": self.household_source.id,
                    "case_id": case.id,
                    "applicant_id": self.applicant.id,
                    "state": "match",
                    "record_count": 1,
                    "result": [{"Name": "Zhang Wei", "ID": "331002198503121231"}],
                    "comparison": "<table><tr><td>331002198503121231</td></tr></table>",
                    "date": fields.Datetime.now() - timedelta(days=days_ago),
                }
            ]
        )

    def test_expired_results_and_letter_numbers_are_purged_once(self):
        """Threat T2 (over-retention): past the city's period (a county without its own period inherits it),
        the data found and the letter's whole number are blanked, the masked number stays, the ledger is not
        touched; a level without a period keeps them; a second run finds nothing to do."""
        self.city.noproof_retention_days = 30
        case, lz_case = self.open_case(), self.open_case(self.lz_item)
        county_case = self.open_case(self.county_item, user=self.county_clerk)
        old, recent = self.make_query(case, 40), self.make_query(case, 10)
        county_old, lz_old = self.make_query(county_case, 40), self.make_query(lz_case, 400)
        ticket = self.make_ticket(case, self.rule_kinship)
        ticket.action_send()
        ticket.sudo()._workflow().write({"sent_at": fields.Datetime.now() - timedelta(days=31)})
        Entry = self.env["noproof.ledger.entry"].sudo()
        ledger = [(entry.id, entry.entry_hash, entry.result) for entry in Entry.search([])]

        self.env["noproof.data.query"]._cron_purge_retention()

        for query in (old, county_old):
            self.assertEqual((query.result, query.comparison), (False, False))
            self.assertTrue(query.purged_at)
            self.assertEqual(query.state, "match")
        for query in (recent, lz_old):
            self.assertTrue(query.result)
            self.assertFalse(query.purged_at)
        self.assertFalse(ticket.sudo().request_letter_full)
        self.assertTrue(ticket.letter_purged_at)
        self.assertIn("331***********1231", ticket.request_letter)
        self.assertEqual([(entry.id, entry.entry_hash, entry.result) for entry in Entry.search([])], ledger)
        self.assertEqual(self.env["noproof.data.query"]._noproof_purge_retention(), (0, 0))
        # Printed after the purge, the letter carries the masked number only.
        self.assertNotIn("331002198503121231", ticket._noproof_printed_request_letters()[ticket.id])

    def test_the_purge_works_in_batches(self):
        """Thousands of expired results are blanked a batch at a time, each run saying what remains."""
        self.city.noproof_retention_days = 1
        case = self.open_case()
        for _i in range(3):
            self.make_query(case, 5)
        Query = self.env["noproof.data.query"]
        self.assertEqual(Query._noproof_purge_retention(limit=2), (2, 1))
        self.assertEqual(Query._noproof_purge_retention(limit=2), (1, 0))

    def test_the_retention_period_is_a_level_setting(self):
        """A county without its own period follows its city; its own period wins; negative periods are refused."""
        self.city.noproof_retention_days = 90
        self.assertEqual(self.county._noproof_retention(), 90)
        self.county.noproof_retention_days = 30
        self.assertEqual(self.county._noproof_retention(), 30)
        self.assertEqual(self.lz._noproof_retention(), 0)
        with self.assertRaises(ValidationError):
            self.lz.noproof_retention_days = -1


@tagged("post_install", "-at_install")
class TestIdentityPurposes(VerificationCase):
    """Issue 11 part 2: who has a purpose to read an applicant's whole identity number."""

    def test_purposes_of_clerks_and_verifiers(self):
        """Threat T2 (identity numbers): the case's clerk and the verifiers of the organization a ticket is sent to
        have a purpose (the case, the ticket); a clerk of another city, or a verifier before the ticket is sent,
        has none."""
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship)
        other = self.env["res.partner"].create({"name": "Nobody"})
        partners = (self.applicant | other).sudo()

        def purposes(user):
            return partners.with_user(user)._noproof_id_number_purposes()

        self.assertEqual(purposes(self.clerk), {self.applicant.id: case})
        self.assertEqual(purposes(self.verifier), {})
        ticket.action_send()
        self.assertEqual(purposes(self.verifier), {self.applicant.id: ticket})
        self.assertEqual(purposes(self.lz_clerk), {})
        self.assertEqual(purposes(self.lz_verifier), {})

    def test_purposes_take_a_fixed_number_of_queries(self):
        """Reading a list of applicants costs two searches, whatever their number."""
        case = self.open_case()
        self.make_ticket(case, self.rule_kinship).action_send()
        many = self.env["res.partner"].create([{"name": f"Applicant {i}"} for i in range(30)])
        partners = (self.applicant | many).with_user(self.verifier)
        partners._noproof_id_number_purposes()
        with self.assertQueryCount(__system__=4):
            self.assertEqual(list(partners._noproof_id_number_purposes()), [self.applicant.id])
