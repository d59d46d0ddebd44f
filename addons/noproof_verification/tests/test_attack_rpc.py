"""Issue 11: the verification rules hold against what any signed-in user's browser can send.

Each test signs in as a demo role and calls Odoo's own JSON-RPC routes (``/web/dataset/call_kw``,
``/web/dataset/call_button``, ``/web/export``, ``/report/html``), expecting a clear refusal and nothing
written. The docstrings name the threat."""

from odoo import Command, fields
from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase, RpcRefused
from odoo.tests import tagged

ZHANG = "331002198503121231"


@tagged("post_install", "-at_install")
class TestVerificationAttackRpc(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"]
        cls.users = {
            login: Users.search([("login", "=", login)], limit=1)
            for login in ("np_clerk", "np_verifier", "lz_clerk", "lz_verifier", "np_manager", "lz_manager", "np_office")
        }
        cls.np_clerk = cls.users["np_clerk"]
        cls.applicant = cls.env.ref("noproof_catalog.partner_applicant_zhang")
        cls.item = cls.env["noproof.service.item"].search(
            [
                ("organization_id", "in", cls.np_clerk.noproof_organization_ids.ids),
                ("rule_ids.disposition", "=", "assistance"),
                ("rule_ids.state", "=", "active"),
            ],
            limit=1,
        )
        Case = cls.env["noproof.case"].with_user(cls.np_clerk)
        cls.case = Case.create({"item_id": cls.item.id, "applicant_id": cls.applicant.id})
        cls.check = cls.case.check_ids.filtered(lambda check: check.disposition == "assistance")[:1]
        action = cls.check.action_create_ticket()
        cls.ticket = cls.env["noproof.verification.ticket"].with_user(cls.np_clerk).browse(action["res_id"])
        cls.ticket.action_send()
        cls.cancelled = Case.create({"item_id": cls.item.id, "applicant_id": cls.applicant.id})
        cls.cancelled.action_cancel()
        cls.tz_source = cls.env["noproof.data.source"].search(
            [("company_id", "=", cls.env.ref("base.main_company").id)], limit=1
        )
        cls.lz_source = cls.env["noproof.data.source"].search(
            [("company_id", "=", cls.env.ref("noproof_catalog.company_luzhou").id)], limit=1
        )
        cls.tz_source.sudo().api_key = "tz-secret-key-0123456789"
        cls.lz_source.sudo().api_key = "lz-secret-key-0123456789"

    def refused(self, login, model, method, args, kwargs=None, error=None):
        self.sign_in(login)
        return self.assertRefused(model, method, args, kwargs, error=error)

    # ------------------------------------------------------------ T1: state by RPC
    def test_clerk_cannot_approve_a_cancelled_case_by_write(self):
        """Threat T1 (state by RPC): a window clerk writes state='approved' on a case that was cancelled (or
        on one still open) over JSON-RPC; it is refused and the case keeps its state."""
        for case, state in ((self.cancelled, "cancelled"), (self.case, "open")):
            with self.subTest(state=state):
                self.refused(
                    "np_clerk",
                    "noproof.case",
                    "write",
                    [case.ids, {"state": "approved", "date_decided": fields.Datetime.to_string(fields.Datetime.now())}],
                    error="UserError",
                )
                case.invalidate_recordset()
                self.assertEqual(case.state, state)

    def test_clerk_cannot_create_a_case_already_decided_or_backdated(self):
        """Threat T1 (state by RPC, on create): a clerk creates a case already approved, or opened a month ago
        to shorten its assessed time; refused, nothing created."""
        count = self.env["noproof.case"].search_count([])
        for values in ({"state": "approved"}, {"date_opened": "2020-01-01 08:00:00"}):
            with self.subTest(values=values):
                self.refused(
                    "np_clerk",
                    "noproof.case",
                    "create",
                    [{"item_id": self.item.id, "applicant_id": self.applicant.id, **values}],
                    error="UserError",
                )
        self.assertEqual(self.env["noproof.case"].search_count([]), count)

    def test_a_default_context_key_does_not_set_a_workflow_field(self):
        """Threat T1 (context key): a clerk creates a case with ``default_state='approved'`` in the context
        (any JSON-RPC caller can set it); the case starts in progress like any other."""
        self.sign_in("np_clerk")
        case_id = self.call_kw(
            "noproof.case",
            "create",
            [{"item_id": self.item.id, "applicant_id": self.applicant.id}],
            {"context": {"default_state": "approved", "default_date_decided": "2024-01-01 00:00:00"}},
        )
        case = self.env["noproof.case"].browse(case_id)
        self.assertEqual((case.state, case.date_decided), ("open", False))

    def test_clerk_cannot_mark_a_check_done(self):
        """Threat T1 (state by RPC): a clerk writes state='done' and a resolution on a check, or links evidence
        files to it, bypassing the resolution wizard; refused and unchanged."""
        upload = self.env["ir.attachment"].create({"name": "evidence.txt", "raw": b"x"})
        for values in (
            {"state": "done", "resolution": "assistance"},
            {"resolved_at": "2024-01-01 00:00:00"},
            {"attachment_ids": [Command.link(upload.id)]},
        ):
            with self.subTest(values=list(values)):
                self.refused("np_clerk", "noproof.case.check", "write", [self.check.ids, values], error="UserError")
        self.check.invalidate_recordset()
        self.assertEqual((self.check.state, self.check.resolution), ("waiting", False))

    def test_clerk_cannot_create_a_check_already_resolved(self):
        """Threat T1 (state by RPC, on create): a clerk adds a check that says the certificate is cancelled and
        resolved; refused."""
        count = self.env["noproof.case.check"].search_count([])
        self.refused(
            "np_clerk",
            "noproof.case.check",
            "create",
            [
                {
                    "case_id": self.case.id,
                    "rule_id": self.check.rule_id.id,
                    "disposition": "cancelled",
                    "state": "done",
                    "resolution": "cancelled",
                }
            ],
            error="UserError",
        )
        self.assertEqual(self.env["noproof.case.check"].search_count([]), count)

    def test_verifier_cannot_write_ticket_answers_or_timestamps(self):
        """Threat T1 (state by RPC): a verifier writes the answer, the answer or escalation timestamps of a
        ticket, or its state, instead of answering through the wizard; refused and unchanged."""
        for values in (
            {"answered_at": "2020-01-01 00:00:00"},
            {"overdue_at": False, "accepted_at": "2020-01-01 00:00:00"},
            {"answer_result": "confirmed", "answer": "forged"},
            {"state": "closed"},
        ):
            with self.subTest(values=list(values)):
                self.refused(
                    "np_verifier", "noproof.verification.ticket", "write", [self.ticket.ids, values], error="UserError"
                )
        self.ticket.invalidate_recordset()
        self.assertEqual((self.ticket.state, self.ticket.answered_at, self.ticket.answer), ("sent", False, False))

    def test_verifier_cannot_answer_through_the_internal_method(self):
        """Threat T4 (API surface): the method behind the answer wizard takes files and results as arguments;
        it cannot be called over RPC, nor can the deadline calculator."""
        self.refused(
            "np_verifier",
            "noproof.verification.ticket",
            "action_answer",
            [self.ticket.ids, "confirmed", "forged"],
            error="AccessError",
        )
        policy = self.ticket.sla_policy_id
        self.refused(
            "np_clerk",
            "noproof.sla.policy",
            "compute_deadline",
            [policy.ids, "2024-10-08 02:00:00"],
            error="AccessError",
        )
        self.assertEqual(self.ticket.state, "sent")

    def test_clerk_cannot_create_a_confirmed_data_query(self):
        """Threat T1 (forged look-up): a clerk creates a "confirmed" data query by hand, or rewrites the result
        of a logged one; refused, nothing written."""
        Query = self.env["noproof.data.query"]
        count = Query.search_count([])
        self.refused(
            "np_clerk",
            "noproof.data.query",
            "create",
            [
                {
                    "source_id": self.tz_source.id,
                    "case_id": self.case.id,
                    "state": "match",
                    "result": [{"name": "张伟"}],
                }
            ],
            error="UserError",
        )
        self.assertEqual(Query.search_count([]), count)

    def test_office_cannot_close_an_escalation_by_write(self):
        """Threat T1 (state by RPC): the office writes state='done' or another deadline on an escalation
        instead of recording its investigation; refused."""
        self.ticket.sudo()._noproof_on_overdue(fields.Datetime.now())
        escalation = self.ticket.sudo().escalation_ids
        for values in ({"state": "done"}, {"deadline": "2030-01-01 00:00:00"}):
            with self.subTest(values=list(values)):
                self.refused(
                    "np_office", "noproof.ticket.escalation", "write", [escalation.ids, values], error="UserError"
                )
        self.assertEqual(escalation.state, "open")

    def test_the_context_cannot_choose_a_resolution_the_rule_forbids(self):
        """Threat T1 (context key): the button's context (noproof_resolution) comes from the client; a clerk
        who sets it to a resolution reached only through a ticket is refused, and so is a wizard created with
        it."""
        self.refused(
            "np_clerk",
            "noproof.case.check",
            "action_open_resolve",
            [self.check.ids],
            {"context": {"noproof_resolution": "assistance"}},
            error="UserError",
        )
        wizard_id = self.call_kw(
            "noproof.check.resolve.wizard",
            "create",
            [{"check_id": self.check.id, "action": "resolve", "resolution": "assistance", "note": "forged"}],
        )
        self.assertRefused("noproof.check.resolve.wizard", "action_confirm", [[wizard_id]], error="UserError")
        self.assertEqual(self.check.state, "waiting")

    # ------------------------------------------------------- T2: personal data
    def test_the_stored_letter_is_masked_and_its_whole_number_unreadable(self):
        """Threat T2 (identity numbers): the request letter copies the applicant's whole number; read over RPC
        (read, export) it shows the masked number only, and the copy with the whole number is readable by
        system administrators only."""
        self.sign_in("np_verifier")
        [values] = self.call_kw("noproof.verification.ticket", "read", [self.ticket.ids, ["request_letter"]])
        self.assertNotIn(ZHANG, values["request_letter"])
        self.assertIn("331***********1231", values["request_letter"])
        self.assertRefused(
            "noproof.verification.ticket", "read", [self.ticket.ids, ["request_letter_full"]], error="AccessError"
        )
        response = self.export("noproof.verification.ticket", self.ticket.ids, ["request_letter"])
        self.assertNotIn(ZHANG, response.text)

    def test_printing_the_letter_reveals_the_number_only_with_a_purpose_and_is_logged(self):
        """Threat T2 (identity numbers in letters): the designated verifier of the addressed organization prints
        the letter with the whole number and the print is written to the access log; the office, which reads
        the ticket but handles neither the case nor the ticket, prints it masked."""
        Log = self.env["noproof.access.log"].sudo()
        for login, whole in (("np_verifier", True), ("np_office", False)):
            with self.subTest(login=login):
                before = Log.search_count([("partner_id", "=", self.applicant.id), ("access_type", "=", "print")])
                self.sign_in(login)
                response = self.url_open(
                    f"/report/html/noproof_verification.report_verification_ticket/{self.ticket.id}"
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(ZHANG in response.text, whole)
                self.assertIn("331***********1231" if not whole else ZHANG, response.text)
                after = Log.search_count([("partner_id", "=", self.applicant.id), ("access_type", "=", "print")])
                self.assertEqual(after - before, 1 if whole else 0)

    def test_another_citys_users_cannot_reach_the_ticket(self):
        """Threat T2 (level): a Luzhou verifier or clerk reads nothing of a Taizhou ticket or case."""
        for login, model, record in (
            ("lz_verifier", "noproof.verification.ticket", self.ticket),
            ("lz_clerk", "noproof.case", self.case),
        ):
            with self.subTest(login=login):
                self.refused(login, model, "read", [record.ids, ["name"]], error="AccessError")

    def test_a_clerk_cannot_make_a_purpose_for_another_citys_applicant(self):
        """Threat T2 (purpose forging): a case is a purpose to read the applicant's whole number, so a clerk can
        neither open a case for another city's applicant nor re-point a case of theirs to one."""
        wang = self.env.ref("noproof_catalog.partner_applicant_wang")
        wang.company_id = self.env.ref("noproof_catalog.company_luzhou")  # as the catalog's demo has it
        count = self.env["noproof.case"].search_count([])
        self.refused(
            "np_clerk",
            "noproof.case",
            "create",
            [{"item_id": self.item.id, "applicant_id": wang.id}],
            error="AccessError",
        )
        self.assertEqual(self.env["noproof.case"].search_count([]), count)
        self.assertRefused("noproof.case", "write", [self.case.ids, {"applicant_id": wang.id}], error="UserError")
        self.assertEqual(self.case.applicant_id, self.applicant)

    def test_a_case_is_opened_only_for_a_registered_applicant(self):
        """Threat T2 (purpose forging): the applicant picker offers registered applicants only; over RPC a clerk
        cannot open a case for a colleague's, a level's or any contact without an identity document."""
        colleague = self.env.ref("noproof_catalog.user_np_verifier").partner_id
        count = self.env["noproof.case"].search_count([])
        for partner in (colleague, self.env.ref("noproof_catalog.user_np_clerk").company_id.partner_id):
            self.refused(
                "np_clerk",
                "noproof.case",
                "create",
                [{"item_id": self.item.id, "applicant_id": partner.id}],
                error="ValidationError",
            )
        self.assertEqual(self.env["noproof.case"].search_count([]), count)

    # ---------------------------------------------------------- T4: secrets
    def test_data_source_keys_are_for_system_administrators_only(self):
        """Threat T4 (secrets): a configuration manager reads or exports a data source's API key over RPC;
        refused, the key never leaves the server."""
        self.sign_in("np_manager")
        self.assertRefused("noproof.data.source", "read", [self.tz_source.ids, ["api_key"]], error="AccessError")
        self.assertRefused(
            "noproof.data.source", "search_read", [[("id", "=", self.tz_source.id)], ["api_key"]], error="AccessError"
        )
        response = self.export("noproof.data.source", self.tz_source.ids, ["name", "api_key"])
        self.assertNotIn("tz-secret-key", response.text)
        self.assertRefused(
            "noproof.data.source", "write", [self.tz_source.ids, {"api_key": "mine"}], error="AccessError"
        )
        self.assertEqual(self.tz_source.sudo().api_key, "tz-secret-key-0123456789")

    def test_a_manager_cannot_read_another_citys_data_sources(self):
        """Threat T4 (level): Luzhou's configuration manager lists, reads or exports Taizhou's data sources;
        they see none of them."""
        self.sign_in("lz_manager")
        names = self.call_kw("noproof.data.source", "search_read", [[], ["company_id"]])
        luzhou = self.env.ref("noproof_catalog.company_luzhou")
        self.assertTrue(names)
        self.assertTrue(all(row["company_id"][0] in (luzhou | luzhou.child_ids).ids for row in names))
        self.assertRefused("noproof.data.source", "read", [self.tz_source.ids, ["name"]], error="AccessError")
        response = self.export("noproof.data.source", self.tz_source.ids, ["name"])
        self.assertNotIn(self.tz_source.name, response.text)

    def test_a_rule_cannot_use_another_citys_data_source(self):
        """Threat T4 (level): Taizhou's configuration manager points a certificate rule at Luzhou's data
        source; refused with a message naming the levels."""
        rule = self.item.rule_ids.filtered(lambda r: r.disposition == "data_sharing" and r.data_source_id)[:1]
        refusal = self.refused(
            "np_manager",
            "noproof.certificate.rule",
            "write",
            [rule.ids, {"data_source_id": self.lz_source.id}],
            error="ValidationError",
        )
        self.assertIn(self.lz_source.name, refusal.message)
        self.assertNotEqual(rule.data_source_id, self.lz_source)

    # ------------------------------------------------------------ T3: files
    def test_evidence_cannot_bind_a_file_the_clerk_cannot_read(self):
        """Threat T3 (files): a clerk names, in the resolution wizard, the id of a file attached to another
        city's case; it is not bound to the check (refused or dropped) and stays where it was."""
        lz_case = self.env["noproof.case"].search(
            [("company_id", "=", self.env.ref("noproof_catalog.company_luzhou").id)], limit=1
        )
        secret = self.env["ir.attachment"].create(
            {"name": "lz-commitment.pdf", "raw": b"%PDF secret", "res_model": "noproof.case", "res_id": lz_case.id}
        )
        check = self.case.check_ids.filtered(lambda c: c.state == "todo" and "voluntary" in c.allowed_resolutions)[:1]
        self.assertTrue(check, "the demo item has a check the applicant may settle with their own material")
        self.sign_in("np_clerk")
        try:
            wizard_id = self.call_kw(
                "noproof.check.resolve.wizard",
                "create",
                [
                    {
                        "check_id": check.id,
                        "action": "resolve",
                        "resolution": "voluntary",
                        "note": "Applicant's own material",
                        "attachment_ids": [[6, 0, [secret.id]]],
                    }
                ],
            )
            self.call_button("noproof.check.resolve.wizard", "action_confirm", [wizard_id])
        except RpcRefused:
            pass
        check.invalidate_recordset()
        secret.invalidate_recordset()
        self.assertNotIn(secret, check.sudo().attachment_ids)
        self.assertEqual((secret.res_model, secret.res_id), ("noproof.case", lz_case.id))
