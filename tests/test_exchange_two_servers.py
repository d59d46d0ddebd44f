"""Two real noproof instances on 127.0.0.1 (issue 14): the test database plays the city (the server pytest
runs), a second database the water company's instance, served by a second Odoo process that this test starts
and stops. Both are onboarded through the wizard's code; a verification ticket travels city → company, is
answered there by its verifier, and the answer comes back (delivered by the company's own queue_job runner).
Then the faults: the company's server stopped while the city sends, the same message delivered twice, a
tampered payload and a replay."""

import base64
import json
import os
import sys
import time
import uuid
from datetime import timedelta

import requests

import odoo
from odoo import Command, fields
from odoo.addons.noproof_catalog.tools import exchange
from odoo.addons.noproof_ledger.tests.common import rewrite_chain
from odoo.addons.noproof_verification.tests.common import VerificationFixture
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tests import HttpCase, tagged
from odoo.tools import config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
from local_instance import LocalInstance  # noqa: E402  (scripts/local_instance.py)

WATER = "台州市水务集团有限公司"
PYTHON = os.environ.get("NOPROOF_PYTHON", sys.executable)
# The company's daily publication of its ledger's head, run in its own database by `odoo-bin shell` (the
# scheduled action's work, for a given day): one entry recorded first so that the chain has moved.
PUBLISH_ANCHOR = """
from datetime import date
water = env["noproof.organization"].search([("kind", "=", "water")], limit=1)
env["noproof.ledger.entry"].record(
    "voluntary_provision", organization=water, applicant_name="张三", certificate_name="居住证明"
)
anchors = env["noproof.ledger.anchor"].sudo()._publish(date=date.fromisoformat("%s"))
env.cr.commit()
print("NOPROOF-ANCHORS", len(anchors))
"""


class CompanyServer(LocalInstance):
    """The water company's instance: its own database and Odoo process, on the port after the city's."""

    def __init__(self):
        port = int(config["http_port"]) + 1
        super().__init__(f"noproof_exchange_peer_{uuid.uuid4().hex[:8]}", port, config.rcfile, python=PYTHON)


@tagged("post_install", "-at_install")
class TestTwoInstances(VerificationFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.company = CompanyServer()
        cls.addClassCleanup(cls.company.drop)
        cls.company.create()
        cls.company.start()
        cls.own_url = f"http://127.0.0.1:{config['http_port']}"
        Org = cls.env["noproof.organization"]
        cls.water = Org.create(
            {"name": WATER, "company_id": cls.city.id, "kind": "water", "supervising_authority_id": cls.finance.id}
        )
        cls.cert_water = cls.env["noproof.certificate"].create(
            {"name": "Water Bill Certificate", "category": "property"}
        )
        cls.rule_water = cls.make_rule(cls.item, cls.cert_water, "assistance", assisting_organization_id=cls.water.id)
        # Onboarding, city side: the wizard's steps as the administrator clicks them.
        wizard = cls.env["noproof.exchange.onboard"].create({"base_url": cls.company.url, "company_id": cls.city.id})
        wizard.action_fetch()
        wizard.write({"fingerprint_confirmed": True, "organization_ids": [Command.set(cls.water.ids)]})
        cls.peer = cls.env["noproof.exchange.peer"].browse(wizard.action_confirm()["res_id"])
        cls.env.flush_all()
        # Onboarding, company side: its administrator runs the same wizard over the web client's RPC; the
        # city's instance represents the company's supervising authority (where it files its list).
        cls.company.connect(cls.own_url, organizations=["台州市水利局"])

    def send_ticket(self):
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_water)
        ticket.authorization_attachment_ids = [Command.create({"name": "委托书.pdf", "raw": b"%PDF-1 authorization"})]
        ticket.action_send()
        message = (
            self.env["noproof.exchange.message"]
            .sudo()
            .search([("res_model", "=", ticket._name), ("res_id", "=", ticket.id), ("direction", "=", "out")])
        )
        return ticket, message

    def deliver(self, message):
        self.env.flush_all()
        try:
            message._noproof_deliver()
        except RetryableJobError:
            return False
        return True

    def company_tickets(self, ticket):
        return self.company.sql(
            "SELECT state, deadline, applicant_name, assigned_user_id FROM noproof_exchange_ticket"
            " WHERE remote_uuid = %s",
            [ticket.uuid],
        )

    def wait_for(self, predicate, seconds=90):
        """Poll the city's own records while the company's runner calls the city's server."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            with self.registry.test_lock:
                self.env.invalidate_all()
                if predicate():
                    return True
            time.sleep(0.5)
        return False

    def test_ticket_city_to_company_answer_back_to_city(self):
        """Taizhou art. 11, Luzhou art. 11: a clerk sends a ticket to the water company, which works on its
        own instance; it arrives in the company verifier's inbox with the city's deadline; the verifier's
        answer and file come back to the ticket and its case; both sides keep both messages in the ledger."""
        ticket, message = self.send_ticket()
        self.assertTrue(self.deliver(message))
        self.assertEqual(message.state, "delivered")
        self.assertTrue(ticket.remote_reference)
        rows = self.company_tickets(ticket)
        self.assertEqual(len(rows), 1)
        state, deadline, applicant, assigned = rows[0]
        self.assertEqual((state, deadline, applicant), ("received", ticket.deadline, self.applicant.name))
        self.assertTrue(assigned)
        # The company's verifier answers in their inbox.
        verifier = self.company.login("water_verifier")
        incoming = self.company.rpc(verifier, "noproof.exchange.ticket", "search", [("remote_uuid", "=", ticket.uuid)])
        self.assertEqual(len(incoming), 1)
        attachment = self.company.rpc(
            verifier,
            "ir.attachment",
            "create",
            {
                "name": "存款证明.pdf",
                "datas": base64.b64encode(b"%PDF-1 deposit").decode(),
                "res_model": "noproof.exchange.ticket",
                "res_id": incoming[0],
            },
        )
        self.company.rpc(
            verifier,
            "noproof.exchange.ticket",
            "write",
            incoming,
            {"draft_result": "confirmed", "draft_answer": "存款属实。", "draft_attachment_ids": [(6, 0, [attachment])]},
        )
        self.company.rpc(verifier, "noproof.exchange.ticket", "action_send_answer", incoming)
        # The company's queue_job runner delivers the answer to this (the city's) server.
        self.assertTrue(self.wait_for(lambda: ticket.state == "answered"), "the answer came back")
        with self.registry.test_lock:
            self.assertEqual(ticket.answer_result, "confirmed")
            self.assertIn("存款属实。", ticket.answer)
            self.assertEqual(ticket.sudo().answer_attachment_ids.raw, b"%PDF-1 deposit")
            self.assertNotEqual(ticket.check_id.state, "pending")
            received = (
                self.env["noproof.exchange.message"]
                .sudo()
                .search([("direction", "=", "in"), ("message_type", "=", "noproof.ticket.answer")])
            )
            self.assertEqual(len(received), 1)
            city_log = (
                self.env["noproof.ledger.entry"]
                .sudo()
                .search_count(
                    [
                        ("entry_type", "=", "exchange_message"),
                        ("res_id", "in", (message | received).ids),
                        ("res_model", "=", "noproof.exchange.message"),
                    ]
                )
            )
            self.assertEqual(city_log, 2)
        company_log = self.company.sql(
            "SELECT count(*) FROM noproof_ledger_entry WHERE entry_type = 'exchange_message'"
        )[0][0]
        self.assertGreaterEqual(company_log, 2)

        # The company's job marks its message delivered when the city's reply reaches it, which
        # may be a moment after the city has stored the answer.
        def answer_state():
            return self.company.sql(
                "SELECT state FROM noproof_exchange_message WHERE direction = 'out'"
                " AND message_type = 'noproof.ticket.answer' AND payload::jsonb ->> 'ticket' = %s",
                [ticket.uuid],
            )

        self.assertTrue(self.wait_for(lambda: answer_state() == [("delivered",)], seconds=30), answer_state())

    def test_company_down_while_sending_then_delivered_once(self):
        """The company's server is stopped while the city sends: the ticket waits in the outbox (each attempt
        counted), is delivered after the restart, and processed once."""
        self.company.stop()
        try:
            ticket, message = self.send_ticket()
            self.assertFalse(self.deliver(message))
            self.assertEqual((message.state, message.attempts), ("pending", 1))
            self.assertIn("could not be reached", message.last_error)
        finally:
            self.company.start()
        self.assertTrue(self.deliver(message))
        self.assertEqual(message.state, "delivered")
        self.assertEqual(len(self.company_tickets(ticket)), 1)

    def test_same_message_twice_is_processed_once(self):
        """The same envelope delivered twice (the receipt was lost): the company answers with the same
        receipt and keeps one ticket."""
        ticket, message = self.send_ticket()
        self.assertTrue(self.deliver(message))
        envelope = json.loads(message.envelope)
        again = self.env["noproof.exchange.key"]._noproof_sign(
            exchange.unsigned(dict(envelope, sent_at=fields.Datetime.now().strftime(exchange.TIME_FORMAT)))
        )
        response = requests.post(self.company.url + exchange.INBOX_PATH, data=exchange.canonical(again), timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), json.loads(message.receipt))
        self.assertEqual(len(self.company_tickets(ticket)), 1)

    def test_tampered_payload_and_replay_are_refused(self):
        """Threat: someone between the instances changes a ticket's question or deadline, or replays a
        message id with other content: the company refuses and writes nothing."""
        ticket, message = self.send_ticket()
        envelope = message._noproof_envelope()
        before = self.company.sql("SELECT count(*) FROM noproof_exchange_message")[0][0]
        tampered = dict(envelope, payload=dict(envelope["payload"], deadline="2099-01-01T00:00:00Z"))
        response = requests.post(self.company.url + exchange.INBOX_PATH, data=exchange.canonical(tampered), timeout=60)
        self.assertEqual((response.status_code, response.json()["error"]), (403, "bad_signature"))
        self.assertTrue(self.deliver(message))
        replay = self.env["noproof.exchange.key"]._noproof_sign(
            exchange.unsigned(dict(envelope, payload=dict(envelope["payload"], question="Another question?")))
        )
        response = requests.post(self.company.url + exchange.INBOX_PATH, data=exchange.canonical(replay), timeout=60)
        self.assertEqual((response.status_code, response.json()["error"]), (409, "replay"))
        self.assertEqual(self.company.sql("SELECT count(*) FROM noproof_exchange_message")[0][0], before + 1)
        self.assertEqual(len(self.company_tickets(ticket)), 1)
        self.assertEqual(
            self.company.sql("SELECT question FROM noproof_exchange_ticket WHERE remote_uuid = %s", [ticket.uuid]),
            [(ticket.question,)],
        )

    # ------------------------------------------------------------------ daily ledger anchors (issue 14)
    def publish_company_anchor(self, day):
        """The company's instance publishes its ledger's head of ``day``; its queue_job runner sends it
        to the city. Return the company's anchor (sequence, hash)."""
        code, log = self.company.odoo("shell", "--no-http", stdin=PUBLISH_ANCHOR % day.isoformat())
        self.assertIn("NOPROOF-ANCHORS 1", log, log[-3000:])
        rows = self.company.sql(
            "SELECT company_id, sequence, entry_hash FROM noproof_ledger_anchor WHERE date = %s", [day]
        )
        self.assertEqual(len(rows), 1)
        return rows[0]

    def company_anchor_message(self, day):
        return self.company.sql(
            """SELECT message.state, message.result FROM noproof_exchange_message message
                 JOIN noproof_ledger_anchor anchor ON anchor.id = message.res_id
                WHERE message.res_model = 'noproof.ledger.anchor' AND anchor.date = %s""",
            [day],
        )

    def held_anchor(self, day):
        return (
            self.env["noproof.ledger.peer.anchor"].sudo().search([("peer_id", "=", self.peer.id), ("date", "=", day)])
        )

    def test_daily_anchor_company_to_authority(self):
        """Issue 14; Taizhou arts. 12 ¶2, 15 ¶2, Luzhou art. 15 ¶2 (records kept for inspection): the water
        company's instance sends the head of its ledger to its supervising authority's instance (the city's)
        every day, and the city holds it. Then the company's database owner rewrites an entry and re-hashes
        the chain in SQL, with the append-only trigger off: the company's next anchor gives other hashes for
        the head the city holds, the city keeps it as rewritten and the company's receipt says so."""
        today = fields.Date.context_today(self.env["noproof.ledger.anchor"])
        first_day, next_day = today - timedelta(days=2), today - timedelta(days=1)
        level_id, sequence, head_hash = self.publish_company_anchor(first_day)
        self.assertTrue(self.wait_for(lambda: bool(self.held_anchor(first_day))), "the city holds the head")
        with self.registry.test_lock:
            self.env.invalidate_all()
            self.assertRecordValues(
                self.held_anchor(first_day),
                [{"level_ref": level_id, "sequence": sequence, "entry_hash": head_hash, "state": "ok"}],
            )
        delivered = lambda day: [row[0] for row in self.company_anchor_message(day)] == ["delivered"]  # noqa: E731
        self.assertTrue(self.wait_for(lambda: delivered(first_day), seconds=30), self.company_anchor_message(first_day))
        # The rewrite: entry #1 changed and every hash after it re-computed, in the company's database.
        with odoo.sql_db.db_connect(self.company.db).cursor() as cr:
            rewrite_chain(cr, level_id, 1, applicant_name="改写的申请人")
        self.publish_company_anchor(next_day)
        self.assertTrue(self.wait_for(lambda: bool(self.held_anchor(next_day))), "the city holds the next head")
        with self.registry.test_lock:
            self.env.invalidate_all()
            held = self.held_anchor(next_day)
            self.assertEqual((held.state, held.mismatch_sequence), ("mismatch", sequence))
            self.assertIn(head_hash, held.mismatch)
            self.assertEqual(self.held_anchor(first_day).state, "ok", "what the city held stays as it was")
        self.assertTrue(self.wait_for(lambda: delivered(next_day), seconds=30), self.company_anchor_message(next_day))
        self.assertEqual(json.loads(self.company_anchor_message(next_day)[0][1])["state"], "mismatch")

    # ------------------------------------------------------------- list filing (enterprise → authority)
    def test_list_filing_company_to_authority_and_review_back(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: the water company publishes its list on its own instance; the
        published version is filed with the city's instance, which represents its supervising authority
        (台州市水利局); the city's office objects with a reason; the company's version shows the objection and
        its administrator (who published it) gets an activity to correct the list."""
        admin = self.company.login("admin")
        company_rpc = lambda *args, **kwargs: self.company.rpc(admin, *args, **kwargs)  # noqa: E731
        water = company_rpc("noproof.organization", "search", [("name", "=", WATER)])
        certificate = company_rpc("noproof.certificate", "create", {"name": "用水户籍证明", "category": "identity"})
        item = company_rpc(
            "noproof.service.item", "create", {"name": "新装用水", "code": "GS-001", "organization_id": water[0]}
        )
        rule = company_rpc(
            "noproof.certificate.rule",
            "create",
            {"item_id": item, "certificate_id": certificate, "disposition": "cancelled"},
        )
        company_rpc("noproof.certificate.rule", "action_activate", [rule])
        company_list = company_rpc("noproof.cancellation.list", "create", {"name": "台州市水务集团证明材料取消清单"})
        company_rpc("noproof.cancellation.list", "action_publish", [company_list])
        self.assertEqual(
            company_rpc("noproof.cancellation.list", "read", [company_list], ["filing_state"])[0]["filing_state"],
            "filed",
        )
        # The company's queue_job runner delivers the filing to this (the city's) server.
        Filing = self.env["noproof.enterprise.list"].sudo()
        self.assertTrue(self.wait_for(lambda: Filing.search_count([("peer_id", "=", self.peer.id)]) == 1))
        with self.registry.test_lock:
            filing = Filing.search([("peer_id", "=", self.peer.id)])
            self.assertRecordValues(
                filing, [{"state": "filed", "company_id": self.city.id, "version": 1, "is_current": True}]
            )
            self.assertEqual(filing.organization_ids, self.water)
            self.assertEqual(filing.line_ids.mapped("certificate_name"), ["用水户籍证明"])
            self.assertEqual(filing.activity_ids.user_id, self.office, "the city office reviews it")
            filing = filing.with_user(self.office)
            filing.objection_reason = "GS-001 缺少取消依据的说明。"
            filing.action_object()
            self.assertEqual(filing.state, "objected")
            review = (
                self.env["noproof.exchange.message"]
                .sudo()
                .search([("res_model", "=", filing._name), ("res_id", "=", filing.id), ("direction", "=", "out")])
            )
        self.assertTrue(self.deliver(review), review.last_error)
        self.assertEqual(review.state, "delivered")
        state, objection, reviewer = self.company.sql(
            "SELECT filing_state, filing_objection, filing_reviewed_by FROM noproof_cancellation_list WHERE id = %s",
            [company_list],
        )[0]
        self.assertEqual((state, objection, reviewer), ("objected", "GS-001 缺少取消依据的说明。", self.office.name))
        activities = self.company.sql(
            "SELECT u.login FROM mail_activity a JOIN res_users u ON u.id = a.user_id"
            " WHERE a.res_model = 'noproof.cancellation.list' AND a.res_id = %s",
            [company_list],
        )
        # The company's No-Proof office (its head, water_office, in scripts/enterprise_setup.py) corrects the list.
        self.assertEqual(activities, [("water_office",)])

        # The company's job marks its filing delivered once the city's receipt reaches it.
        def filing_state():
            return self.company.sql(
                "SELECT state FROM noproof_exchange_message"
                " WHERE direction = 'out' AND message_type = 'noproof.list.filing'"
            )

        self.assertTrue(self.wait_for(lambda: filing_state() == [("delivered",)], seconds=30), filing_state())

    # ------------------------------------------------- complaints and evaluation figures (supervision)
    def test_complaint_forwarded_and_conclusion_back(self):
        """Taizhou art. 17, 21; Luzhou art. 17, 24: a 12345 complaint about the water company, registered at the
        city, is forwarded to the company's instance with the city's deadline and the complainant's name only;
        it lands with the company's No-Proof office with a to-do; the office concludes it there and the
        conclusion comes back to the city's complaint, which the city's window reviews and concludes. The
        company's overview works without noproof_commitment."""
        self.env["noproof.sla.policy"].create(
            {
                "name": "Complaints: 15 working days",
                "res_model": "noproof.complaint",
                "company_id": self.city.id,
                "duration": 15,
                "duration_unit": "working_days",
                "time_basis": "calendar",
                "calendar_id": False,
            }
        )
        complaint = self.env["noproof.complaint"].create(
            {
                "company_id": self.city.id,
                "channel": "hotline",
                "external_ref": "12345-2026-0001",
                "complaint_type": "cancelled_certificate",
                "target_organization_id": self.water.id,
                "description": "办理用水报装时被要求提供已取消的房屋产权证明。",
                "complainant_name": "王芳",
                "complainant_phone": "13800000000",
            }
        )
        self.assertEqual(complaint.exchange_peer_id, self.peer)
        complaint.action_forward()
        message = (
            self.env["noproof.exchange.message"]
            .sudo()
            .search([("res_model", "=", complaint._name), ("res_id", "=", complaint.id), ("direction", "=", "out")])
        )
        self.assertTrue(self.deliver(message))
        self.assertEqual(message.state, "delivered")
        self.assertTrue(complaint.forward_reference, "the company's number comes back with the receipt")
        rows = self.company.sql(
            "SELECT id, deadline, complainant_name, complainant_phone, investigator_id IS NOT NULL, state"
            " FROM noproof_complaint WHERE source_uuid = %s",
            [complaint.forward_uuid],
        )
        self.assertEqual(len(rows), 1)
        remote_id, deadline, name, phone, assigned, state = rows[0]
        self.assertEqual((deadline, name, phone, assigned, state), (complaint.deadline, "王芳", None, True, "new"))
        office = self.company.login("water_office")
        todo = self.company.rpc(
            office,
            "mail.activity",
            "search_count",
            [("res_model", "=", "noproof.complaint"), ("res_id", "=", remote_id)],
        )
        self.assertEqual(todo, 1)
        cards = self.company.rpc(office, "noproof.complaint", "noproof_overview")
        self.assertNotIn("commitments_overdue", {card["key"] for card in cards}, "noproof_commitment is absent")
        context = {"active_model": "noproof.complaint", "active_ids": [remote_id]}
        wizard = self.company.rpc(
            office,
            "noproof.complaint.conclude",
            "create",
            {"substantiated": "yes", "measure": "criticism", "conclusion": "营业厅员工索要已取消证明，已批评教育。"},
            context=context,
        )
        self.company.rpc(office, "noproof.complaint.conclude", "action_confirm", [wizard], context=context)
        # The company's queue_job runner delivers the conclusion to this (the city's) server.
        self.assertTrue(self.wait_for(lambda: complaint.forward_state == "concluded"), "the conclusion came back")
        with self.registry.test_lock:
            self.assertEqual((complaint.forward_substantiated, complaint.forward_measure), ("yes", "criticism"))
            self.assertIn("已批评教育", complaint.forward_conclusion)
            self.assertEqual(complaint.state, "investigating", "the city's window reviews it")
            action = complaint.action_conclude()
            wizard = self.env["noproof.complaint.conclude"].with_context(action["context"]).create({})
            self.assertEqual(wizard.substantiated, "yes")
            wizard.action_confirm()
            self.assertEqual(complaint.state, "concluded")

    def test_evaluation_figures_reach_authority(self):
        """Taizhou art. 18, 21; Luzhou arts. 4, 21, 24: the water company's instance sends last month's figures
        (here a certificate it cancelled for its own service) to its supervising authority's instance, the
        city's; the city's evaluation of that month counts them in the water company's line."""
        admin = self.company.login("admin")
        water = self.company.rpc(admin, "noproof.organization", "search", [("name", "=", WATER)])
        certificate = self.company.rpc(
            admin, "noproof.certificate", "create", {"name": "房屋产权证明", "category": "property"}
        )
        item = self.company.rpc(
            admin,
            "noproof.service.item",
            "create",
            {"name": "居民用水报装", "code": "WATER-1", "organization_id": water[0], "handling_type": "immediate"},
        )
        rule = self.company.rpc(
            admin,
            "noproof.certificate.rule",
            "create",
            {"item_id": item, "certificate_id": certificate, "disposition": "cancelled", "date_start": "2019-06-01"},
        )
        # The company's database outlives the test: what it adds goes again, so the other walks see its
        # catalog as the setup left it.
        self.addCleanup(self.company.rpc, admin, "noproof.certificate", "unlink", [certificate])
        self.addCleanup(self.company.rpc, admin, "noproof.service.item", "unlink", [item])
        self.addCleanup(self.company.rpc, admin, "noproof.certificate.rule", "unlink", [rule])
        self.company.rpc(admin, "noproof.certificate.rule", "action_activate", [rule])
        peer = self.company.rpc(admin, "noproof.exchange.peer", "search", [("instance", "!=", False)])
        self.assertEqual(len(peer), 1)
        self.company.rpc(admin, "noproof.exchange.peer", "action_send_evaluation_figures", peer)
        Received = self.env["noproof.evaluation.received"].sudo()
        self.assertTrue(
            self.wait_for(lambda: Received.search_count([("organization_id", "=", self.water.id)]) == 1),
            "the figures came",
        )
        with self.registry.test_lock:
            year, month = self.env["noproof.ticket.figures"]._noproof_last_month()
            received = Received.search([("organization_id", "=", self.water.id)])
            self.assertEqual((received.month.year, received.month.month), (year, month))
            self.assertEqual((received.cancelled_count, received.peer_id), (1, self.peer))
            self.env["noproof.evaluation.metric"]._setup_company(self.city.id)
            evaluation = self.env["noproof.evaluation"].create(
                {"company_id": self.city.id, "period_type": "month", "year": year, "period_number": month}
            )
            evaluation.action_compute()
            line = evaluation.line_ids.filtered(lambda line: line.organization_id == self.water)
            self.assertTrue(line.received_figures)
            self.assertEqual(line.cancelled_count, 1)
