"""Complaints forwarded to the instance where the organization complained about works, their conclusion back,
and an enterprise's evaluation figures for its supervising authority (issue 14), inside one server: this
instance is its own peer and represents the City Bank (Taizhou art. 21, Luzhou art. 24)."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.addons.noproof_catalog.tests.exchange_common import ExchangeCase
from odoo.addons.noproof_catalog.tools import exchange
from odoo.addons.noproof_verification.models.noproof_ticket_figures import PERIOD_FIGURES
from odoo.addons.noproof_verification.tests.common import VerificationFixture
from odoo.exceptions import UserError
from odoo.tests import tagged

T = exchange.TIME_FORMAT


@tagged("post_install", "-at_install")
class TestComplaintExchange(VerificationFixture, ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.peer = cls.onboard_self(cls, organizations=cls.bank, company=cls.city)
        cls.env["noproof.sla.policy"].create(
            {
                "name": "Complaints: 10 working days",
                "res_model": "noproof.complaint",
                "company_id": cls.city.id,
                "duration": 10,
                "duration_unit": "working_days",
                "time_basis": "calendar",
                "calendar_id": False,
            }
        )
        cls.window = cls.env["res.users"].create(
            {
                "name": "Supervision Window",
                "login": "x_window",
                "password": "x_window",
                "company_id": cls.city.id,
                "company_ids": [Command.set(cls.city.ids)],
                "groups_id": [Command.set(cls.env.ref("noproof_supervision.group_supervisor").ids)],
            }
        )
        cls.env["noproof.evaluation.metric"]._setup_company(cls.city.id)
        # The city's No-Proof office: its head investigates what other instances forward.
        cls.city.noproof_office_id = cls.office_org
        cls.office_org.head_id = cls.office

    # ----------------------------------------------------------------- helpers
    def complaint(self, organization=None, **values):
        return (
            self.env["noproof.complaint"]
            .with_user(self.window)
            .create(
                {
                    "company_id": self.city.id,
                    "channel": "hotline",
                    "complaint_type": "cancelled_certificate",
                    "description": "The bank asked for a cancelled deposit certificate.",
                    "target_organization_id": (organization or self.bank).id,
                    "complainant_name": "Wang Fang",
                    "complainant_phone": "13800000000",
                    "complainant_email": "wang@example.com",
                    **values,
                }
            )
        )

    def outbox(self, record, message_type):
        return self.Message.sudo().search(
            [("res_model", "=", record._name), ("res_id", "=", record.id), ("message_type", "=", message_type)]
        )

    def forward_envelope(self, **payload):
        now = fields.Datetime.now()
        return self.envelope(
            message_type="noproof.complaint.forward",
            payload={
                "complaint": "0b6f1c1e-0000-4000-8000-000000000001",
                "reference": "TS-CITY-7",
                "level": "Forwarding City",
                "channel": "hotline",
                "type": "cancelled_certificate",
                "received_at": now.strftime(T),
                "deadline": (now + timedelta(days=14)).strftime(T),
                "organization": {"name": self.police.name, "code": None},
                "item": "Household registration",
                "certificate": "Household Certificate",
                "description": "The police window asked for a household certificate.",
                "anonymous": False,
                "complainant": {"name": "Li Lei"},
                **payload,
            },
        )

    def conclusion_envelope(self, forwarded, **payload):
        return self.envelope(
            message_type="noproof.complaint.conclusion",
            payload={
                "complaint": forwarded.forward_uuid,
                "reference": "BANK-TS-1",
                "substantiated": "yes",
                "measure": "criticism",
                "conclusion": "The teller asked for the certificate; criticised and retrained.",
                "concluded_at": fields.Datetime.now().strftime(T),
                **payload,
            },
        )

    def figures(self, **values):
        return {**dict.fromkeys(PERIOD_FIGURES, 0), **values}

    def figures_envelope(self, organizations=None, **payload):
        return self.envelope(
            message_type="noproof.evaluation.figures",
            payload={
                "level": "City Bank (own instance)",
                "year": 2026,
                "month": 3,
                "computed_at": fields.Datetime.now().strftime(T),
                "organizations": organizations
                if organizations is not None
                else [
                    {
                        "name": self.bank.name,
                        "code": None,
                        "figures": self.figures(
                            cancelled_count=4,
                            case_count=10,
                            ticket_count=6,
                            on_time_count=5,
                            overdue_count=1,
                            answered_count=6,
                            median_answer_hours=2.0,
                            supplement_count=2,
                        ),
                    }
                ],
                **payload,
            },
        )

    def received_figures(self):
        return self.env["noproof.evaluation.received"].sudo().search([("peer_id", "=", self.peer.id)])

    # ------------------------------------------------------ the forwarding city
    def test_complaint_about_an_enterprise_is_forwarded_with_the_name_only(self):
        """Taizhou art. 17, 21; Luzhou art. 17, 24: a complaint about an organization working on another
        instance is forwarded there, with the city's deadline, for investigation; of the complainant only
        the name travels (Taizhou art. 16, Luzhou art. 18): no phone, e-mail or 查询码."""
        complaint = self.complaint()
        self.assertEqual(complaint.exchange_peer_id, self.peer)
        self.assertTrue(complaint.deadline)
        complaint.with_user(self.window).action_forward()
        self.assertEqual((complaint.state, complaint.forward_state), ("investigating", "forwarded"))
        self.assertEqual(complaint.forward_peer_id, self.peer)
        message = self.outbox(complaint, "noproof.complaint.forward")
        self.assertEqual(message.state, "pending")
        payload = json.loads(message.payload)
        self.assertEqual(payload["complaint"], complaint.forward_uuid)
        self.assertEqual(payload["deadline"], complaint.deadline.strftime(T))
        self.assertEqual(payload["complainant"], {"name": "Wang Fang"})
        text = message.payload
        for secret in ("13800000000", "wang@example.com", complaint.sudo().access_token):
            self.assertNotIn(secret, text)
        with self.assertRaisesRegex(UserError, "waits for its conclusion"):
            complaint.with_user(self.window).action_forward()
        # An anonymous complaint travels without a name.
        anonymous = self.complaint(anonymous=True)
        anonymous.with_user(self.window).action_forward()
        payload = json.loads(self.outbox(anonymous, "noproof.complaint.forward").payload)
        self.assertEqual((payload["anonymous"], payload["complainant"]), (True, None))

    def test_complaint_about_a_local_organization_is_not_forwarded(self):
        complaint = self.complaint(organization=self.police)
        self.assertFalse(complaint.exchange_peer_id)
        with self.assertRaisesRegex(UserError, "works on this instance"):
            complaint.with_user(self.window).action_forward()
        self.assertFalse(complaint.forward_state)

    def test_conclusion_lands_on_the_forwarded_complaint_for_review(self):
        """Taizhou art. 17, 20; Luzhou art. 17, 19: the enterprise's conclusion comes back to the original
        complaint; the investigator gets a to-do to review it, the conclusion wizard offers it, and the window
        concludes the complaint (the complainant hears from the city, which kept the contact)."""
        complaint = self.complaint()
        complaint.with_user(self.window).action_forward()
        status, receipt = self.post(self.conclusion_envelope(complaint))
        self.assertEqual(status, 200, receipt)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.forward_state, "concluded")
        self.assertEqual((complaint.forward_substantiated, complaint.forward_measure), ("yes", "criticism"))
        self.assertIn("retrained", complaint.forward_conclusion)
        self.assertEqual(complaint.forward_reference, "BANK-TS-1")
        self.assertEqual(complaint.state, "investigating", "the city reviews before it concludes")
        review = self.env.ref("noproof_supervision.mail_activity_type_complaint_review")
        self.assertEqual(complaint.activity_ids.activity_type_id, review)
        self.assertEqual(complaint.activity_ids.user_id, self.window, "the investigator who forwarded it")
        action = complaint.with_user(self.window).action_conclude()
        wizard = (
            self.env["noproof.complaint.conclude"].with_user(self.window).with_context(action["context"]).create({})
        )
        self.assertEqual((wizard.substantiated, wizard.measure), ("yes", "criticism"))
        wizard.action_confirm()
        self.assertEqual((complaint.state, complaint.substantiated), ("concluded", "yes"))
        self.assertFalse(complaint.activity_ids.filtered(lambda activity: activity.activity_type_id == review))

    def test_conclusion_refusals_change_nothing(self):
        """Threat: a peer concludes a complaint it was not given (unknown id), one about an organization it does
        not represent, or sends a malformed conclusion: refused, nothing written."""
        complaint = self.complaint()
        complaint.with_user(self.window).action_forward()
        local = self.complaint(organization=self.police)
        local._workflow().write({"forward_uuid": "1b6f1c1e-0000-4000-8000-00000000000f", "forward_state": "forwarded"})
        cases = [
            (self.conclusion_envelope(complaint, complaint="2b6f1c1e-0000-4000-8000-000000000000"), "No complaint"),
            (self.conclusion_envelope(local), "does not represent"),
            (self.conclusion_envelope(complaint, substantiated="maybe"), "Unknown value"),
            (self.conclusion_envelope(complaint, conclusion=""), "conclusion"),
            (self.conclusion_envelope(complaint, concluded_at="yesterday"), "concluded_at"),
        ]
        for envelope, reason in cases:
            status, answer = self.post(envelope)
            self.assertIn(status, (400, 422), answer)
            self.assertIn(reason, answer["message"])
            self.assertFalse(self.received(envelope), "nothing is written")
        for record in complaint | local:
            record.invalidate_recordset()
            self.assertEqual(record.forward_state, "forwarded")
            self.assertFalse(record.forward_conclusion)

    # --------------------------------------------------- the enterprise's side
    def test_forwarded_complaint_lands_with_the_office_and_the_deadline(self):
        """Taizhou art. 17, 21: the complaint arrives as a complaint of the organization's level, with the
        forwarding level's deadline, assigned to the head of its No-Proof office with a to-do; concluding it
        sends the conclusion back on its own (Taizhou art. 20, Luzhou art. 19)."""
        envelope = self.forward_envelope()
        status, receipt = self.post(envelope)
        self.assertEqual(status, 200, receipt)
        payload = envelope["payload"]
        complaint = self.env["noproof.complaint"].sudo().search([("source_uuid", "=", payload["complaint"])])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(receipt["result"], {"reference": complaint.name})
        self.assertEqual((complaint.target_organization_id, complaint.company_id), (self.police, self.city))
        self.assertEqual(complaint.deadline.strftime(T), payload["deadline"])
        self.assertEqual(complaint.investigator_id, self.office)
        self.assertEqual(
            complaint.activity_ids.activity_type_id,
            self.env.ref("noproof_supervision.mail_activity_type_complaint_forwarded"),
        )
        self.assertEqual(complaint.activity_ids.user_id, self.office)
        self.assertEqual((complaint.complainant_name, complaint.complainant_phone), ("Li Lei", False))
        self.assertEqual((complaint.source_reference, complaint.source_item), ("TS-CITY-7", "Household registration"))
        wizard = (
            self.env["noproof.complaint.conclude"]
            .with_user(self.office)
            .with_context(active_model="noproof.complaint", active_ids=complaint.ids)
            .create({"substantiated": "no", "conclusion": "The window asked for nothing of the kind."})
        )
        wizard.action_confirm()
        self.assertEqual(complaint.state, "concluded")
        message = self.outbox(complaint, "noproof.complaint.conclusion")
        sent = json.loads(message.payload)
        self.assertEqual(sent["complaint"], payload["complaint"])
        self.assertEqual((sent["substantiated"], sent["reference"]), ("no", complaint.name))
        self.assertFalse(complaint.activity_ids)

    def test_forwarded_complaint_goes_to_the_office_staff_without_heads(self):
        """Taizhou art. 17: a forwarded complaint always has someone to investigate it; with neither the office
        nor the organization headed, it goes to the office's staff."""
        self.office_org.write({"head_id": False, "user_ids": [Command.set(self.office.ids)]})
        self.police.head_id = False
        envelope = self.forward_envelope()
        status, receipt = self.post(envelope)
        self.assertEqual(status, 200, receipt)
        complaint = (
            self.env["noproof.complaint"].sudo().search([("source_uuid", "=", envelope["payload"]["complaint"])])
        )
        self.assertEqual(complaint.investigator_id, self.office)
        self.assertEqual(complaint.activity_ids.user_id, self.office)

    def test_forwarded_complaint_refusals_change_nothing(self):
        """A complaint about an organization that does not work here (unknown, or known as working on another
        instance), one received twice, or a malformed one is refused whole."""
        self.assertEqual(self.post(self.forward_envelope())[0], 200)
        count = self.env["noproof.complaint"].sudo().search_count([])
        cases = [
            (
                self.forward_envelope(
                    complaint="3b6f1c1e-0000-4000-8000-000000000001", organization={"name": "Nobody", "code": None}
                ),
                "No organization",
            ),
            (
                self.forward_envelope(
                    complaint="3b6f1c1e-0000-4000-8000-000000000002",
                    organization={"name": self.bank.name, "code": None},
                ),
                "No organization",
            ),
            (self.forward_envelope(), "already received"),
            (self.forward_envelope(complaint="3b6f1c1e-0000-4000-8000-000000000003", channel="fax"), "Unknown value"),
            (self.forward_envelope(complaint="3b6f1c1e-0000-4000-8000-000000000004", description=""), "description"),
            (self.forward_envelope(complaint="3b6f1c1e-0000-4000-8000-000000000005", complainant="Li Lei"), "name"),
            (self.forward_envelope(complaint="3b6f1c1e-0000-4000-8000-000000000006", deadline="soon"), "deadline"),
            (self.forward_envelope(complaint="3b6f1c1e-0000-4000-8000-000000000007", organization="Police"), "name"),
        ]
        for envelope, reason in cases:
            status, answer = self.post(envelope)
            self.assertIn(status, (400, 422), answer)
            self.assertIn(reason, answer["message"])
            self.assertFalse(self.received(envelope), "nothing is written")
        self.assertEqual(self.env["noproof.complaint"].sudo().search_count([]), count)

    # -------------------------------------------------------- evaluation figures
    def test_figures_reach_the_authoritys_evaluation(self):
        """Taizhou art. 18, 21; Luzhou arts. 4, 21, 24: the figures an enterprise's instance sends for a month
        are added to its line in the evaluation of a period containing that month; a later message replaces
        them, an earlier-measured one arriving late does not."""
        status, receipt = self.post(self.figures_envelope())
        self.assertEqual(status, 200, receipt)
        received = self.received_figures()
        self.assertEqual((received.organization_id, str(received.month)), (self.bank, "2026-03-01"))
        self.assertEqual((received.cancelled_count, received.ticket_count), (4, 6))
        evaluation = self.env["noproof.evaluation"].create(
            {"company_id": self.city.id, "period_type": "quarter", "year": 2026, "period_number": 1}
        )
        evaluation.action_compute()
        line = evaluation.line_ids.filtered(lambda line: line.organization_id == self.bank)
        self.assertTrue(line.received_figures)
        self.assertEqual(
            (line.cancelled_count, line.case_count, line.ticket_count, line.on_time_count, line.supplement_count),
            (4, 10, 6, 5, 2),
        )
        self.assertEqual(line.median_answer_hours, 2.0)
        self.assertFalse(
            evaluation.line_ids.filtered(lambda line: line.organization_id == self.police).received_figures
        )
        # Figures measured later replace them; a stale message does not.
        later = self.figures_envelope(
            computed_at=(fields.Datetime.now() + timedelta(minutes=1)).strftime(T),
            organizations=[{"name": self.bank.name, "code": None, "figures": self.figures(ticket_count=8)}],
        )
        self.assertEqual(self.post(later)[0], 200)
        stale = self.figures_envelope(computed_at="2026-04-01T00:00:00Z")
        self.assertEqual(self.post(stale)[1]["result"], {"organizations": 0, "kept_newer": 1})
        received.invalidate_recordset()
        self.assertEqual((len(self.received_figures()), received.ticket_count), (1, 8))
        evaluation.action_compute()
        line = evaluation.line_ids.filtered(lambda line: line.organization_id == self.bank)
        self.assertEqual((line.ticket_count, line.cancelled_count), (8, 0))
        # Other months stay out.
        other = self.env["noproof.evaluation"].create(
            {"company_id": self.city.id, "period_type": "quarter", "year": 2026, "period_number": 2}
        )
        other.action_compute()
        self.assertFalse(other.line_ids.filtered("received_figures"))

    def test_figures_refusals_change_nothing(self):
        """Threat: a peer sends figures of an organization it does not represent (one working here), of an
        organization nobody knows, or malformed figures: refused whole, nothing written."""
        bank = {"name": self.bank.name, "code": None}
        cases = [
            ([{"name": self.police.name, "code": None, "figures": self.figures()}], {}, "not an organization"),
            ([{"name": "Nobody", "code": None, "figures": self.figures()}], {}, "No organization"),
            ([{**bank, "figures": self.figures(ticket_count=-1)}], {}, "ticket_count"),
            ([{**bank, "figures": self.figures(ticket_count="6")}], {}, "ticket_count"),
            ([{**bank, "figures": {"ticket_count": 6}}], {}, "exactly"),
            ([{**bank, "figures": self.figures()}], {"month": 13}, "month"),
            ([], {}, "organizations"),
            (["City Bank"], {}, "described"),
        ]
        for organizations, payload, reason in cases:
            envelope = self.figures_envelope(organizations=organizations, **payload)
            status, answer = self.post(envelope)
            self.assertIn(status, (400, 422), answer)
            self.assertIn(reason, answer["message"])
            self.assertFalse(self.received(envelope))
        self.assertFalse(self.received_figures())

    # ------------------------------------------------------------------ overview
    def test_overview_shows_undelivered_messages_per_peer(self):
        """The office's overview has a card per peer with messages waiting or refused, opening them."""
        complaint = self.complaint()
        complaint.with_user(self.window).action_forward()
        cards = {card["key"]: card for card in self.env["noproof.complaint"].with_user(self.office).noproof_overview()}
        card = cards[f"undelivered_{self.peer.id}"]
        self.assertEqual((card["model"], card["count"]), ("noproof.exchange.message", 1))
        self.assertIn(self.peer.name, card["title"])
        opened = self.env["noproof.exchange.message"].with_user(self.office).search(card["domain"])
        self.assertEqual(opened, self.outbox(complaint, "noproof.complaint.forward"))
        self.assertFalse(card["alert"], "waiting, not refused")
        # A user of another level does not see the peer's card.
        cards = self.env["noproof.complaint"].with_user(self.lz_office).noproof_overview()
        self.assertFalse([card for card in cards if card["key"].startswith("undelivered_")])

    def test_overview_shows_enterprise_lists_and_rewritten_ledgers(self):
        """Taizhou art. 21, Luzhou art. 24: the office's overview counts the lists its enterprises filed from their
        own instances that wait for its review, and alerts on a supervised level whose ledger was rewritten."""
        self.env["noproof.enterprise.list"]._workflow_create(
            [
                {
                    "name": "城市银行证明材料取消清单",
                    "peer_id": self.peer.id,
                    "company_id": self.city.id,
                    "organization_ids": [Command.set(self.bank.ids)],
                    "filing_uuid": "6f1c1c1e-0000-4000-8000-000000000099",
                    "remote_list_id": 3,
                    "version": 1,
                    "date_published": fields.Datetime.now(),
                    "date_received": fields.Datetime.now(),
                    "is_current": True,
                }
            ]
        )
        Held = self.env["noproof.ledger.peer.anchor"]
        head = {"peer_id": self.peer.id, "company_id": self.city.id, "level_ref": 9, "level_name": "城市银行"}
        Held._workflow_create(
            [
                dict(head, date=fields.Date.today() - timedelta(days=1), sequence=5, entry_hash="a" * 64, state="ok"),
                dict(head, date=fields.Date.today(), sequence=8, entry_hash="b" * 64, state="mismatch"),
            ]
        )
        cards = {card["key"]: card for card in self.env["noproof.complaint"].with_user(self.office).noproof_overview()}
        self.assertEqual(cards["enterprise_lists"]["count"], 1)
        self.assertEqual(cards["ledgers_rewritten"]["count"], 1)
        self.assertTrue(cards["ledgers_rewritten"]["alert"])
        self.assertEqual(Held.search(cards["ledgers_rewritten"]["domain"]).sequence, 8)
        # Another city's office sees neither.
        cards = {
            card["key"]: card for card in self.env["noproof.complaint"].with_user(self.lz_office).noproof_overview()
        }
        self.assertEqual((cards["enterprise_lists"]["count"], cards["ledgers_rewritten"]["count"]), (0, 0))
