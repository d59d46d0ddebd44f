"""Issue 12: the provisions of both statutes that the verification add-on implements,
each for both cities' settings where they differ, through the buttons a user clicks."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import VerificationCase, utc


@tagged("post_install", "-at_install")
class TestOverdueOffice(VerificationCase):
    """Which joint-conference office an overdue ticket of a county is reported to."""

    def county_ticket_escalated(self):
        with freeze_time(utc("2024-10-08 10:00")):
            case = self.open_case(self.county_item, user=self.county_clerk)
            ticket = self.make_ticket(case, self.rule_county_kinship)
            ticket.action_send()
        with freeze_time(utc("2024-10-09 18:00")):
            self.env["noproof.verification.ticket"]._noproof_process_overdue()
        escalation = ticket.escalation_ids.with_env(self.env)
        self.assertEqual(len(escalation), 1)
        return escalation

    def test_taizhou_same_level_office(self):
        """Taizhou art. 11 ¶3: with the city's setting "same level", an overdue ticket sent by a county is
        reported to the county's own joint-conference office (报本级联席会议办公室): its activity, its record."""
        self.city.write({"noproof_statute": "taizhou", "noproof_overdue_office": "same_level"})
        escalation = self.county_ticket_escalated()
        self.assertEqual(escalation.company_id, self.county)
        self.assertEqual(escalation.office_company_id, self.county)
        self.assertEqual(escalation.office_organization_id, self.county_office)
        self.assertEqual(escalation.activity_ids.user_id, self.county_office_user)
        self.assertEqual(escalation.article, "Taizhou art. 11 ¶3")
        self.assertTrue(escalation.with_user(self.county_office_user).ticket_id)

    def test_luzhou_city_office_for_county_tickets(self):
        """Luzhou art. 12: with the city's setting "city office", an overdue ticket sent by a county is
        reported to the CITY's joint-conference office (报市联席会议办公室), which gets the activity and can
        read and close the escalation; the county office gets no activity."""
        self.city.write({"noproof_statute": "luzhou", "noproof_overdue_office": "city"})
        escalation = self.county_ticket_escalated()
        self.assertEqual(escalation.company_id, self.county)
        self.assertEqual(escalation.office_company_id, self.city)
        self.assertEqual(escalation.office_organization_id, self.office_org)
        self.assertEqual(escalation.activity_ids.user_id, self.office)
        self.assertEqual(escalation.article, "Luzhou art. 12")
        as_office = escalation.with_user(self.office)
        as_office.conclusion = "The county police had no designated verifier on duty."
        as_office.action_done()
        self.assertEqual(escalation.state, "done")

    def test_county_follows_its_city_setting(self):
        """Luzhou art. 12: the setting is made on the city; a county without its own follows it
        (res.company._noproof_setting); a city's own tickets go to its own office either way."""
        self.city.noproof_overdue_office = "city"
        self.assertFalse(self.county.noproof_overdue_office)
        self.assertEqual(self.county._noproof_overdue_office_company(), self.city)
        self.assertEqual(self.city._noproof_overdue_office_company(), self.city)
        self.city.noproof_overdue_office = "same_level"
        self.assertEqual(self.county._noproof_overdue_office_company(), self.county)
        self.city.noproof_overdue_office = False
        self.assertEqual(self.county._noproof_overdue_office_company(), self.county)


@tagged("post_install", "-at_install")
class TestClassifiedTicket(VerificationCase):
    """Luzhou art. 11 on the ticket, by the ledger's one rule."""

    def test_luzhou_refuses_classified_matters_offline(self):
        """Luzhou art. 11: where the level applies it, a ticket about a state or work secret may not travel by
        official document, fax, WeChat, QQ, DingTalk or another channel outside the platform; the refusal is
        the ledger's (noproof.ledger.entry._noproof_check_channel), word for word."""
        self.city.noproof_classified_channels = "refuse"
        ticket = self.make_ticket(self.open_case(), self.rule_kinship, classification="state_secret")
        expected = self.env["noproof.ledger.entry"]._noproof_channel_refusal("wechat", "state_secret", self.city)
        self.assertTrue(expected)
        with self.assertRaises(ValidationError) as caught:
            ticket.write({"channel": "wechat"})
        self.assertEqual(str(caught.exception), expected)
        for channel in ("document", "fax", "qq", "dingtalk", "other"):
            with self.subTest(channel=channel), self.assertRaises(ValidationError):
                ticket.write({"channel": channel})
        ticket.action_send()
        self.assertEqual((ticket.state, ticket.channel, ticket.classified), ("sent", "system", True))
        # Classifying a ticket already on an offline channel is refused the same way.
        other = self.make_ticket(self.open_case(), self.rule_kinship, channel="fax")
        with self.assertRaises(ValidationError):
            other.classification = "work_secret"

    def test_taizhou_has_no_channel_restriction(self):
        """Luzhou art. 11 has no Taizhou counterpart: with the setting "allow", a classified matter may travel
        by WeChat, and the offline exchange is recorded in the ledger with its classification."""
        self.city.noproof_classified_channels = "allow"
        ticket = self.make_ticket(self.open_case(), self.rule_kinship, classification="work_secret", channel="wechat")
        ticket.action_send()
        entry = (
            self.env["noproof.ledger.entry"]
            .sudo()
            .search(
                [("res_model", "=", ticket._name), ("res_id", "=", ticket.id), ("entry_type", "=", "offline_exchange")]
            )
        )
        self.assertEqual((entry.channel, entry.classification), ("wechat", "work_secret"))

    def test_a_county_follows_its_citys_channel_rule(self):
        """Luzhou art. 11: a county ticket follows the city's setting when the county sets none."""
        self.city.noproof_classified_channels = "refuse"
        case = self.open_case(self.county_item, user=self.county_clerk)
        ticket = self.make_ticket(case, self.rule_county_kinship, classification="work_secret")
        with self.assertRaises(ValidationError):
            ticket.channel = "dingtalk"


@tagged("post_install", "-at_install")
class TestSupplement(VerificationCase):
    """Taizhou arts. 10 ¶2 and 12, Luzhou art. 15: when the applicant may be asked to supplement, for what."""

    def answered(self, result, city_grounds=None, statute=None):
        if city_grounds:
            self.city.noproof_supplement_grounds = city_grounds
        if statute:
            self.city.noproof_statute = statute
        case = self.open_case()
        ticket = self.make_ticket(case, self.rule_kinship)
        ticket.action_send()
        ticket.with_user(ticket.assigned_user_id).action_answer(result, "Nothing in the population register")
        return self.check_of(case, self.rule_kinship).with_user(self.clerk)

    def ask(self, check, certificates, note="Bring the notarised kinship certificate: the register disagrees"):
        return (
            self.env["noproof.check.resolve.wizard"]
            .with_user(self.clerk)
            .with_context(default_check_id=check.id, default_action="supplement_request")
            .create({"note": note, "supplement_certificate_ids": [Command.set(certificates.ids)]})
            .action_confirm()
        )

    def test_taizhou_ticket_found_nothing(self):
        """Taizhou art. 12: when the verification system could not obtain the information (无法获取), the
        clerk may ask for a supplement naming the item's certificate; the applicant is told what and why on the
        case, the notice prints, and the request is in the ledger (entry type supplement_request)."""
        check = self.answered("not_found", "shared_or_ticket", "taizhou")
        self.assertEqual(
            (check.state, check.discrepancy_source, check.discrepancy_kind), ("discrepancy", "ticket", "missing")
        )
        self.ask(check, self.cert_kinship)
        self.assertEqual(check.state, "supplement")
        self.assertEqual(check.supplement_certificate_ids, self.cert_kinship)
        notice = check.case_id.message_ids.filtered(lambda m: "Please supplement" in (m.body or ""))
        self.assertEqual(len(notice), 1)
        self.assertIn("Kinship Certificate", notice.body)
        self.assertIn("the register disagrees", notice.body)
        self.assertIn("Taizhou arts. 10 ¶2 and 12", notice.body)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("noproof_verification.action_report_supplement_notice", check.ids)[0]
            .decode()
        )
        self.assertIn("Kinship Certificate", html)
        self.assertIn("the register disagrees", html)
        self.assertEqual(
            check.action_print_supplement_notice()["report_name"], "noproof_verification.report_supplement_notice"
        )
        entry = (
            self.env["noproof.ledger.entry"]
            .sudo()
            .search(
                [("res_model", "=", check._name), ("res_id", "=", check.id), ("entry_type", "=", "supplement_request")]
            )
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.material, "Kinship Certificate")

    def test_luzhou_not_for_nothing_found(self):
        """Luzhou art. 15: a supplement only when the information found does not match (不符); when nothing
        could be found, art. 14 sends the clerk to an on-site or third-party check or a commitment."""
        check = self.answered("not_found", "mismatch", "luzhou")
        with self.assertRaisesRegex(UserError, "Luzhou art. 15"):
            self.ask(check, self.cert_kinship)
        self.assertEqual(check.state, "discrepancy")
        self.assertFalse(check.supplement_certificate_ids)

    def test_luzhou_mismatch_found_by_ticket(self):
        """Luzhou art. 15: verification found data that does not match: a supplement may be asked."""
        check = self.answered("not_confirmed", "mismatch", "luzhou")
        self.ask(check, self.cert_kinship)
        self.assertEqual(check.state, "supplement")

    def test_own_investigation_is_ground_in_luzhou_only(self):
        """Taizhou art. 12 names only the shared-data and verification systems; Luzhou art. 15 adds the
        organization's own investigation (部门自行调查核实). A discrepancy recorded by hand is a ground under
        Luzhou's setting and refused under Taizhou's."""
        for grounds, allowed in (("shared_or_ticket", False), ("mismatch", True)):
            with self.subTest(grounds=grounds):
                self.city.noproof_supplement_grounds = grounds
                check = self.check_of(self.open_case(), self.rule_income).with_user(self.clerk)
                self.env["noproof.check.resolve.wizard"].with_user(self.clerk).create(
                    {"check_id": check.id, "action": "discrepancy", "note": "Employer reports more income"}
                ).action_confirm()
                self.assertEqual(check.discrepancy_source, "investigation")
                if allowed:
                    self.ask(check, self.cert_income)
                    self.assertEqual(check.state, "supplement")
                else:
                    with self.assertRaisesRegex(UserError, "shared-data look-up or a verification ticket"):
                        self.ask(check, self.cert_income)
                    self.assertEqual(check.state, "discrepancy")

    def test_only_the_items_certificates(self):
        """Taizhou art. 6 ¶1, Luzhou art. 15 (严禁变相增设): the supplement names certificates of the item's
        rules, chosen from them; another certificate, or none, is refused and nothing is recorded."""
        check = self.answered("not_confirmed")
        with self.assertRaisesRegex(UserError, "Marital Status Certificate"):
            self.ask(check, self.cert_marital)
        with self.assertRaises(UserError):
            self.ask(check, self.cert_marital.browse())
        with self.assertRaises(UserError):
            check._noproof_request_supplement("Anything else", self.cert_kinship | self.cert_marital)
        self.assertEqual(check.state, "discrepancy")
        Wizard = (
            self.env["noproof.check.resolve.wizard"]
            .with_user(self.clerk)
            .with_context(default_check_id=check.id, default_action="supplement_request")
        )
        defaults = Wizard.default_get(["check_id", "action", "supplement_certificate_ids"])
        self.assertEqual(defaults["supplement_certificate_ids"], [Command.set(self.cert_kinship.ids)])
        wizard = Wizard.create({"note": "x"})
        self.assertEqual(wizard.allowed_certificate_ids, check.case_id.check_ids.certificate_id)
        # Another certificate of the same item may be named: the fact may be proven by it.
        self.ask(check, self.cert_household | self.cert_kinship)
        self.assertEqual(check.supplement_certificate_ids, self.cert_household | self.cert_kinship)

    def test_not_before_a_check(self):
        """Taizhou art. 10 ¶2: what shared data can establish is not asked of the applicant; a supplement is
        refused while nothing was looked up or verified."""
        check = self.check_of(self.open_case(), self.rule_kinship).with_user(self.clerk)
        with self.assertRaises(UserError):
            self.ask(check, self.cert_kinship)
        self.assertEqual(check.state, "todo")


@tagged("post_install", "-at_install")
class TestRepealedBasis(VerificationCase):
    """Taizhou art. 6 ¶3 at the moment a case is opened."""

    def test_repealed_today_before_the_nightly_job(self):
        """Taizhou art. 6 ¶3: from the day its legal basis is repealed the rule stops; a case is not opened on
        it even though the nightly job has not suspended the rule yet, with a message naming the basis and the
        article."""
        self.city.noproof_statute = "taizhou"
        today = fields.Date.context_today(self.law)
        self.law.date_repealed = today
        self.assertEqual(self.rule_kinship.state, "active")
        with self.assertRaises(UserError) as caught:
            self.open_case()
        message = str(caught.exception)
        self.assertIn(self.law.display_name, message)
        self.assertIn("Taizhou art. 6 ¶3", message)
        self.assertFalse(self.env["noproof.case"].search([("item_id", "=", self.item.id)]))

    def test_repealed_tomorrow_still_opens(self):
        """Taizhou art. 6 ¶3: the rule stops only from the day the repeal takes effect."""
        self.law.date_repealed = fields.Date.context_today(self.law) + timedelta(days=1)
        self.assertEqual(self.open_case().state, "open")

    def test_luzhou_validity_period_ended(self):
        """Luzhou art. 25: a basis whose validity period has ended is no longer in force; a Luzhou case is not
        opened on it, and the message cites the Luzhou article."""
        self.lz.noproof_statute = "luzhou"
        self.law.date_expiry = fields.Date.context_today(self.law) - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "Luzhou art. 25"):
            self.open_case(self.lz_item)
