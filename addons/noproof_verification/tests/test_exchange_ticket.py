import base64
import json
import uuid
from datetime import timedelta

import requests

from odoo import Command, fields
from odoo.addons.noproof_catalog.tests.exchange_common import ExchangeCase
from odoo.addons.noproof_catalog.tools import exchange
from odoo.tests import new_test_user, tagged

from .common import VerificationFixture


@tagged("post_install", "-at_install")
class TestExchangeTicket(VerificationFixture, ExchangeCase):
    """Verification tickets to an organization on another instance, inside one server: this instance is
    its own peer and represents the City Bank. Taizhou art. 11 / Luzhou art. 11: the ticket goes through
    the verification system, with the requesting level's deadline."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.peer = cls.onboard_self(cls, organizations=cls.bank, company=cls.city)
        # The bank works on the other instance: it has no verifier here.
        cls.bank.write({"verifier_ids": [Command.clear()]})

    def remote_ticket(self):
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_deposit)
        ticket.authorization_attachment_ids = [Command.create({"name": "authorization.pdf", "raw": b"%PDF-1 ok"})]
        ticket.action_send()
        return ticket

    def outbox(self, record, message_type):
        return self.Message.sudo().search(
            [("res_model", "=", record._name), ("res_id", "=", record.id), ("message_type", "=", message_type)]
        )

    def answer_envelope(self, ticket, **payload):
        return self.envelope(
            message_type="noproof.ticket.answer",
            payload={
                "ticket": ticket.uuid,
                "result": "confirmed",
                "answer": "Deposit of 1,000 yuan confirmed.",
                "answered_at": fields.Datetime.now().strftime(exchange.TIME_FORMAT),
                "answered_by": "Bank verifier",
                "attachments": [
                    {
                        "name": "statement.pdf",
                        "mimetype": "application/pdf",
                        "data": base64.b64encode(b"%PDF-1 statement").decode(),
                    }
                ],
                **payload,
            },
        )

    def request_envelope(self, **payload):
        sent = fields.Datetime.now()
        return self.envelope(
            message_type="noproof.ticket.request",
            payload={
                "ticket": "6f1c1c1e-0000-4000-8000-000000000001",
                "reference": "XC-REMOTE-1",
                "organization": {"name": self.police.name, "code": None},
                "requesting_level": "Water Company Level",
                "requesting_organization": "Water Company Service Hall",
                "item": "New water connection",
                "certificate": "Household Certificate",
                "question": "Is the applicant registered at this address?",
                "data_kind": "electronic",
                "classification": None,
                "sent_at": sent.strftime(exchange.TIME_FORMAT),
                "deadline": (sent + timedelta(hours=24)).strftime(exchange.TIME_FORMAT),
                "applicant": {"name": "Li Lei", "id_type": "resident_id", "id_number": "33100219900307001X"},
                "authorization": [],
                **payload,
            },
        )

    def test_ticket_to_an_organization_on_another_instance_travels_as_a_message(self):
        """Taizhou art. 11: the clerk sends the ticket as usual; the requesting level's policy sets its
        deadline; the request (with the applicant's query authorization, Taizhou art. 14) waits in the
        outbox in the same transaction, and no local verifier is needed."""
        ticket = self.remote_ticket()
        self.assertEqual(ticket.state, "sent")
        self.assertEqual(ticket.exchange_peer_id, self.peer)
        self.assertTrue(ticket.deadline)
        self.assertFalse(ticket.assigned_user_id)
        message = self.outbox(ticket, "noproof.ticket.request")
        self.assertEqual(message.state, "pending")
        payload = json.loads(message.payload)
        self.assertEqual(payload["ticket"], ticket.uuid)
        self.assertEqual(payload["deadline"], ticket.deadline.strftime(exchange.TIME_FORMAT))
        self.assertEqual(payload["organization"]["name"], self.bank.name)
        self.assertEqual(base64.b64decode(payload["authorization"][0]["data"]), b"%PDF-1 ok")

    def test_answer_lands_on_the_ticket_and_its_case(self):
        """The answer of the remote verifier, with its file, lands on the original ticket and resolves its
        check; the message and its receipt are kept in the level's ledger chain."""
        ticket = self.remote_ticket()
        envelope = self.answer_envelope(ticket)
        status, receipt = self.post(envelope)
        self.assertEqual(status, 200, receipt)
        self.assertEqual(receipt["result"]["ticket"], ticket.name)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.state, "answered")
        self.assertEqual(ticket.answer_result, "confirmed")
        self.assertIn("Deposit of 1,000 yuan confirmed.", ticket.answer)
        self.assertEqual(ticket.sudo().answer_attachment_ids.raw, b"%PDF-1 statement")
        self.assertNotEqual(ticket.check_id.state, "pending")
        entries = (
            self.env["noproof.ledger.entry"]
            .sudo()
            .search(
                [
                    ("entry_type", "=", "exchange_message"),
                    ("res_model", "=", "noproof.exchange.message"),
                    ("res_id", "=", self.received(envelope).id),
                ]
            )
        )
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.company_id, self.city)
        self.assertEqual(entries.result, self.received(envelope).content_hash)

    def test_answer_delivered_twice_is_processed_once(self):
        """The same answer delivered again gets the same receipt and does not answer the ticket twice."""
        ticket = self.remote_ticket()
        envelope = self.answer_envelope(ticket)
        first = self.post(envelope)
        again = self.Key._noproof_sign(
            exchange.unsigned(dict(envelope, sent_at=fields.Datetime.now().strftime(exchange.TIME_FORMAT)))
        )
        second = self.post(again)
        self.assertEqual(first, second)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.state, "answered")
        self.assertEqual(len(ticket.sudo().answer_attachment_ids), 1)

    def test_answer_for_an_organization_the_peer_does_not_represent_is_refused(self):
        """Threat: a peer answers a ticket addressed to an organization it does not represent (here a
        ticket to the police, which works on this instance)."""
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship)
        ticket.action_send()
        envelope = self.answer_envelope(ticket, attachments=[])
        status, answer = self.post(envelope)
        self.assertEqual((status, answer["error"]), (422, "refused"), answer)
        self.assertIn("does not represent", answer["message"])
        ticket.invalidate_recordset()
        self.assertEqual(ticket.state, "sent")
        self.assertFalse(self.received(envelope), "nothing is written")

    def test_oversized_attachment_is_refused(self):
        """Threat: a peer floods the level with large files; an answer with a file over the limit is
        refused whole and the ticket stays waiting."""
        self.env["ir.config_parameter"].sudo().set_param("noproof_exchange.max_attachment_bytes", "1000")
        ticket = self.remote_ticket()
        envelope = self.answer_envelope(
            ticket, attachments=[{"name": "big.pdf", "data": base64.b64encode(b"x" * 2000).decode()}]
        )
        status, answer = self.post(envelope)
        self.assertEqual((status, answer["error"]), (422, "refused"), answer)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.state, "sent")
        self.assertFalse(self.received(envelope))

    def test_request_lands_in_the_verifiers_inbox_with_the_same_deadline(self):
        """A ticket from another instance arrives in the inbox of the organization's designated verifiers,
        with the deadline the requesting level set; the answer travels back as a message."""
        envelope = self.request_envelope()
        status, receipt = self.post(envelope)
        self.assertEqual(status, 200, receipt)
        incoming = (
            self.env["noproof.exchange.ticket"].sudo().search([("remote_uuid", "=", envelope["payload"]["ticket"])])
        )
        self.assertEqual(incoming.organization_id, self.police)
        self.assertIn(incoming.assigned_user_id, self.verifier | self.verifier2)
        self.assertEqual(incoming.deadline.strftime(exchange.TIME_FORMAT), envelope["payload"]["deadline"])
        self.assertEqual(incoming.applicant_id_number_masked, "331***********001X")
        self.assertEqual(
            incoming.activity_ids.activity_type_id,
            self.env.ref("noproof_verification.mail_activity_type_exchange_ticket_answer"),
        )
        self.assertEqual(incoming.activity_ids.user_id, incoming.assigned_user_id)
        verifier = incoming.assigned_user_id
        mine = incoming.with_user(verifier)
        mine.write({"draft_result": "not_found", "draft_answer": "No such registration."})
        mine.action_send_answer()
        self.assertEqual(incoming.state, "answered")
        message = self.outbox(incoming, "noproof.ticket.answer")
        self.assertEqual(json.loads(message.payload)["ticket"], envelope["payload"]["ticket"])

    def test_only_the_organizations_verifiers_see_and_answer_it(self):
        """Threat: a verifier of another organization reads or answers a ticket from another instance."""
        self.post(self.request_envelope())
        incoming = self.env["noproof.exchange.ticket"].sudo().search([], limit=1, order="id desc")
        self.authenticate(self.bank_verifier.login, self.bank_verifier.login)
        self.assertRefused("noproof.exchange.ticket", "read", [incoming.ids, ["question"]], error="AccessError")
        self.authenticate(self.verifier.login, self.verifier.login)
        self.assertRefused("noproof.exchange.ticket", "write", [incoming.ids, {"state": "answered"}], error="UserError")
        self.call_kw("noproof.exchange.ticket", "read", [incoming.ids, ["question"]])

    def test_request_for_an_unknown_organization_is_refused(self):
        """A request addressed to an organization that does not work on this instance is refused, and
        so is one for the bank, which this instance knows as working elsewhere."""
        for organization in ({"name": "Nobody", "code": None}, {"name": self.bank.name, "code": None}):
            envelope = self.request_envelope(organization=organization)
            status, answer = self.post(envelope)
            self.assertEqual((status, answer["error"]), (422, "refused"), answer)
            self.assertFalse(self.received(envelope))
        self.assertFalse(self.env["noproof.exchange.ticket"].sudo().search_count([]))

    def test_batch_of_requests_each_goes_to_its_organization(self):
        """Issue 14: the organization a batch's tickets are addressed to is looked up once per batch; each
        request of a batch still lands with its own organization, and one for an organization working
        elsewhere or unknown is refused alone."""
        addressed = [self.police, self.county_police, self.bank, self.police, None, self.county_police]
        landing = [self.police, self.county_police, None, self.police, None, self.county_police]
        envelopes = [
            self.request_envelope(
                ticket=str(uuid.uuid4()),
                organization={"name": organization.name if organization else "Nobody", "code": None},
            )
            for organization in addressed
        ]
        self.env.flush_all()
        response = requests.post(
            self.own_url + exchange.BATCH_INBOX_PATH,
            data=exchange.canonical({"protocol": exchange.PROTOCOL, "messages": envelopes}),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        answers = response.json()["answers"]
        self.assertEqual([answer["status"] for answer in answers], [200, 200, 422, 200, 422, 200], answers)
        Incoming = self.env["noproof.exchange.ticket"].sudo()
        for envelope, organization in zip(envelopes, landing, strict=True):
            incoming = Incoming.search([("remote_uuid", "=", envelope["payload"]["ticket"])])
            self.assertEqual(incoming.organization_id, organization or Incoming.organization_id)
            self.assertEqual(bool(self.received(envelope)), bool(organization))

    def test_malformed_request_is_refused(self):
        for payload in ({"deadline": "tomorrow"}, {"data_kind": "rumour"}, {"applicant": "Li Lei"}, {"question": ""}):
            envelope = self.request_envelope(**payload)
            status, answer = self.post(envelope)
            self.assertIn(status, (400, 422), answer)
            self.assertFalse(self.received(envelope))
        self.assertFalse(self.env["noproof.exchange.ticket"].sudo().search_count([]))

    def test_overdue_escalation_stays_on_the_requesting_side(self):
        """Taizhou art. 11 ¶3: an overdue ticket to another instance is escalated by the requesting level."""
        ticket = self.remote_ticket()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE noproof_verification_ticket SET deadline = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=1), ticket.id],
        )
        ticket.invalidate_recordset()
        self.env["noproof.verification.ticket"]._noproof_process_overdue()
        self.assertTrue(ticket.sudo().escalation_ids)

    def test_cancelled_remote_ticket_tells_the_other_instance(self):
        ticket = self.remote_ticket()
        ticket.with_user(self.clerk).action_cancel()
        self.assertTrue(self.outbox(ticket, "noproof.ticket.cancel"))

    # ---------------------------------------------------- personal data, per group
    def received_ticket(self):
        envelope = self.request_envelope()
        status, receipt = self.post(envelope)
        self.assertEqual(status, 200, receipt)
        return self.env["noproof.exchange.ticket"].sudo().search([("remote_uuid", "=", envelope["payload"]["ticket"])])

    def reveals(self, ticket):
        return (
            self.env["noproof.access.log"]
            .sudo()
            .search([("res_model", "=", ticket._name), ("res_id", "=", ticket.id)], order="id")
        )

    def read_number(self, user, ticket, field="applicant_id_number_shown"):
        self.authenticate(user.login, user.login)
        return self.call_kw(ticket._name, "read", [ticket.ids, [field]])[0][field]

    def test_whole_number_for_its_verifiers_only_and_logged(self):
        """Taizhou art. 16, Luzhou art. 18 (information obtained serves no unrelated purpose), per group over
        JSON-RPC: the designated verifiers of the assisting organization read the applicant's whole identity
        number while the ticket waits for their answer, each read written to the access log under the ticket;
        the office and the manager read it masked, unlogged; a verifier of another organization and a clerk
        read no ticket at all; an administrator reading the stored number gets it masked and cannot export it;
        once answered, the verifiers see it masked too."""
        ticket = self.received_ticket()
        whole, masked = "33100219900307001X", "331***********001X"
        for verifier in (self.verifier, self.verifier2):
            with self.subTest(user=verifier.login):
                self.assertEqual(self.read_number(verifier, ticket), whole)
                log = self.reveals(ticket)[-1]
                self.assertRecordValues(
                    log,
                    [
                        {
                            "user_id": verifier.id,
                            "partner_id": False,
                            "partner_name": "Li Lei",
                            "id_number_masked": masked,
                            "company_id": self.city.id,
                            "access_type": "read",
                        }
                    ],
                )
        logged = len(self.reveals(ticket))
        self.assertEqual(logged, 2)
        for user in (self.office, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(self.read_number(user, ticket), masked)
        for user in (self.bank_verifier, self.clerk):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertRefused(
                    ticket._name, "read", [ticket.ids, ["applicant_id_number_shown"]], error="AccessError"
                )
        admin = new_test_user(
            self.env,
            login="v_exchange_admin",
            groups="base.group_system,noproof_catalog.group_office",
            company_id=self.city.id,
            company_ids=[Command.set(self.city.ids)],
        )
        self.assertEqual(self.read_number(admin, ticket, "applicant_id_number"), masked)
        self.assertEqual(self.read_number(admin, ticket), masked)
        response = self.export(ticket._name, ticket.ids, ["applicant_id_number"])
        self.assertNotIn(whole, response.text)
        self.assertEqual(len(self.reveals(ticket)), logged, "masked reads are not logged")
        ticket.with_user(self.verifier).write({"draft_result": "not_found", "draft_answer": "No such registration."})
        ticket.with_user(self.verifier).action_send_answer()
        self.assertEqual(self.read_number(self.verifier, ticket), masked)
        self.assertEqual(len(self.reveals(ticket)), logged)
