from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import NoproofSupervisionCase


@tagged("post_install", "-at_install")
class TestComplaint(NoproofSupervisionCase):
    def test_window_registers_and_concludes(self):
        """Taizhou art. 17, Luzhou art. 17: the supervision window takes and settles complaints."""
        complaint = self.complaint().with_user(self.window)
        self.assertTrue(complaint.name.startswith("TS"))
        complaint.action_investigate()
        self.assertEqual((complaint.state, complaint.investigator_id), ("investigating", self.window))
        complaint._conclude(
            {"substantiated": "no", "conclusion": "The clerk asked for a commitment, not a certificate."}
        )
        self.assertEqual(complaint.state, "concluded")
        self.assertTrue(complaint.date_concluded)
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        with self.assertRaises(UserError):
            complaint.action_investigate()

    def test_conclusion_only_through_the_wizard(self):
        """Threat T-sup-state (state and conclusion by a write): the window records the conclusion and the
        accountability in the conclusion wizard; a plain write or create of them is refused, whatever the user."""
        complaint = self.complaint().with_user(self.window)
        complaint.action_investigate()
        for vals in ({"state": "concluded"}, {"substantiated": "no"}, {"conclusion": "Settled"}, {"measure": "none"}):
            with self.assertRaisesRegex(UserError, "change only through its own buttons"):
                complaint.write(vals)
            with self.assertRaisesRegex(UserError, "change only through its own buttons"):
                complaint.sudo().write(vals)
        with self.assertRaisesRegex(UserError, "change only through its own buttons"):
            self.env["noproof.complaint"].with_user(self.window).create(
                {"description": "x", "target_organization_id": self.civil.id, "state": "closed"}
            )
        action = complaint.action_conclude()
        Wizard = self.env[action["res_model"]].with_user(self.window).with_context(**action["context"])
        wizard = Wizard.create({"substantiated": "yes", "conclusion": "Confirmed.", "measure": "criticism"})
        self.assertEqual(wizard.complaint_ids, complaint)
        wizard.action_confirm()
        self.assertEqual(
            (complaint.state, complaint.substantiated, complaint.measure), ("concluded", "yes", "criticism")
        )
        with self.assertRaisesRegex(UserError, "cannot become"):
            complaint.action_conclude()

    def test_substantiated_complaint_needs_accountability(self):
        """Taizhou art. 20, Luzhou art. 19: who asked for a cancelled certificate is held responsible."""
        complaint = self.complaint()
        complaint.action_investigate()
        with self.assertRaisesRegex(UserError, "substantiated and summarize"):
            complaint._conclude({"conclusion": "Confirmed."})
        with self.assertRaisesRegex(UserError, "accountability measure"):
            complaint._conclude({"substantiated": "yes", "conclusion": "Confirmed."})
        self.assertEqual(complaint.state, "investigating")
        complaint._conclude(
            {
                "substantiated": "yes",
                "conclusion": "Confirmed.",
                "measure": "rectification",
                "responsible_persons": "Window clerk",
            }
        )
        self.assertEqual(complaint.state, "concluded")
        self.assertEqual((complaint.measure, complaint.responsible_persons), ("rectification", "Window clerk"))

    def test_target_and_complainant_are_informed(self):
        """Taizhou art. 17: the organization concerned and the complainant learn the outcome."""
        complaint = self.complaint(complainant_name="Zhang Wei", complainant_email="zhang@example.cn")
        complaint._conclude({"substantiated": "no", "conclusion": "Not confirmed."})
        message = complaint.message_ids.filtered(lambda m: self.clerk.partner_id in m.partner_ids)
        self.assertTrue(message, "the head of the organization concerned is told")
        mail = self.env["mail.mail"].search(
            [("model", "=", "noproof.complaint"), ("res_id", "=", complaint.id), ("email_to", "=", "zhang@example.cn")]
        )
        self.assertEqual(len(mail), 1, "the complainant gets the conclusion by e-mail")
        self.assertIn("Not confirmed.", mail.body_html)

    def test_anonymous_complaint_keeps_no_identity(self):
        complaint = self.complaint(anonymous=True, complainant_name="Zhang Wei", complainant_email="zhang@example.cn")
        self.assertFalse(complaint.complainant_name)
        complaint._conclude({"substantiated": "no", "conclusion": "Not confirmed."})
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "noproof.complaint"), ("res_id", "=", complaint.id), ("email_to", "ilike", "zhang")]
            )
        )

    def test_complaint_needs_content_and_target(self):
        """Bad input: a complaint says what happened and about whom."""
        with self.assertRaisesRegex(ValidationError, "Write what the complaint is about"):
            self.complaint(description="   ")
        with self.assertRaisesRegex(ValidationError, "which organization or which service item"):
            self.complaint(target_organization_id=False)
        complaint = self.complaint(target_organization_id=False, item_id=self.item.id)
        self.assertEqual(complaint.target_organization_id, self.civil, "the item's organization is the target")

    def complaint_policy(self, company, days):
        return self.env["noproof.sla.policy"].create(
            {
                "name": f"{days} days",
                "res_model": "noproof.complaint",
                "company_id": company.id,
                "duration": days,
                "duration_unit": "working_days",
                "time_basis": "calendar",
                "calendar_id": False,
            }
        )

    def test_deadline_overdue_and_reminder_once(self):
        """Taizhou art. 17, Luzhou art. 17: the window concludes a complaint within the level's deadline (a
        deadline policy for complaints); past it, the investigator gets one to-do from the deadline engine's
        scan, however often the scan runs."""
        self.complaint_policy(self.city, 10)
        complaint = self.complaint(date_received=datetime(2026, 3, 2, 2, 0), investigator_id=self.office.id)
        self.assertEqual(complaint.deadline, datetime(2026, 3, 12, 2, 0))
        self.assertEqual(str(complaint.date_deadline), "2026-03-12")
        Policy = self.env["noproof.sla.policy"]
        with freeze_time("2026-03-11"):
            self.assertFalse(complaint.is_overdue)
            self.assertEqual(self.env["noproof.complaint"]._noproof_process_overdue(), (0, 0))
        with freeze_time("2026-03-13"):
            complaint.invalidate_recordset(["is_overdue"])
            self.assertTrue(complaint.is_overdue)
            self.assertIn(complaint, self.env["noproof.complaint"].search([("is_overdue", "=", True)]))
            Policy._cron_process_overdue()
            Policy._cron_process_overdue()
            self.assertEqual(len(complaint.activity_ids), 1)
            self.assertEqual(complaint.activity_ids.user_id, self.office)
            self.assertEqual(complaint.overdue_at, datetime(2026, 3, 13))

    def test_a_county_follows_its_citys_complaint_deadline(self):
        """A county without its own complaint policy follows its city's; its own policy, once set, wins."""
        self.complaint_policy(self.city, 10)
        about_county = self.complaint(
            company_id=self.county.id,
            target_organization_id=self.county_civil.id,
            date_received=datetime(2026, 3, 2, 2, 0),
        )
        self.assertEqual(about_county.deadline, datetime(2026, 3, 12, 2, 0))
        self.complaint_policy(self.county, 5)
        later = self.complaint(
            company_id=self.county.id,
            target_organization_id=self.county_civil.id,
            date_received=datetime(2026, 3, 2, 2, 0),
        )
        self.assertEqual(later.deadline, datetime(2026, 3, 7, 2, 0))

    def test_access_per_group(self):
        """Taizhou art. 21, Luzhou art. 24: the industry authority sees complaints about the enterprises
        it supervises."""
        about_civil = self.complaint(complainant_name="Zhang Wei")
        about_water = self.complaint(target_organization_id=self.water.id)
        Complaint = self.env["noproof.complaint"]
        self.assertEqual(
            Complaint.with_user(self.window).search([("id", "in", (about_civil | about_water).ids)]),
            about_civil | about_water,
        )
        # the clerk acts for the civil affairs bureau: reads its complaint, not the complainant's identity
        self.assertEqual(Complaint.with_user(self.clerk).search([]), about_civil)
        with self.assertRaises(AccessError):
            about_civil.with_user(self.clerk).read(["complainant_name"])
        with self.assertRaises(AccessError):
            about_civil.with_user(self.clerk).write({"investigation": "<p>Nothing to see</p>"})
        # the verifier acts for the police, the water company's supervising authority
        self.assertEqual(Complaint.with_user(self.verifier).search([]), about_water)
        county_complaint = self.complaint(company_id=self.county.id, target_organization_id=self.county_civil.id)
        self.assertIn(county_complaint, Complaint.with_user(self.office).search([]), "a city office sees its counties")
        self.assertNotIn(county_complaint, Complaint.with_user(self.window).search([]))

    def test_overview_counts_what_needs_attention(self):
        """The office's overview counts the complaints and the cases past their deadline (issue 13)."""
        self.complaint_policy(self.city, 15)
        self.complaint()
        overdue = self.complaint(date_received=datetime(2020, 1, 1))
        self.make_rule().action_activate()
        applicant = self.env["res.partner"].create(
            {
                "name": "Applicant",
                "company_id": self.city.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331002197001010019",
            }
        )
        late_case, open_case = self.env["noproof.case"].create(
            [{"item_id": self.item.id, "applicant_id": applicant.id} for _i in range(2)]
        )
        # a case whose handling deadline passed, as the deadline engine stores it
        self.env.flush_all()
        self.env.cr.execute("UPDATE noproof_case SET deadline = '2020-01-10 00:00:00' WHERE id = %s", [late_case.id])
        self.env.invalidate_all()
        cards = {card["key"]: card for card in self.env["noproof.complaint"].with_user(self.office).noproof_overview()}
        self.assertEqual(cards["complaints_open"]["count"], 2)
        self.assertEqual(cards["complaints_overdue"]["count"], 1)
        self.assertEqual(self.env["noproof.complaint"].search(cards["complaints_overdue"]["domain"]), overdue)
        self.assertTrue(cards["complaints_overdue"]["alert"])
        self.assertEqual(cards["cases_overdue"]["count"], 1)
        self.assertEqual(self.env["noproof.case"].search(cards["cases_overdue"]["domain"]), late_case)
        self.assertNotIn(open_case, self.env["noproof.case"].search(cards["cases_overdue"]["domain"]))
        self.assertTrue(cards["cases_overdue"]["alert"])

    def test_overview_works_without_commitment(self):
        """Defect: supervision's overview raised KeyError without noproof_commitment, which it does not depend on.
        Its cards come only from the models present in the registry."""
        absent = {"noproof.commitment"}
        contains = api.Environment.__contains__

        def without_commitment(env, model_name):
            return model_name not in absent and contains(env, model_name)

        with patch.object(api.Environment, "__contains__", without_commitment):
            cards = self.env["noproof.complaint"].with_user(self.office).noproof_overview()
        keys = {card["key"] for card in cards}
        self.assertNotIn("commitments_overdue", keys)
        self.assertTrue({"complaints_open", "escalations_open", "under_target"} <= keys)
        specs = {spec[3] for spec in self.env["noproof.complaint"]._overview_cards()}
        self.assertIn("noproof.commitment", specs, "the card exists when commitment is installed")

    def test_overview_shows_the_office_its_approvals_and_follow_ups(self):
        """Taizhou art. 6 ¶2: the office sees the change requests it must decide and the county filings it
        must acknowledge; Luzhou art. 8: the commitments whose follow-up is late."""
        request = self.env["noproof.change.request"].create(
            {
                "item_id": self.county_item.id,
                "company_id": self.county.id,
                "certificate_id": self.cert_income.id,
                "disposition": "online_check",
                "legal_basis_id": self.law.id,
                "alternative_method": "Online",
                "reason": "County duty",
            }
        )
        request._workflow().write({"state": "submitted"})
        self.env["noproof.filing"]._workflow_create([{"change_request_id": request.id}])
        cards = {card["key"]: card for card in self.env["noproof.complaint"].with_user(self.office).noproof_overview()}
        self.assertEqual(cards["change_requests"]["count"], 1, "the city office sees its county's request")
        self.assertEqual(cards["filings"]["count"], 1)
        Commitment = self.env["noproof.commitment"].with_user(self.office)
        self.assertEqual(cards["commitments_overdue"]["count"], Commitment.search_count([("is_overdue", "=", True)]))
        self.assertTrue(cards["commitments_overdue"]["alert"])
        # the supervision window has no business with filings: the card counts nothing rather than failing
        window_cards = {
            card["key"]: card for card in self.env["noproof.complaint"].with_user(self.window).noproof_overview()
        }
        self.assertEqual(window_cards["filings"]["count"], 0)
