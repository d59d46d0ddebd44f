"""Attacks on supervision over the web client's own JSON-RPC, signed in as the demo roles.

Each test names the threat it covers; each expects a refusal and nothing written."""

from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase, RpcRefused
from odoo.tests import tagged

COMPLAINT = "noproof.complaint"
EVALUATION = "noproof.evaluation"
LINE = "noproof.evaluation.line"
INTERVIEW = "noproof.interview"
ESCALATION = "noproof.ticket.escalation"


@tagged("post_install", "-at_install")
class TestSupervisionAttackRpc(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env[COMPLAINT]
        cls.tz_open = Complaint.search([("company_id", "=", cls.taizhou.id), ("state", "=", "new")], limit=1)
        cls.tz_investigating = Complaint.search(
            [("company_id", "=", cls.taizhou.id), ("state", "=", "investigating")], limit=1
        )
        cls.tz_concluded = Complaint.search([("company_id", "=", cls.taizhou.id), ("state", "=", "concluded")], limit=1)
        cls.lz_complaints = Complaint.search([("company_id", "=", cls.luzhou.id)])
        cls.tz_evaluation = cls.env[EVALUATION].search([("company_id", "=", cls.taizhou.id)], limit=1)
        cls.tz_line = cls.tz_evaluation.line_ids.filtered(
            lambda line: line.organization_id != cls.tz_open.target_organization_id
        )[:1]
        cls.tz_escalation = cls.env[ESCALATION].search([("company_id", "=", cls.taizhou.id)], limit=1)
        cls.organization = cls.tz_open.target_organization_id
        assert cls.tz_open and cls.tz_investigating and cls.tz_concluded and cls.lz_complaints, "demo complaints"
        assert cls.tz_evaluation.state == "computed" and cls.tz_line, "the demo evaluation is computed"

    def snapshot(self):
        """What supervision keeps, as the database holds it."""
        self.env.flush_all()
        cr = self.env.cr
        tables = {
            "noproof_complaint": "id, state, substantiated, conclusion, measure, responsible_persons, "
            "accountability, date_received, deadline, overdue_at, sla_policy_id, date_concluded",
            "noproof_evaluation": "id, state, computed_at, year, period_number, target_score, ledger_anchor_id",
            "noproof_evaluation_line": "id, evaluation_id, organization_id, score, rank, under_target, case_count, "
            "overdue_count, on_time_count, ticket_count",
            "noproof_interview": "id, state, date_held, date_followed_up",
            "noproof_ticket_escalation": "id, state, fault, measure, findings",
        }
        state = {}
        for table, columns in tables.items():
            cr.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608 (constant names)
            state[table] = cr.fetchall()
        return state

    def assertButtonRefused(self, model, method, ids, error):
        with self.assertRaises(RpcRefused) as caught:
            self.call_button(model, method, ids)
        self.assertTrue(caught.exception.name.endswith(error), f"{model}.{method}: {caught.exception}")

    def assertNothingWritten(self, before):
        self.env.invalidate_all()
        self.assertEqual(self.snapshot(), before, "the refused call left no trace")

    # ------------------------------------------------------------ complaints
    def test_supervisor_cannot_write_a_complaint_state_or_conclusion(self):
        """Threat T-sup-state (state by RPC): the supervision window cannot write a complaint's state, conclusion,
        accountability or dates over JSON-RPC; they change only through its buttons and the conclusion wizard."""
        self.sign_in("tz_supervisor")
        before = self.snapshot()
        for vals in (
            {"state": "closed"},
            {"state": "concluded", "substantiated": "no", "conclusion": "Nothing happened"},
            {"substantiated": "no"},
            {"conclusion": "Rewritten"},
            {"measure": "none", "responsible_persons": False, "accountability": "None"},
            {"date_concluded": "2026-01-01 00:00:00"},
            {"date_received": "2020-01-01 00:00:00"},
            {"deadline": "2099-12-31 00:00:00"},
            {"overdue_at": False, "office_hours": 1.0},
            {"sla_policy_id": False},
        ):
            for complaint in (self.tz_investigating, self.tz_concluded):
                self.assertRefused(COMPLAINT, "write", [complaint.ids, vals], error="UserError")
        self.assertNothingWritten(before)

    def test_spoofed_workflow_context_is_ignored(self):
        """Threat T-sup-ctx (context spoofing): a context key with the guard's name, as a string or a list, does
        not open the workflow fields; only the model's own code holds the pass."""
        self.sign_in("tz_supervisor")
        before = self.snapshot()
        for context in (
            {"noproof_workflow": "noproof.complaint"},
            {"noproof_workflow": ["noproof.complaint"]},
            {"noproof_workflow": {"models": ["noproof.complaint"]}},
            {"noproof_complaint_workflow": True, "install_mode": True, "module": "noproof_supervision"},
        ):
            self.assertRefused(
                COMPLAINT, "write", [self.tz_investigating.ids, {"state": "closed"}], {"context": context}, "UserError"
            )
        self.assertNothingWritten(before)

    def test_supervisor_cannot_create_a_concluded_complaint(self):
        """Threat T-sup-create (workflow values on create): a complaint cannot be created already concluded,
        substantiated, backdated or with a tracking number of one's choosing."""
        self.sign_in("tz_supervisor")
        base = {
            "company_id": self.taizhou.id,
            "description": "Made up",
            "target_organization_id": self.organization.id,
        }
        before = self.snapshot()
        for vals in (
            {"state": "concluded"},
            {"state": "closed", "substantiated": "no", "conclusion": "Settled already"},
            {"substantiated": "yes", "measure": "disciplinary", "responsible_persons": "A rival"},
            {"date_received": "2020-01-01 00:00:00"},
            {"date_concluded": "2026-01-01 00:00:00"},
        ):
            self.assertRefused(COMPLAINT, "create", [[{**base, **vals}]], error="UserError")
        self.assertNothingWritten(before)
        # a tracking number given by the caller is replaced by the sequence
        complaint_id = self.call_kw(COMPLAINT, "create", [[{**base, "name": self.tz_concluded.name}]])[0]
        complaint = self.env[COMPLAINT].browse(complaint_id)
        self.assertNotEqual(complaint.name, self.tz_concluded.name)
        self.assertEqual(complaint.state, "new")

    def test_no_one_writes_the_other_instances_conclusion(self):
        """Threat T-sup-forward (a conclusion made up at the desk): the conclusion of a forwarded complaint, its
        forwarding and the origin of a received one come only through signed messages (Taizhou art. 17, 20;
        Luzhou art. 17, 19); the supervision window, the office and the administrator cannot write or create
        them over JSON-RPC, not even with the workflow's context key."""
        forged = (
            {"forward_state": "concluded"},
            {"forward_substantiated": "no", "forward_conclusion": "Nothing happened", "forward_measure": "none"},
            {"forward_concluded_at": "2026-01-01 00:00:00", "forward_reference": "FAKE-1"},
            {"forward_uuid": "4b6f1c1e-0000-4000-8000-000000000001", "forwarded_at": "2026-01-01 00:00:00"},
            {"source_uuid": "4b6f1c1e-0000-4000-8000-000000000002", "source_reference": "FAKE-2"},
            {"source_deadline": "2099-12-31 00:00:00"},
            {"source_level": "A city", "source_item": "Item", "source_certificate": "Certificate"},
        )
        base = {
            "company_id": self.taizhou.id,
            "description": "Made up",
            "target_organization_id": self.organization.id,
        }
        for login in ("tz_supervisor", "np_office", "np_manager"):
            self.sign_in(login)
            before = self.snapshot()
            for vals in forged:
                self.assertRefused(COMPLAINT, "write", [self.tz_investigating.ids, vals], error="UserError")
                self.assertRefused(
                    COMPLAINT,
                    "write",
                    [self.tz_investigating.ids, vals],
                    {"context": {"noproof_workflow": "noproof.complaint"}},
                    error="UserError",
                )
                self.assertRefused(COMPLAINT, "create", [[{**base, **vals}]], error="UserError")
            self.assertNothingWritten(before)
            self.env.invalidate_all()
            self.assertFalse(self.tz_investigating.forward_state, login)
        # Nobody writes or creates figures from another instance; the office only reads them.
        self.sign_in("np_office")
        self.refused(
            "noproof.evaluation.received",
            "create",
            [[{"organization_id": self.organization.id, "month": "2026-03-01", "ticket_count": 1}]],
            errors=("UserError", "AccessError"),
        )
        self.assertFalse(self.env["noproof.evaluation.received"].search_count([]))

    def test_office_cannot_delete_a_complaint_on_record(self):
        """Threat T-sup-erase (complaint deleted): even the office, which may delete, cannot make a registered
        complaint and its accountability disappear; only a cancelled one can go."""
        self.sign_in("np_office")
        before = self.snapshot()
        for complaint in (self.tz_open, self.tz_investigating, self.tz_concluded):
            refusal = self.assertRefused(COMPLAINT, "unlink", [complaint.ids], error="UserError")
            self.assertIn(complaint.name, refusal.message, "the refusal names the complaint")
        self.assertNothingWritten(before)

    def test_conclusion_through_the_wizard(self):
        """Taizhou art. 17, 20: the window concludes a complaint through its button; the same user's plain write
        of the same values is refused (positive control of the guard)."""
        self.sign_in("tz_supervisor")
        action = self.call_button(COMPLAINT, "action_conclude", self.tz_investigating.ids)
        self.assertEqual(action["res_model"], "noproof.complaint.conclude")
        wizard_id = self.call_kw(
            "noproof.complaint.conclude",
            "create",
            [[{"substantiated": "no", "conclusion": "The clerk asked for a commitment only."}]],
            {"context": action["context"]},
        )[0]
        self.call_button("noproof.complaint.conclude", "action_confirm", [wizard_id])
        self.env.invalidate_all()
        self.assertEqual(self.tz_investigating.state, "concluded")
        self.assertEqual(self.tz_investigating.conclusion, "The clerk asked for a commitment only.")

    def test_no_one_reads_another_citys_complaints(self):
        """Threat T-sup-level (cross-level read): a Taizhou supervisor, office or clerk sees no Luzhou complaint,
        by search or by id, nor its complainant."""
        for login in ("tz_supervisor", "np_office", "np_clerk"):
            self.sign_in(login)
            found = self.call_kw(COMPLAINT, "search_read", [[]], {"fields": ["id", "company_id"]})
            self.assertFalse({row["id"] for row in found} & set(self.lz_complaints.ids), login)
            self.assertRefused(COMPLAINT, "read", [self.lz_complaints.ids[:1], ["description"]], error="AccessError")
            self.assertRefused(
                COMPLAINT,
                "write",
                [self.lz_complaints.ids[:1], {"description": "Overwritten from Taizhou"}],
                error="AccessError",
            )
        self.sign_in("lz_supervisor")
        found = self.call_kw(COMPLAINT, "search_read", [[["company_id", "=", self.taizhou.id]]], {"fields": ["id"]})
        self.assertFalse(found)
        self.assertRefused(COMPLAINT, "read", [self.tz_open.ids, ["complainant_name"]], error="AccessError")
        groups = self.call_kw(COMPLAINT, "read_group", [[], ["company_id"], ["company_id"]], {"lazy": False})
        self.assertNotIn(self.taizhou.id, [group["company_id"][0] for group in groups if group["company_id"]])

    def test_clerk_cannot_change_a_complaint(self):
        """Threat T-sup-clerk (write without the right): a window clerk reads complaints about their organization
        but cannot change them or press the window's buttons."""
        self.sign_in("np_clerk")
        before = self.snapshot()
        self.assertRefused(COMPLAINT, "write", [self.tz_open.ids, {"description": "Withdrawn"}], error="AccessError")
        for button in ("action_investigate", "action_cancel"):
            self.assertButtonRefused(COMPLAINT, button, self.tz_open.ids, "AccessError")
        self.assertNothingWritten(before)

    # ------------------------------------------------------------ evaluations
    def test_office_cannot_change_computed_figures_or_score(self):
        """Threat T-sup-eval (figures rewritten): the office cannot change a computed evaluation's figures, score,
        rank or state, nor add or delete lines; only computing again replaces them."""
        self.sign_in("np_office")
        before = self.snapshot()
        for vals in (
            {"score": self.tz_line.score + 10},
            {"rank": self.tz_line.rank + 5},
            {"under_target": not self.tz_line.under_target},
            {"overdue_count": self.tz_line.overdue_count + 3, "ticket_count": self.tz_line.ticket_count + 3},
            {"organization_id": self.organization.id},
        ):
            self.assertRefused(LINE, "write", [self.tz_line.ids, vals], error="UserError")
        self.assertRefused(
            LINE,
            "create",
            [[{"evaluation_id": self.tz_evaluation.id, "organization_id": self.organization.id, "score": 99.0}]],
            error="UserError",
        )
        self.assertRefused(LINE, "unlink", [self.tz_line.ids], error="UserError")
        self.assertRefused(EVALUATION, "write", [self.tz_evaluation.ids, {"state": "reported"}], error="UserError")
        self.assertRefused(
            EVALUATION, "write", [self.tz_evaluation.ids, {"computed_at": "2020-01-01 00:00:00"}], error="UserError"
        )
        self.assertRefused(EVALUATION, "write", [self.tz_evaluation.ids, {"year": 2020}], error="UserError")
        self.assertRefused(
            EVALUATION,
            "create",
            [[{"company_id": self.taizhou.id, "year": 2030, "period_type": "year", "state": "reported"}]],
            error="UserError",
        )
        self.assertNothingWritten(before)

    def test_reported_evaluation_stays_frozen(self):
        """Threat T-sup-eval (report rewritten): once reported, an evaluation cannot go back to draft, take
        another target, be recomputed or deleted."""
        self.sign_in("np_office")
        self.call_button(EVALUATION, "action_report", self.tz_evaluation.ids)
        before = self.snapshot()
        self.assertButtonRefused(EVALUATION, "action_reset", self.tz_evaluation.ids, "UserError")
        self.assertButtonRefused(EVALUATION, "action_compute", self.tz_evaluation.ids, "UserError")
        self.assertRefused(EVALUATION, "write", [self.tz_evaluation.ids, {"target_score": 1.0}], error="UserError")
        self.assertRefused(EVALUATION, "unlink", [self.tz_evaluation.ids], error="UserError")
        self.assertNothingWritten(before)

    def test_other_city_cannot_touch_the_evaluation(self):
        """Threat T-sup-level (cross-level write): Luzhou's office neither reads nor recomputes Taizhou's
        evaluation."""
        self.sign_in("lz_office")
        before = self.snapshot()
        self.assertRefused(EVALUATION, "read", [self.tz_evaluation.ids, ["name"]], error="AccessError")
        self.assertButtonRefused(EVALUATION, "action_compute", self.tz_evaluation.ids, "AccessError")
        self.assertRefused(LINE, "read", [self.tz_line.ids, ["score"]], error="AccessError")
        self.assertNothingWritten(before)

    def test_interview_state_only_through_its_buttons(self):
        """Threat T-sup-state (state by RPC): an interview is not marked held or followed up by a write."""
        self.sign_in("np_office")
        interview = self.env[INTERVIEW].search([("company_id", "=", self.taizhou.id)], limit=1)
        self.assertTrue(interview, "a demo interview")
        before = self.snapshot()
        self.assertRefused(INTERVIEW, "write", [interview.ids, {"state": "followed_up"}], error="UserError")
        self.assertRefused(INTERVIEW, "write", [interview.ids, {"date_held": "2026-01-01 00:00:00"}], error="UserError")
        self.assertRefused(
            INTERVIEW,
            "create",
            [[{"organization_id": self.organization.id, "reason": "Made up", "state": "held"}]],
            error="UserError",
        )
        self.assertNothingWritten(before)

    # ------------------------------------------------------------ escalations
    def test_escalation_findings_only_through_the_wizard(self):
        """Threat T-sup-state (findings by RPC): who was at fault for an overdue ticket and the measure are
        recorded through the findings wizard only, never by a write."""
        if not self.tz_escalation:
            self.skipTest("no demo escalation")
        self.sign_in("np_office")
        before = self.snapshot()
        for vals in ({"fault": "system"}, {"measure": "None"}, {"findings": "<p>Nothing</p>"}):
            self.assertRefused(ESCALATION, "write", [self.tz_escalation.ids, vals], error="UserError")
        self.assertNothingWritten(before)
        if self.tz_escalation.state == "open":
            action = self.call_button(ESCALATION, "action_record_findings", self.tz_escalation.ids)
            wizard_id = self.call_kw(
                "noproof.escalation.findings",
                "create",
                [[{"fault": "assisting", "measure": "Criticism"}]],
                {"context": action["context"]},
            )[0]
            self.call_button("noproof.escalation.findings", "action_confirm", [wizard_id])
            self.env.invalidate_all()
            self.assertEqual(self.tz_escalation.fault, "assisting")

    # ------------------------------------------------------------ API surface
    def test_private_methods_are_not_callable(self):
        """Threat T-sup-api (internal methods over RPC): the methods that set workflow fields or serve the
        public pages are private; JSON-RPC refuses them for every role."""
        calls = [
            (COMPLAINT, "_conclude", [self.tz_investigating.ids, {"substantiated": "no", "conclusion": "x"}]),
            (COMPLAINT, "_move", [self.tz_investigating.ids, ["investigating"], "closed"]),
            (COMPLAINT, "_public_status", [self.tz_open.ids]),
            (COMPLAINT, "_overview_cards", []),
            (COMPLAINT, "_submitter_hash", ["127.0.0.1"]),
            (COMPLAINT, "_workflow", [self.tz_open.ids]),
            (COMPLAINT, "_workflow_create", [[{"state": "closed"}]]),
            (COMPLAINT, "_noproof_on_overdue", [self.tz_open.ids, "2026-01-01 00:00:00"]),
            (COMPLAINT, "_noproof_process_overdue", []),
            (EVALUATION, "_report_ledger_anchor", [self.tz_evaluation.ids]),
            (LINE, "_figures", [[], "2026-01-01", "2026-03-31"]),
            ("noproof.complaint.rate", "_hit", ["x"]),
        ]
        if self.tz_escalation:
            calls.append((ESCALATION, "_record_findings", [self.tz_escalation.ids, {"fault": "none"}]))
        for login in ("tz_supervisor", "np_office", "np_clerk"):
            self.sign_in(login)
            before = self.snapshot()
            for model, method, args in calls:
                refusal = self.assertRefused(model, method, args, error="AccessError")
                self.assertIn("cannot be called remotely", refusal.message, f"{login}: {model}.{method}")
            self.assertNothingWritten(before)
