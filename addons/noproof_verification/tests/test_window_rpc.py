"""Issue 13: applicants at the window, a verifier acting on a wrong ticket and the case's public status,
as the demo roles' browsers call them (JSON-RPC) and as an anonymous visitor reaches the status page."""

from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase
from odoo.tests import tagged

ZHANG = "331002198503121231"


@tagged("post_install", "-at_install")
class TestWindowRpc(NoproofRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"]
        cls.np_clerk = Users.search([("login", "=", "np_clerk")])
        cls.applicant = cls.env.ref("noproof_catalog.partner_applicant_zhang")
        item = cls.env["noproof.service.item"].search(
            [
                ("organization_id", "in", cls.np_clerk.noproof_organization_ids.ids),
                ("rule_ids.disposition", "=", "assistance"),
                ("rule_ids.state", "=", "active"),
            ],
            limit=1,
        )
        cls.case = (
            cls.env["noproof.case"]
            .with_user(cls.np_clerk)
            .create({"item_id": item.id, "applicant_id": cls.applicant.id})
        )
        check = cls.case.check_ids.filtered(lambda check: check.disposition == "assistance")[:1]
        action = check.action_create_ticket()
        cls.ticket = cls.env["noproof.verification.ticket"].with_user(cls.np_clerk).browse(action["res_id"])
        cls.ticket.action_send()
        cls.verifier = cls.ticket.sudo().assigned_user_id

    def test_whole_number_on_the_ticket_and_the_case(self):
        """The designated verifier of the ticket and the clerk of the case read the whole identity number on
        their forms (web_read, as the form does); a verifier of another city reads nothing of it."""
        self.sign_in(self.verifier.login)
        ticket = self.call_kw(
            "noproof.verification.ticket", "web_read", [self.ticket.ids], {"specification": {"applicant_id_number": {}}}
        )
        self.assertEqual(ticket[0]["applicant_id_number"], ZHANG)
        self.sign_in("np_clerk")
        case = self.call_kw("noproof.case", "web_read", [self.case.ids], {"specification": {"applicant_id_number": {}}})
        self.assertEqual(case[0]["applicant_id_number"], ZHANG)
        self.sign_in("lz_verifier")
        self.refused(
            "noproof.verification.ticket", "read", [self.ticket.ids, ["applicant_id_number"]], errors=("AccessError",)
        )

    def test_picker_offers_applicants_only(self):
        """The case's applicant picker (its field domain, as the web client sends it) offers no staff, no level,
        no organization and none of Odoo's demo companies; the whole number finds the applicant."""
        self.sign_in("np_clerk")
        domain = [("noproof_is_applicant", "=", True)]
        found = self.call_kw("res.partner", "name_search", [], {"name": "", "args": domain, "limit": 1000})
        partners = self.env["res.partner"].browse([row[0] for row in found])
        self.assertIn(self.applicant, partners)
        self.assertFalse(partners.filtered("user_ids"), "no staff")
        self.assertFalse(partners & self.env["res.company"].search([]).partner_id, "no level")
        self.assertFalse(partners.filtered(lambda p: not p.noproof_id_type), "only registered applicants")
        found = self.call_kw("res.partner", "name_search", [], {"name": ZHANG, "args": domain})
        self.assertEqual([row[0] for row in found], self.applicant.ids)

    def test_a_clerk_registers_applicants_not_other_contacts(self):
        """Threat: a clerk uses the applicant registration to create or rewrite staff, levels or other contacts.
        A clerk creates applicants (refused with a wrong check digit, in English here, or a duplicate number),
        and no contact without an identity document."""
        self.sign_in("np_clerk")
        refusal = self.refused(
            "res.partner",
            "create",
            [{"name": "Li Si", "noproof_id_type": "resident_id", "noproof_id_number": "110105194912310021"}],
            errors=("ValidationError",),
        )
        self.assertIn("check digit", refusal.message)
        refusal = self.refused(
            "res.partner",
            "create",
            [{"name": "Zhang W.", "noproof_id_type": "resident_id", "noproof_id_number": ZHANG}],
            errors=("ValidationError",),
        )
        self.assertIn(self.applicant.name, refusal.message)
        self.refused("res.partner", "create", [{"name": "Not an applicant"}], errors=("AccessError",))
        staff = self.np_clerk.partner_id
        self.refused("res.partner", "write", [staff.ids, {"name": "Renamed"}], errors=("AccessError",))
        new_id = self.call_kw(
            "res.partner",
            "create",
            [{"name": "Li Si", "noproof_id_type": "resident_id", "noproof_id_number": "11010519491231002X"}],
        )
        self.assertTrue(self.env["res.partner"].browse(new_id).noproof_is_applicant)

    def test_ticket_kind_and_addressee_change_only_through_its_actions(self):
        """Threat: the verifier rewrites the kind of data (a longer deadline) or the addressee (the ticket
        disappears from their inbox) of a sent ticket by hand, or calls the actions without a reason."""
        self.sign_in(self.verifier.login)
        other = self.env["noproof.organization"].search(
            [("id", "!=", self.ticket.assisting_organization_id.id), ("company_id", "=", self.taizhou.id)], limit=1
        )
        self.refused("noproof.verification.ticket", "write", [self.ticket.ids, {"data_kind": "historical"}])
        self.refused("noproof.verification.ticket", "write", [self.ticket.ids, {"assisting_organization_id": other.id}])
        for method, args in (("action_reclassify", ["historical", "x"]), ("action_forward", [other.id, "x"])):
            self.refused(
                "noproof.verification.ticket", method, [self.ticket.ids, *args], errors=("AccessError", "UserError")
            )
        wizard = self.call_kw(
            "noproof.ticket.redirect.wizard",
            "create",
            [{"ticket_id": self.ticket.id, "mode": "reclassify", "data_kind": "paper", "reason": " "}],
        )
        self.refused("noproof.ticket.redirect.wizard", "action_confirm", [[wizard]])
        ticket = self.ticket.sudo()
        self.assertEqual((ticket.data_kind, ticket.state), ("electronic", "sent"))
        self.assertFalse(
            self.env["noproof.ledger.entry"]
            .sudo()
            .search_count([("entry_type", "=", "ticket_change"), ("res_id", "=", ticket.id)])
        )

    def test_public_status_by_number_and_tracking_code(self):
        """Anyone holding the receipt follows the case by its number and tracking code (查询码), without a login;
        the page shows no personal data, a wrong code finds nothing, and a code in the address is not looked up."""
        self.authenticate(None, None)
        form = self.url_open("/noproof/case/status")
        token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        case = self.case.sudo()
        page = self.url_open(
            "/noproof/case/status", data={"csrf_token": token, "number": case.name, "code": case.tracking_code.lower()}
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(case.item_id.name, page.text)
        self.assertNotIn(self.applicant.name, page.text)
        self.assertNotIn(ZHANG[-4:] + "<", page.text)
        self.assertIn("no-store", page.headers.get("Cache-Control", ""))
        wrong = self.url_open(
            "/noproof/case/status", data={"csrf_token": token, "number": case.name, "code": "ABCDEFGH"}
        )
        self.assertEqual(wrong.status_code, 404)
        self.assertNotIn(case.item_id.name, wrong.text)
        query = self.url_open(f"/noproof/case/status?number={case.name}&code={case.tracking_code}")
        self.assertNotIn('o_noproof_case_status"', query.text)
