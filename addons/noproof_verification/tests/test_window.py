from ast import literal_eval

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import VerificationCase, local, utc

# A valid resident ID (GB 11643 check digit) nobody in the fixture has.
NEW_ID = "11010519491231002X"


@tagged("post_install", "-at_install")
class TestApplicantsAtTheWindow(VerificationCase):
    """A clerk registers applicants at the window and picks them by name or whole identity number."""

    def partners(self, user=None):
        return self.env["res.partner"].with_user(user or self.clerk).with_context(noproof_applicant=True)

    def access_log(self, partner, access_type):
        return (
            self.env["noproof.access.log"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("access_type", "=", access_type)])
        )

    def test_a_person_is_registered_once_per_level(self):
        """Registering an applicant whose whole number is already registered at the level is refused, naming
        the applicant to choose instead; the registration form warns as soon as the number is typed."""
        form = self.partners().new({"name": "Zhang W.", "noproof_id_type": "resident_id"})
        form.noproof_id_number = "331002198503121231"
        warning = form._onchange_noproof_id_number()
        self.assertIn("Zhang Wei (331***********1231) is already registered", warning["warning"]["message"])
        with self.assertRaisesRegex(ValidationError, "Zhang Wei .* is already registered"):
            self.partners().create(
                {"name": "Zhang W.", "noproof_id_type": "resident_id", "noproof_id_number": "331002198503121231"}
            )
        # Another city keeps its own applicants: the same person may be registered there.
        other = self.partners(self.lz_clerk).create(
            {"name": "Zhang Wei", "noproof_id_type": "resident_id", "noproof_id_number": "331002198503121231"}
        )
        self.assertEqual(other.company_id, self.lz)

    def test_an_invalid_check_digit_is_refused_in_chinese(self):
        """GB 11643: a resident ID with a wrong check digit is refused in the clerk's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.assertRaisesRegex(ValidationError, "校验码错误"):
            self.partners().with_context(lang="zh_CN").create(
                {"name": "李四", "noproof_id_type": "resident_id", "noproof_id_number": "110105194912310021"}
            )

    def test_registered_from_the_picker_with_the_typed_number(self):
        """What the clerk typed in the applicant picker becomes the number of the new applicant when it is a
        valid identity number (the clerk then types the name), and the name otherwise."""
        defaults = (
            self.partners()
            .with_context(default_name=NEW_ID.lower())
            .default_get(["name", "noproof_id_number", "noproof_id_type"])
        )
        self.assertEqual((defaults["noproof_id_number"], defaults["noproof_id_type"]), (NEW_ID, "resident_id"))
        self.assertFalse(defaults["name"])
        defaults = self.partners().with_context(default_name="Li Si").default_get(["name", "noproof_id_number"])
        self.assertEqual(defaults["name"], "Li Si")
        applicant = self.partners().create(
            {"name": "Li Si", "noproof_id_type": "resident_id", "noproof_id_number": NEW_ID}
        )
        self.assertTrue(applicant.noproof_is_applicant)
        self.assertEqual(applicant.company_id, self.city)

    def test_the_registration_form_shows_the_typed_number_only(self):
        """The form registering a new applicant shows the number its clerk typed; a form editing a registered
        applicant (onchange) never hands out a whole number the user has no purpose for."""
        spec = {"name": {}, "noproof_id_number": {}, "noproof_id_type": {}}
        new = self.partners().with_context(default_name=NEW_ID).onchange({}, [], spec)
        self.assertEqual(new["value"]["noproof_id_number"], NEW_ID)
        Partner = self.env["res.partner"].with_user(self.county_clerk)
        edited = Partner.browse(self.applicant.id).onchange({"name": "Zhang W."}, ["name"], spec)
        self.assertNotIn("331002198503121231", str(edited))
        self.assertEqual(
            Partner.browse(self.applicant.id).read(["noproof_id_number"])[0]["noproof_id_number"], "331***********1231"
        )

    def test_picker_finds_the_whole_number_only_and_logs_it(self):
        """Taizhou art. 16: the picker finds an applicant by the whole number on the document (written to the
        access log as a search), never by a part of it."""
        found = self.partners().name_search("331002198503121231", args=[("noproof_is_applicant", "=", True)])
        self.assertEqual([row[0] for row in found], self.applicant.ids)
        self.assertIn("331***********1231", found[0][1], "same-name applicants are told apart by the masked number")
        self.assertTrue(self.access_log(self.applicant, "search"))
        self.assertFalse(self.partners().name_search("3310021985", args=[("noproof_is_applicant", "=", True)]))

    def test_picker_offers_applicants_only(self):
        """The case's applicant picker offers applicants, not staff, levels or contacts without an identity
        document."""
        self.env["res.partner"].create({"name": "Zhang Company", "is_company": True, "company_id": self.city.id})
        domain = literal_eval(self.env["noproof.case"]._fields["applicant_id"].domain)
        found = self.env["res.partner"].with_user(self.clerk).search([*domain, ("name", "ilike", "Zhang")])
        self.assertEqual(found, self.applicant)
        staff = (
            self.env["res.partner"]
            .with_user(self.clerk)
            .search([("noproof_is_applicant", "=", True), ("user_ids", "!=", False)])
        )
        self.assertFalse(staff)

    def test_whole_number_for_the_clerk_of_the_case_and_the_verifier_of_its_ticket(self):
        """The clerk who handles the case and the designated verifier of a ticket addressed to their organization
        read the whole identity number on the form (each read in the access log); the office sees it masked."""
        case = self.open_case()
        self.assertEqual(case.with_user(self.clerk).applicant_id_number, "331002198503121231")
        log = self.access_log(self.applicant, "read")
        self.assertEqual((log[:1].res_model, log[:1].res_id), ("noproof.case", case.id))
        ticket = self.make_ticket(case, self.rule_kinship)
        ticket.action_send()
        as_verifier = ticket.with_user(ticket.assigned_user_id)
        self.assertEqual(as_verifier.applicant_id_number, "331002198503121231")
        self.assertIn("noproof.verification.ticket", self.access_log(self.applicant, "read").mapped("res_model"))
        self.assertEqual(case.with_user(self.office).applicant_id_number, "331***********1231")


@tagged("post_install", "-at_install")
class TestWrongTicket(VerificationCase):
    """A verifier acts on a ticket sent to the wrong archive or organization."""

    def sent_ticket(self):
        with freeze_time(utc("2024-10-08 10:00")):
            case = self.open_case(self.lz_item)
            ticket = self.make_ticket(case, self.rule_lz_kinship)
            ticket.action_send()
        return ticket.with_user(self.lz_verifier)

    def ledger(self, ticket):
        return (
            self.env["noproof.ledger.entry"]
            .sudo()
            .search(
                [("res_model", "=", ticket._name), ("res_id", "=", ticket.id), ("entry_type", "=", "ticket_change")]
            )
        )

    def test_reclassification_recomputes_the_deadline_and_is_logged(self):
        """Luzhou art. 10: a ticket the sender took for electronic data but found in historical archives gets
        2 working days from its sending; the change, with its reason, is in the ledger and told to the sender."""
        ticket = self.sent_ticket()
        self.assertEqual(local(ticket.deadline), "2024-10-08 10:30")
        with freeze_time(utc("2024-10-08 10:10")):
            ticket.action_reclassify("historical", "The 1985 register is on paper in the archive.")
        self.assertEqual((ticket.data_kind, ticket.sla_policy_id), ("historical", self.lz_historical))
        self.assertEqual(local(ticket.deadline), "2024-10-10 10:00")
        entry = self.ledger(ticket)
        self.assertEqual(len(entry), 1)
        self.assertIn("1985 register", entry.reason)
        told = ticket.sudo().message_ids.filtered(lambda m: "Reclassified" in (m.body or ""))
        self.assertIn(ticket.requested_by_id.partner_id, told.partner_ids)
        self.assertEqual(str(ticket.activity_ids.date_deadline), "2024-10-10")

    def test_reclassification_needs_a_reason_and_a_designated_verifier(self):
        ticket = self.sent_ticket()
        with self.assertRaisesRegex(UserError, "Write why"):
            ticket.action_reclassify("paper", "  ")
        with self.assertRaises(AccessError):
            ticket.with_user(self.lz_clerk).action_reclassify("paper", "Wrong kind")
        self.assertEqual(ticket.data_kind, "electronic")

    def test_kind_and_addressee_change_only_through_the_actions(self):
        """Threat: a verifier or clerk writes the kind of data or the addressee of a sent ticket by hand, to
        lengthen its deadline or push it away without a trace."""
        ticket = self.sent_ticket()
        for user in (self.lz_verifier, self.lz_clerk):
            for vals in ({"data_kind": "historical"}, {"assisting_organization_id": self.lz_civil.id}):
                with self.assertRaises(UserError):
                    ticket.with_user(user).write(vals)
        self.assertEqual((ticket.data_kind, ticket.assisting_organization_id), ("electronic", self.lz_police))

    def test_asking_the_sender_pauses_nothing(self):
        """No statute pauses a ticket's deadline while the verifier asks what is meant: the sender gets an
        activity and a message, the deadline stays, and the sender's answer goes back to the verifier."""
        ticket = self.sent_ticket()
        deadline = ticket.deadline
        ticket.action_ask_clarification("Which marriage: the first or the second?")
        self.assertEqual(ticket.deadline, deadline)
        self.assertTrue(ticket.clarification_requested_at)
        activity = ticket.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("noproof_verification.mail_activity_type_ticket_clarification")
        )
        self.assertEqual(activity.user_id, ticket.requested_by_id)
        with self.assertRaises(AccessError):
            ticket.action_clarify("the verifier cannot answer their own question")
        ticket.with_user(self.lz_clerk).action_clarify("The second marriage, registered in 2015.")
        self.assertFalse(ticket.clarification_requested_at)
        clarify = self.env.ref("noproof_verification.mail_activity_type_ticket_clarification")
        self.assertFalse(ticket.sudo().activity_ids.filtered(lambda a: a.activity_type_id == clarify))
        self.assertIn(
            "registered in 2015", " ".join(ticket.sudo().message_ids.filtered(lambda m: m.partner_ids).mapped("body"))
        )

    def test_forwarding_moves_the_ticket_and_tells_the_sender(self):
        """A ticket addressed to the wrong organization goes on to the one that holds the fact: its designated
        verifier gets it, the sender is told, the ledger keeps the reason; the first organization loses it."""
        other = self.env["noproof.organization"].create(
            {
                "name": "Luzhou Archives",
                "company_id": self.lz.id,
                "user_ids": [Command.set(self.lz_verifier2.ids)],
                "verifier_ids": [Command.set(self.lz_verifier2.ids)],
            }
        )
        ticket = self.sent_ticket()
        ticket.action_accept()
        ticket.action_forward(other, "Marriage records before 2000 are kept by the archives.")
        ticket = ticket.sudo()
        self.assertEqual(
            (ticket.assisting_organization_id, ticket.assigned_user_id, ticket.state),
            (other, self.lz_verifier2, "sent"),
        )
        self.assertIn("Luzhou Archives", ticket.request_letter)
        self.assertTrue(self.ledger(ticket))
        told = ticket.message_ids.filtered(lambda m: "Forwarded" in (m.body or ""))
        self.assertIn(ticket.requested_by_id.partner_id, told.partner_ids)
        self.assertFalse(
            self.env["noproof.verification.ticket"].with_user(self.lz_verifier).search([("id", "=", ticket.id)])
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from odoo.tests import new_test_user

        cls.lz_verifier2 = new_test_user(
            cls.env,
            login="v_lz_verifier2",
            groups="noproof_catalog.group_verifier",
            company_id=cls.lz.id,
            company_ids=[Command.set(cls.lz.ids)],
            tz="Asia/Shanghai",
            lang="en_US",
        )


@tagged("post_install", "-at_install")
class TestCasePapers(VerificationCase):
    """The papers the applicant takes home: receipt, decision notice; the letter a department receives."""

    def html(self, report, records):
        return self.env["ir.actions.report"]._render_qweb_html(report, records.ids)[0].decode()

    def test_receipt_has_number_tracking_code_and_own_statute(self):
        """Taizhou art. 6 ¶1, art. 11 ¶4: the receipt gives the case number and its tracking code and quotes the
        Taizhou articles only; a Luzhou receipt quotes Luzhou's."""
        self.city.noproof_statute = "taizhou"
        self.lz.noproof_statute = "luzhou"
        case = self.open_case()
        self.assertRegex(case.tracking_code, r"^[2-9A-HJKMNP-Z]{8}$")
        html = self.html("noproof_verification.report_case_receipt", case.with_user(self.clerk))
        self.assertIn(case.name, html)
        self.assertIn(case.tracking_code, html)
        self.assertIn("Taizhou art. 6 ¶1", html)
        self.assertNotIn("Luzhou", html)
        self.assertNotIn("331002198503121231", html)
        self.city.noproof_public_url = "https://0zm.city.example.gov.cn/"
        self.assertIn(
            "https://0zm.city.example.gov.cn/noproof/case/status",
            self.html("noproof_verification.report_case_receipt", case),
            "the receipt sends the applicant to the level's public address",
        )
        lz_html = self.html("noproof_verification.report_case_receipt", self.open_case(self.lz_item))
        self.assertIn("Luzhou art. 7 ¶2", lz_html)
        self.assertNotIn("Taizhou", lz_html)

    def test_decision_notice_only_for_a_decided_case(self):
        """Taizhou art. 17: the decision notice tells the applicant where to complain."""
        self.city.noproof_statute = "taizhou"
        case = self.open_case(self.immediate_item).with_user(self.clerk)
        with self.assertRaisesRegex(UserError, "not decided"):
            case.action_print_decision()
        case.decision_note = "Income above the threshold."
        case.action_reject()
        self.assertEqual(case.action_print_decision()["report_name"], "noproof_verification.report_case_decision")
        html = self.html("noproof_verification.report_case_decision", case)
        self.assertIn("Income above the threshold.", html)
        self.assertIn("Taizhou art. 17", html)

    def test_tracking_code_is_fixed(self):
        """Threat: the code on the applicant's receipt is changed afterwards, and the applicant loses the case."""
        case = self.open_case().with_user(self.clerk)
        with self.assertRaises(UserError):
            case.write({"tracking_code": "AAAAAAAA"})
        found = self.env["noproof.case"]._noproof_find_by_tracking(case.name, case.tracking_code.lower())
        self.assertEqual(found, case)
        self.assertFalse(self.env["noproof.case"]._noproof_find_by_tracking(case.name, "23456789"))

    def test_request_letter_quotes_the_ticket_number(self):
        """Luzhou art. 9: the letter asks the addressee to quote the ticket's number (XC…), not an internal id."""
        ticket = self.make_ticket(self.open_case(), self.rule_kinship)
        ticket.action_send()
        self.assertIn(ticket.name, ticket.request_letter)
        self.assertNotIn(ticket.uuid, ticket.request_letter)
