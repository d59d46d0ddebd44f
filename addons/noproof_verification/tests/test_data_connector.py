import json
import socket
import threading
import time
import uuid

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import VerificationFixture


@tagged("post_install", "-at_install")
class TestDataConnector(VerificationFixture, HttpCase):
    """Shared-data look-ups through the HTTP JSON connector, against the datasets this very instance serves
    (Luzhou art. 13: birth, death, household, real estate, vehicle, social security)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        Dataset = cls.env["noproof.dataset"]
        cls.household = Dataset.create(
            {
                "name": "Household",
                "code": "t-household",
                "kind": "household",
                "company_id": cls.city.id,
                "record_ids": [
                    Command.create(
                        {
                            "subject_id_number": "331002198503121231",
                            "subject_name": "Zhang Wei",
                            "data": {"name": "Zhang Wei", "household_size": 3, "address": "88 Yunxi Road"},
                        }
                    )
                ],
            }
        )
        cls.real_estate = Dataset.create(
            {
                "name": "Real Estate",
                "code": "t-real-estate",
                "kind": "real_estate",
                "company_id": cls.city.id,
            }
        )
        cls.client = new_test_user(
            cls.env,
            login="v_data_client",
            lang="en_US",
            groups="base.group_user,noproof_verification.group_data_client",
        )
        cls.stranger = new_test_user(cls.env, login="v_data_stranger", groups="base.group_user", lang="en_US")
        cls.key = cls.env["noproof.data.source"]._noproof_connect_own_datasets(
            {cls.household_source.id: "t-household", cls.real_estate_source.id: "t-real-estate"},
            cls.client.id,
            base_url=cls.base_url(),
        )
        cls.stranger_key = cls.env["res.users.apikeys"].with_user(cls.stranger).sudo()._generate(None, "stranger", None)

    def look_up(self, case, rule):
        check = self.check_of(case, rule).with_user(self.clerk)
        notification = check.action_query_data()
        return check, check.query_ids.sorted("id")[-1:], notification

    def post(self, path, payload, key=None, raw=None, nonce=None, timestamp=None, extra_headers=None):
        headers = {
            "Content-Type": "application/json",
            "X-Noproof-Nonce": nonce or uuid.uuid4().hex,
            "X-Noproof-Timestamp": str(int(time.time()) if timestamp is None else timestamp),
            **(extra_headers or {}),
        }
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return self.opener.post(
            self.base_url() + path, data=raw if raw is not None else json.dumps(payload), headers=headers, timeout=10
        )

    def test_matching_shared_data_resolves_the_check(self):
        """Taizhou art. 10: information available through sharing is checked there, not asked of the
        applicant; each query is kept with its purpose and result."""
        case = self.open_case(properties={"household_size": 3})
        check, query, notification = self.look_up(case, self.rule_household)
        self.assertEqual(notification["params"]["type"], "success")
        self.assertEqual((query.state, query.record_count), ("match", 1))
        self.assertEqual(query.case_id, case)
        self.assertEqual(query.user_id, self.clerk)
        self.assertEqual(query.result, [{"Name": "Zhang Wei", "Household Size": 3, "Address": "88 Yunxi Road"}])
        self.assertIn("✓", query.comparison)
        self.assertEqual((check.state, check.resolution), ("done", "data_sharing"))
        entry = (
            self.env["noproof.ledger.entry"].sudo().search([("res_model", "=", query._name), ("res_id", "=", query.id)])
        )
        self.assertEqual((entry.entry_type, entry.purpose), ("data_query", case.name))

    def test_a_mismatch_with_the_application_opens_a_discrepancy(self):
        """Taizhou art. 12: shared data that disagrees with what the applicant declared lets the clerk ask for a
        supplement."""
        case = self.open_case(properties={"household_size": 4})
        check, query, notification = self.look_up(case, self.rule_household)
        self.assertEqual(query.state, "mismatch")
        self.assertIn("✗", query.comparison)
        self.assertEqual(notification["params"]["type"], "warning")
        self.assertEqual(check.state, "discrepancy")
        check._noproof_request_supplement("Household register page of the fourth member", self.cert_household)
        self.assertEqual(check.state, "supplement")

    def test_facts_proven_by_the_absence_of_a_record(self):
        """No housing is proven when the real-estate register holds nothing for the applicant."""
        case = self.open_case()
        check, query, _notification = self.look_up(case, self.rule_no_housing)
        self.assertEqual((query.state, check.state), ("not_found", "done"))
        self.real_estate.record_ids = [
            Command.create(
                {
                    "subject_id_number": "331002198503121231",
                    "subject_name": "Zhang Wei",
                    "data": {"name": "Zhang Wei", "address": "3-502 Yunxi Estate"},
                }
            )
        ]
        case = self.open_case()
        check, query, _notification = self.look_up(case, self.rule_no_housing)
        self.assertEqual((query.state, check.state), ("match", "discrepancy"))

    def test_a_refused_key_is_shown_to_the_clerk_and_changes_nothing_else(self):
        """Bad input: the remote side refuses the connector's credentials."""
        for key, status in (("0123456789abcdef" * 2 + "00000000", "401"), (self.stranger_key, "403")):
            with self.subTest(status=status):
                self.household_source.api_key = key
                case = self.open_case(properties={"household_size": 3})
                check, query, notification = self.look_up(case, self.rule_household)
                self.assertEqual(query.state, "error")
                self.assertIn(status, query.error_message)
                self.assertEqual(notification["params"]["type"], "danger")
                self.assertEqual(check.state, "todo")
                self.assertFalse(
                    self.env["noproof.ledger.entry"]
                    .sudo()
                    .search([("res_model", "=", query._name), ("res_id", "=", query.id)])
                )

    def test_a_remote_source_that_times_out(self):
        """Bad input: a remote source that does not answer in time is reported; the check is unchanged."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        accepted = []
        thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
        thread.start()
        self.addCleanup(listener.close)
        self.addCleanup(lambda: [conn.close() for conn, _addr in accepted])
        self.household_source.write(
            {
                "endpoint_url": f"http://127.0.0.1:{listener.getsockname()[1]}/noproof/data/t-household",
                "timeout": 1,
            }
        )
        case = self.open_case(properties={"household_size": 3})
        check, query, notification = self.look_up(case, self.rule_household)
        self.assertEqual(query.state, "error")
        self.assertIn("did not answer within 1 seconds", query.error_message)
        self.assertEqual(notification["params"]["message"], query.error_message)
        self.assertEqual(check.state, "todo")

    def test_the_endpoint_refuses_malformed_and_unauthenticated_requests(self):
        """Bad input: the served endpoint answers clear errors to bad requests."""
        good = {"id_number": "331002198503121231", "purpose": "BJ-TEST"}
        response = self.post("/noproof/data/t-household", good)
        self.assertEqual(response.status_code, 401)
        response = self.post("/noproof/data/t-household", good, key="wrong" * 8)
        self.assertEqual(response.status_code, 401)
        for payload, raw, message in (
            (None, "{not json", "not valid JSON"),
            (["331002198503121231"], None, "JSON object"),
            ({"purpose": "BJ-TEST"}, None, "id_number"),
            ({"id_number": "331002198503121231"}, None, "purpose"),
        ):
            with self.subTest(message=message):
                response = self.post("/noproof/data/t-household", payload, key=self.key, raw=raw)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.json()["error"])
        response = self.post("/noproof/data/no-such-dataset", good, key=self.key)
        self.assertEqual(response.status_code, 404)
        response = self.post("/noproof/data/t-household", good, key=self.stranger_key)
        self.assertEqual(response.status_code, 403)
        response = self.post("/noproof/data/t-household", {**good, "id_number": "331002 19850312 1231"}, key=self.key)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["records"][0]["household_size"], 3)

    def test_information_serves_its_case_only(self):
        """Taizhou art. 16: every query names its purpose; there is no look-up without a case, and no query
        written by hand (threat T1: a forged "confirmed" look-up)."""
        Query = self.env["noproof.data.query"]
        count = Query.sudo().search_count([])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            Query.create({"source_id": self.household_source.id, "state": "match"})
        self.assertEqual(Query.sudo().search_count([]), count)

    def test_data_sharing_rules_need_their_data_source(self):
        """A certificate replaced by data sharing names the source it is looked up in."""
        with self.assertRaises(ValidationError) as refused:
            self.make_rule(self.immediate_item, self.cert_marital, "data_sharing")
        self.assertIn("data source", str(refused.exception))
        rule = self.make_rule(
            self.immediate_item, self.cert_marital, "data_sharing", data_source_id=self.household_source.id
        )
        with self.assertRaises(ValidationError):
            rule.data_source_id = False

    def test_connection_test_button(self):
        action = self.household_source.with_user(self.manager).action_test_connection()
        self.assertEqual(action["params"]["type"], "success")

    def test_letters_print_as_pdf(self):
        """Luzhou art. 9: the request and the response letter print as a two-page PDF (wkhtmltopdf)."""
        from io import BytesIO

        from pdfminer.pdfpage import PDFPage

        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship)
        ticket.action_send()
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = Report._render_qweb_pdf("noproof_verification.action_report_verification_ticket", ticket.ids)
        self.assertEqual(kind, "pdf")
        self.assertEqual(len(list(PDFPage.get_pages(BytesIO(pdf)))), 1)
        ticket.with_user(ticket.assigned_user_id).action_answer("confirmed", "Father and son per records")
        pdf, kind = Report._render_qweb_pdf("noproof_verification.action_report_verification_ticket", ticket.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(len(list(PDFPage.get_pages(BytesIO(pdf)))), 2)

    # ------------------------------------------------------------ issue 11 part 5: the provider
    def test_the_provider_refuses_replayed_and_stale_requests(self):
        """Threat T5 (replay): a captured request sent again, an old one, or one without nonce or time is
        refused; the nonce is kept so that even a concurrent copy fails on the unique constraint."""
        good = {"id_number": "331002198503121231", "purpose": "BJ-TEST"}
        nonce = uuid.uuid4().hex
        first = self.post("/noproof/data/t-household", good, key=self.key, nonce=nonce)
        self.assertEqual(first.status_code, 200)
        again = self.post("/noproof/data/t-household", good, key=self.key, nonce=nonce)
        self.assertEqual(again.status_code, 400)
        self.assertIn("already received", again.json()["error"])
        stale = self.post("/noproof/data/t-household", good, key=self.key, timestamp=int(time.time()) - 3600)
        self.assertEqual(stale.status_code, 400)
        self.assertIn("stale", stale.json()["error"])
        for headers, message in (({"X-Noproof-Nonce": ""}, "X-Noproof-Nonce"), ({"X-Noproof-Timestamp": "x"}, "Unix")):
            with self.subTest(message=message):
                response = self.post("/noproof/data/t-household", good, key=self.key, extra_headers=headers)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.json()["error"])
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'noproof_data_nonce' AND indexdef ILIKE '%UNIQUE%'"
        )
        self.assertTrue(self.env.cr.fetchall())

    def test_a_key_reads_only_the_datasets_granted_to_its_level(self):
        """Threat T5 (level): the API key of another city's client is refused a dataset not granted to its
        level, and served once the dataset's administrators grant it."""
        lz_client = new_test_user(
            self.env,
            login="v_lz_data_client",
            company_id=self.lz.id,
            company_ids=[Command.set(self.lz.ids)],
            groups="base.group_user,noproof_verification.group_data_client",
        )
        key = self.env["res.users.apikeys"].with_user(lz_client).sudo()._generate(None, "lz", None)
        good = {"id_number": "331002198503121231", "purpose": "LZ-TEST"}
        response = self.post("/noproof/data/t-household", good, key=key)
        self.assertEqual(response.status_code, 403)
        self.assertIn("not granted", response.json()["error"])
        self.household.client_company_ids = [Command.link(self.lz.id)]
        response = self.post("/noproof/data/t-household", good, key=key)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["records"][0]["household_size"], 3)

    def test_the_provider_reads_no_more_than_its_limit(self):
        """Threat T5 (memory exhaustion): a request body over 64 KiB is refused without being read."""
        body = json.dumps({"id_number": "331002198503121231", "purpose": "x" * (70 * 1024)})
        response = self.post("/noproof/data/t-household", None, key=self.key, raw=body)
        self.assertEqual(response.status_code, 413)
        self.assertIn("too large", response.json()["error"])

    def test_identity_numbers_are_compared_whole_and_logged_masked(self):
        """Threat T2 (identity numbers in the query log): a dataset answer that carries the subject's identity
        number is compared with the applicant's whole number, but the query keeps it masked."""
        self.household.record_ids.data = {**self.household.record_ids.data, "id_number": "331002198503121231"}
        self.household_source.field_ids = [
            Command.create({"remote_key": "id_number", "label": "ID", "compare_with": "applicant_id_number"})
        ]
        self.env.flush_all()  # the provider answers from the database, over HTTP
        case = self.open_case(properties={"household_size": 3})
        check, query, _notification = self.look_up(case, self.rule_household)
        self.assertEqual((query.state, check.state), ("match", "done"))
        self.assertEqual(query.result[0]["ID"], "331***********1231")
        self.assertNotIn("331002198503121231", query.comparison)
        self.assertIn("331***********1231", query.comparison)
