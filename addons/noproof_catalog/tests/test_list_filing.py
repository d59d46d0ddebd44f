"""An enterprise's cancellation list filed with its supervising authority's instance (issue 14), inside one
server: the instance is its own peer and represents both the water bureau (the authority, for the enterprise
side) and the water company (for the authority side), so each message travels over HTTP for real."""

import json

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..tools import exchange
from .common import NoproofCatalogCase
from .exchange_common import ExchangeCase

FILING = "noproof.list.filing"
REVIEW = "noproof.list.filing.review"


class ListFilingCase(NoproofCatalogCase, ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        Org = cls.env["noproof.organization"]
        cls.city.noproof_statute = "taizhou"
        # The refusals are read in English (the receiving level's language).
        cls.city.partner_id.lang = "en_US"
        cls.office.lang = "en_US"
        cls.office_org.write({"user_ids": [Command.set(cls.office.ids)], "head_id": cls.office.id})
        cls.bureau = Org.create({"name": "City Water Bureau", "company_id": cls.city.id})
        # The water company's own level, as on its own instance, with its office.
        cls.water_level = cls.env["res.company"].create({"name": "Water Company Level"})
        cls.water_office = new_test_user(
            cls.env,
            login="t_water_office",
            groups="noproof_catalog.group_office",
            company_id=cls.water_level.id,
            company_ids=[Command.set(cls.water_level.ids)],
            lang="en_US",
        )
        cls.water = Org.create(
            {
                "name": "City Water Group",
                "code": "91331000MA2AAAAAAA",
                "kind": "water",
                "company_id": cls.water_level.id,
                "supervising_authority_id": cls.bureau.id,
                "user_ids": [Command.set(cls.water_office.ids)],
                "head_id": cls.water_office.id,
            }
        )
        cls.water_level.noproof_office_id = cls.water
        cls.water_item = cls.env["noproof.service.item"].create(
            {
                "name": "New Water Connection",
                "code": "GS-001",
                "company_id": cls.water_level.id,
                "organization_id": cls.water.id,
            }
        )
        cls.make_rule(cls.water_item, cls.cert_household).action_activate()
        cls.peer = cls.onboard_self(cls, organizations=cls.bureau | cls.water, company=cls.city)

    def publish_water_list(self):
        lst = self.env["noproof.cancellation.list"].create(
            {"name": "Water Company List", "company_id": self.water_level.id}
        )
        lst.with_user(self.water_office).action_publish()
        return lst

    def outbox(self, record, message_type):
        return self.Message.sudo().search(
            [
                ("direction", "=", "out"),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("message_type", "=", message_type),
            ]
        )

    def filed(self, lst):
        """Deliver the filing of ``lst`` to the authority (this server): its filed list there."""
        message = self.outbox(lst, FILING)
        self.assertFalse(self.deliver(message), message.last_error)
        self.assertEqual(message.state, "delivered", message.last_error)
        return self.env["noproof.enterprise.list"].search([("filing_uuid", "=", message.uuid)])


@tagged("post_install", "-at_install")
class TestListFiling(ListFilingCase):
    def test_published_list_is_filed_with_the_authority_in_the_same_transaction(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: a public-service enterprise works under the guidance of its
        supervising authority; the version it publishes waits in the outbox, in the publishing transaction,
        for the authority's instance, with the enterprise, the version and its lines."""
        lst = self.publish_water_list()
        message = self.outbox(lst, FILING)
        self.assertEqual((len(message), message.state, message.peer_id), (1, "pending", self.peer))
        payload = json.loads(message.payload)
        self.assertEqual(payload["organizations"], [{"name": "City Water Group", "code": "91331000MA2AAAAAAA"}])
        self.assertEqual(payload["list"]["version"], lst.version)
        self.assertEqual(payload["list"]["published_at"], lst.date_published.strftime(exchange.TIME_FORMAT))
        self.assertEqual([line["item_name"] for line in payload["lines"]], ["New Water Connection"])
        self.assertEqual(payload["lines"][0]["certificate"], "Household Certificate")
        self.assertEqual((lst.filing_state, lst.filing_authority), ("filed", self.peer.name))
        # An amendment publishes a new version: it is filed too.
        amended = lst._publish_amendment()
        self.assertEqual(json.loads(self.outbox(amended, FILING).payload)["list"]["version"], lst.version + 1)

    def test_nothing_is_sent_without_a_supervising_authority_instance(self):
        """Taizhou art. 21: a level whose organizations have no supervising authority on another instance
        (the city) files nothing."""
        self.make_rule().action_activate()
        lst = self.env["noproof.cancellation.list"].create({"name": "City List", "company_id": self.city.id})
        before = self.Message.sudo().search_count([("direction", "=", "out")])
        lst.action_publish()
        self.assertEqual(lst.state, "published")
        self.assertEqual(self.Message.sudo().search_count([("direction", "=", "out")]), before)
        self.assertFalse(lst.filing_state)

    def test_filing_arrives_for_the_office_and_its_acknowledgement_goes_back(self):
        """Taizhou art. 21, Luzhou arts. 4 and 24: the authority's office receives the enterprise's list with an
        activity, acknowledges it; the acknowledgement lands on the enterprise's version."""
        lst = self.publish_water_list()
        filing = self.filed(lst)
        self.assertRecordValues(
            filing,
            [
                {
                    "state": "filed",
                    "company_id": self.city.id,
                    "peer_id": self.peer.id,
                    "version": lst.version,
                    "date_published": lst.date_published,
                    "is_current": True,
                    "line_count": 1,
                }
            ],
        )
        self.assertEqual(filing.organization_ids, self.water)
        self.assertEqual(filing.line_ids.certificate_name, "Household Certificate")
        self.assertEqual(filing.activity_ids.user_id, self.office)
        with self.assertRaises(AccessError):
            filing.with_user(self.clerk).action_acknowledge()
        filing.with_user(self.office).action_acknowledge()
        self.assertEqual((filing.state, filing.reviewed_by_id), ("acknowledged", self.office))
        self.assertFalse(filing.activity_ids, "the review activity is done")
        with self.assertRaisesRegex(UserError, "already been reviewed"):
            filing.with_user(self.office).action_object()
        review = self.outbox(filing, REVIEW)
        self.assertFalse(self.deliver(review), review.last_error)
        self.assertEqual(review.state, "delivered", review.last_error)
        lst.invalidate_recordset()
        self.assertEqual((lst.filing_state, lst.filing_reviewed_by), ("acknowledged", self.office.name))
        self.assertTrue(lst.filing_date_reviewed)
        self.assertFalse(lst.activity_ids)
        self.assertTrue(lst.message_ids.filtered(lambda m: "acknowledged the filing" in (m.body or "")))

    def test_objection_goes_back_with_its_reason_and_an_activity(self):
        """Taizhou art. 21, Luzhou art. 24: the authority objects with a reason; the enterprise's version shows
        the objection and its office gets an activity to correct the list."""
        lst = self.publish_water_list()
        filing = self.filed(lst)
        with self.assertRaisesRegex(UserError, "reason for the objection"):
            filing.with_user(self.office).action_object()
        filing.with_user(self.office).objection_reason = "The legal basis of GS-001 is missing."
        filing.with_user(self.office).action_object()
        self.assertEqual(filing.state, "objected")
        with self.assertRaisesRegex(UserError, "can no longer change"):
            filing.with_user(self.office).objection_reason = "Another reason"
        self.assertFalse(self.deliver(self.outbox(filing, REVIEW)))
        lst.invalidate_recordset()
        self.assertEqual(lst.filing_state, "objected")
        self.assertEqual(lst.filing_objection, "The legal basis of GS-001 is missing.")
        activity = lst.activity_ids
        self.assertEqual(activity.user_id, self.water_office)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("noproof_catalog.mail_activity_type_list_filing_objection")
        )

    def test_latest_version_is_current_even_if_it_arrives_first(self):
        """Messages about two versions are not ordered: the latest version stays the current one."""
        first = self.publish_water_list()
        second = first._publish_amendment()
        newer = self.filed(second)
        older = self.filed(first)
        self.assertTrue(newer.is_current)
        self.assertFalse(older.is_current)
        third = second._publish_amendment()
        latest = self.filed(third)
        newer.invalidate_recordset()
        self.assertEqual((latest.is_current, newer.is_current), (True, False))

    def test_workflow_fields_only_through_the_buttons(self):
        """The office reviews through its buttons only: the state, the reviewer and the received content
        cannot be written, even by the office."""
        filing = self.filed(self.publish_water_list())
        for vals in ({"state": "acknowledged"}, {"reviewed_by_id": self.office.id}, {"version": 9}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "buttons"):
                filing.with_user(self.office).write(vals)
        with self.assertRaisesRegex(UserError, "buttons"):
            filing.line_ids.sudo().write({"certificate_name": "Forged"})
        self.assertEqual(filing.state, "filed")


@tagged("post_install", "-at_install")
class TestListFilingRefusals(ListFilingCase):
    """Threat: a remote system files a list for an organization it does not represent, or sends a malformed
    filing or a review of a filing never sent. Each is refused with a clear reason and nothing is written."""

    def filing_envelope(self, **overrides):
        payload = {
            "organizations": [{"name": "City Water Group", "code": "91331000MA2AAAAAAA"}],
            "level": "Water Company Level",
            "list": {"id": 4242, "name": "Water Company List", "version": 3, "published_at": "2026-11-30T02:00:00Z"},
            "lines": [
                {
                    "item_code": "GS-001",
                    "item_name": "New Water Connection",
                    "organization": "City Water Group",
                    "certificate": "Household Certificate",
                    "disposition": "online_check",
                    "alternative_method": "Checked online",
                    "legal_basis": None,
                    "stopped_from": None,
                    "exclusion": None,
                    "retention_approved": None,
                }
            ],
        }
        payload.update(overrides)
        return self.envelope(payload=payload, message_type=FILING)

    def assertRefusedFiling(self, envelope, needle):
        counts = (self.Message.sudo().search_count([]), self.env["noproof.enterprise.list"].sudo().search_count([]))
        status, answer = self.post(envelope)
        self.assertEqual((status, answer.get("error")), (422, "refused"), answer)
        self.assertIn(needle, answer["message"])
        after = (self.Message.sudo().search_count([]), self.env["noproof.enterprise.list"].sudo().search_count([]))
        self.assertEqual(after, counts, "nothing is written")

    def test_a_well_formed_filing_is_taken(self):
        """The reference filing the refusals below spoil is itself accepted."""
        status, receipt = self.post(self.filing_envelope())
        self.assertEqual(status, 200, receipt)
        self.assertEqual(receipt["result"]["lines"], 1)

    def test_unknown_organization_is_refused(self):
        """Taizhou art. 21: a list is filed only for an enterprise this instance knows."""
        self.assertRefusedFiling(
            self.filing_envelope(organizations=[{"name": "Nobody Water Ltd", "code": None}]), "No organization"
        )

    def test_organization_the_peer_does_not_represent_is_refused(self):
        """Taizhou art. 21: an instance files lists only for the organizations it represents here."""
        self.assertRefusedFiling(
            self.filing_envelope(organizations=[{"name": self.police.name, "code": None}]), "not represented"
        )

    def test_malformed_filings_are_refused(self):
        valid = self.filing_envelope()["payload"]
        cases = [
            ({"organizations": []}, "organizations"),
            ({"organizations": "City Water Group"}, "organizations"),
            ({"list": "v3"}, "list version"),
            ({"list": dict(valid["list"], version="3")}, "version"),
            ({"list": dict(valid["list"], published_at="yesterday")}, "published_at"),
            ({"lines": []}, "lines"),
            ({"lines": [dict(valid["lines"][0], disposition="abolished")]}, "disposition"),
            ({"lines": [dict(valid["lines"][0], certificate=None)]}, "certificate"),
            ({"lines": [dict(valid["lines"][0], stopped_from="soon")]}, "stopped_from"),
            ({"lines": ["a line"]}, "object"),
        ]
        for overrides, needle in cases:
            with self.subTest(overrides=overrides):
                self.assertRefusedFiling(self.filing_envelope(**overrides), needle)

    def test_review_of_a_filing_never_sent_is_refused(self):
        """A review lands only on a version this instance filed with the reviewing instance."""
        envelope = self.envelope(
            message_type=REVIEW,
            payload={
                "filing": "6f1c1c1e-0000-4000-8000-000000000009",
                "list": {"id": 1, "version": 1},
                "state": "objected",
                "reason": "No.",
                "reviewed_by": "Someone",
                "reviewed_at": fields.Datetime.now().strftime(exchange.TIME_FORMAT),
            },
        )
        self.assertRefusedFiling(envelope, "No list filing")

    def test_objection_without_a_reason_is_refused(self):
        lst = self.publish_water_list()
        message = self.outbox(lst, FILING)
        envelope = self.envelope(
            message_type=REVIEW,
            payload={
                "filing": message.uuid,
                "list": {"id": lst.id, "version": lst.version},
                "state": "objected",
                "reason": None,
                "reviewed_by": "Someone",
                "reviewed_at": fields.Datetime.now().strftime(exchange.TIME_FORMAT),
            },
        )
        self.assertRefusedFiling(envelope, "reason")
        self.assertEqual(lst.filing_state, "filed")


@tagged("post_install", "-at_install")
class TestListFilingPortal(ListFilingCase):
    def test_authority_portal_shows_the_current_enterprise_list(self):
        """Taizhou art. 21: the authority's public portal shows each enterprise's current filed list with its
        review, in Chinese, citing only the level's own statute."""
        self.make_rule().action_activate()
        self.env["noproof.cancellation.list"].create({"name": "City List", "company_id": self.city.id}).action_publish()
        first = self.publish_water_list()
        older = self.filed(first)
        current = self.filed(first._publish_amendment())
        current.with_user(self.office).action_acknowledge()
        self.env.flush_all()
        page = self.url_open(f"/noproof/level/{self.city.id}").text
        self.assertIn(f"/noproof/enterprise-list/{current.id}", page)
        self.assertNotIn(f"/noproof/enterprise-list/{older.id}", page)
        self.assertIn("o_noproof_review_acknowledged", page)
        cite = self.city.with_context(lang="zh_CN")._noproof_cite(
            taizhou="Taizhou art. 21", luzhou="Luzhou arts. 4 and 24"
        )
        self.assertEqual(cite, "台州规定第二十一条")
        self.assertIn(cite, page)
        self.assertNotIn("泸州办法", page)
        self.assertIn("公共服务企业", page, "in Chinese")
        detail = self.url_open(f"/noproof/enterprise-list/{current.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("New Water Connection", detail.text)
        self.assertIn("City Water Group", detail.text)
        self.assertIn(cite, detail.text)
        self.assertEqual(self.url_open(f"/noproof/enterprise-list/{older.id}").status_code, 404)
        self.assertEqual(self.url_open("/noproof/enterprise-list/99999999999").status_code, 404)


@tagged("post_install", "-at_install")
class TestListFilingAttack(ExchangeCase):
    """Threat T1 (workflow by RPC) on the demo data: a clerk or verifier of the authority's level cannot
    acknowledge a filed enterprise list nor write its state; the office only through its buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        water = cls.env.ref("noproof_catalog.org_tz_water")
        peer = cls.onboard_self(cls, organizations=water, company=cls.taizhou)
        cls.filing = cls.env["noproof.enterprise.list"]._workflow_create(
            [
                {
                    "name": "台州市水务集团证明材料取消清单",
                    "peer_id": peer.id,
                    "company_id": cls.taizhou.id,
                    "organization_ids": [Command.set(water.ids)],
                    "filing_uuid": "6f1c1c1e-0000-4000-8000-000000000010",
                    "remote_list_id": 7,
                    "version": 2,
                    "date_published": fields.Datetime.now(),
                    "date_received": fields.Datetime.now(),
                    "is_current": True,
                }
            ]
        )

    def test_clerk_and_verifier_cannot_review_or_write_the_state(self):
        """Taizhou art. 21: the office reviews what the enterprise files; a clerk or a verifier reads it only."""
        for login in ("np_clerk", "np_verifier"):
            with self.subTest(login=login):
                self.sign_in(login)
                self.assertEqual(
                    self.call_kw("noproof.enterprise.list", "search", [[("id", "=", self.filing.id)]]), self.filing.ids
                )
                for method in ("action_acknowledge", "action_object"):
                    self.assertRefused("noproof.enterprise.list", method, [self.filing.ids], error="AccessError")
                self.refused(
                    "noproof.enterprise.list",
                    "write",
                    [self.filing.ids, {"state": "acknowledged"}],
                    errors=("UserError", "AccessError"),
                )
                self.assertRefused(
                    "noproof.enterprise.list",
                    "write",
                    [self.filing.ids, {"objection_reason": "x"}],
                    error="AccessError",
                )
        self.sign_in("np_office")
        for vals in ({"state": "acknowledged"}, {"reviewed_by_id": 2}, {"is_current": False}):
            with self.subTest(vals=vals):
                self.assertRefused("noproof.enterprise.list", "write", [self.filing.ids, vals], error="UserError")
        self.assertRefused(
            "noproof.enterprise.list",
            "create",
            [{"name": "伪造", "peer_id": self.filing.peer_id.id, "filing_uuid": "x", "company_id": self.taizhou.id}],
        )
        self.filing.invalidate_recordset()
        self.assertEqual(self.filing.state, "filed")
        self.call_button("noproof.enterprise.list", "action_acknowledge", self.filing.ids)
        self.filing.invalidate_recordset()
        self.assertEqual(self.filing.state, "acknowledged")
        self.sign_in("lz_office")
        self.assertEqual(self.call_kw("noproof.enterprise.list", "search", [[("id", "=", self.filing.id)]]), [])
