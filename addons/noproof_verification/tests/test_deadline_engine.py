from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import VerificationCase, utc


@tagged("post_install", "-at_install")
class TestCaseDeadline(VerificationCase):
    """One deadline engine (noproof.deadline.mixin): a case's handling deadline, its pauses, its overdue report,
    and the one scan that serves every document type. Office hours of the Taizhou-like city: 08:30-12:00 and
    14:00-17:30 (a working day is 7 office hours); 1-7 October 2024 are holidays, Saturday 12 October is worked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Policy = cls.env["noproof.sla.policy"]
        cls.case_policy = Policy.create(
            {
                "name": "Case handling (Taizhou)",
                "res_model": "noproof.case",
                "company_id": cls.city.id,
                "use_item_days": True,
                "duration": 20,
                "duration_unit": "working_days",
                "time_basis": "office",
                "calendar_id": cls.calendar.id,
            }
        )
        cls.lz_case_policy = Policy.create(
            {
                "name": "Case handling (Luzhou)",
                "res_model": "noproof.case",
                "company_id": cls.lz.id,
                "use_item_days": True,
                "duration": 20,
                "duration_unit": "working_days",
                "time_basis": "office",
                "calendar_id": cls.lz_calendar.id,
            }
        )
        (cls.immediate_item | cls.county_item | cls.lz_item | cls.lz_immediate_item).promised_days = 1

    @contextmanager
    def at(self, moment):
        with freeze_time(utc(moment)):
            yield

    def answer(self, ticket):
        ticket.with_user(ticket.assigned_user_id).action_answer("confirmed", "Father and son in the register")

    def test_deadline_is_the_items_promised_working_days(self):
        """A case is due after its item's promised working days of office time; an item without promised days
        gets the level's figure (here 20 working days)."""
        with self.at("2024-10-08 10:00"):
            quick = self.open_case(self.immediate_item)
            slow = self.open_case(self.item)
        self.assertEqual(quick.sla_policy_id, self.case_policy)
        self.assertEqual(quick.deadline, utc("2024-10-09 10:00"))
        # 20 working days after Tuesday 8 October, the make-up Saturday 12 October included
        self.assertEqual(slow.deadline, utc("2024-11-04 10:00"))

    def test_taizhou_the_clock_stops_while_tickets_wait(self):
        """Taizhou art. 11 ¶4: verification time is not counted in the handling organization's time. While a
        ticket waits the case has no deadline (its clock stands still); once answered, the deadline moves on by
        the office time the ticket waited, and the assessed time leaves it out."""
        with self.at("2024-10-08 09:00"):
            case = self.open_case(self.immediate_item)
        self.assertEqual(case.deadline, utc("2024-10-09 09:00"))
        with self.at("2024-10-08 10:00"):
            ticket = self.make_ticket(case, self.rule_immediate_kinship)
            ticket.action_send()
        self.assertTrue(case.deadline_paused)
        self.assertFalse(case.deadline)
        with self.at("2024-10-10 09:00"):
            self.assertFalse(case.is_overdue, "a stopped clock is never overdue")
        with self.at("2024-10-08 11:30"):
            self.answer(ticket)
        self.assertFalse(case.deadline_paused)
        self.assertEqual(case.deadline, utc("2024-10-09 10:30"), "1.5 office hours of waiting added")
        with self.at("2024-10-08 16:00"):
            case.with_user(self.clerk).action_approve()
        # 09:00-12:00 and 14:00-16:00 = 5 office hours, of which 1.5 waiting for the answer
        self.assertAlmostEqual(case.processing_hours, 5.0)
        self.assertAlmostEqual(case.office_hours, 3.5)
        self.assertTrue(case.on_time)

    def test_luzhou_stops_the_clock_for_immediate_items_only(self):
        """Luzhou art. 10: verification time is left out of the approving department's time for immediate items
        (即办件) only; the clock of another item keeps running while its ticket waits."""
        with self.at("2024-10-08 09:00"):
            immediate = self.open_case(self.lz_immediate_item)
            other = self.open_case(self.lz_item)
        deadline = other.deadline
        with self.at("2024-10-08 10:00"):
            self.make_ticket(immediate, self.rule_lz_immediate_kinship).action_send()
            self.make_ticket(other, self.rule_lz_kinship).action_send()
        self.assertTrue(immediate.deadline_paused)
        self.assertFalse(immediate.deadline)
        self.assertFalse(other.deadline_paused)
        self.assertEqual(other.deadline, deadline)
        # one working day (7 office hours) from the 09:00 opening ends at the 17:30 closing
        self.assertEqual(other.deadline, utc("2024-10-08 17:30"))

    def test_a_county_follows_its_citys_policy(self):
        """A county without its own case policy follows its city's; once it has one, its own."""
        with self.at("2024-10-08 09:00"):
            case = self.open_case(self.county_item, user=self.county_clerk)
        self.assertEqual(case.sla_policy_id, self.case_policy)
        county_policy = self.case_policy.copy({"company_id": self.county.id, "use_item_days": False, "duration": 2})
        with self.at("2024-10-08 09:00"):
            later = self.open_case(self.county_item, user=self.county_clerk)
        self.assertEqual(later.sla_policy_id, county_policy)
        self.assertEqual(later.deadline, utc("2024-10-10 09:00"))
        self.assertEqual(case.sla_policy_id, self.case_policy, "an opened case keeps its policy")

    def test_an_overdue_case_is_reported_once(self):
        """A case past its handling deadline is flagged (searchable), and its clerk gets one to-do, however often
        the scan runs."""
        with self.at("2024-10-08 09:00"):
            case = self.open_case(self.immediate_item)
        Case = self.env["noproof.case"]
        with self.at("2024-10-09 08:59"):
            self.assertFalse(case.is_overdue)
            self.assertTrue(case.is_due_soon)
            self.assertIn(case, Case.search([("is_due_soon", "=", True)]))
            self.assertEqual(Case._noproof_process_overdue(), (0, 0))
        with self.at("2024-10-09 09:01"):
            case.invalidate_recordset(["is_overdue", "is_due_soon"])
            self.assertTrue(case.is_overdue)
            self.assertFalse(case.is_due_soon)
            self.assertIn(case, Case.search([("is_overdue", "=", True)]))
            self.assertNotIn(case, Case.search([("is_overdue", "=", False)]))
            self.assertEqual(Case._noproof_process_overdue(), (1, 0))
            self.assertEqual(Case._noproof_process_overdue(), (0, 0), "reported once")
        overdue_type = self.env.ref("noproof_verification.mail_activity_type_case_overdue")
        activity = case.activity_ids.filtered(lambda a: a.activity_type_id == overdue_type)
        self.assertEqual(activity.user_id, self.clerk)
        self.assertEqual(case.overdue_at, utc("2024-10-09 09:01"))
        with self.at("2024-10-09 10:00"):
            case.with_user(self.clerk).action_cancel()
            case.invalidate_recordset(["is_overdue"])
            self.assertFalse(case.is_overdue, "a decided case is no longer overdue")

    def test_one_scan_serves_every_document_type(self):
        """The engine's one scheduled action reports overdue tickets (Taizhou art. 11 ¶3) and overdue cases in the
        same batches; a case whose clock stands still is not overdue."""
        Policy = self.env["noproof.sla.policy"]
        models = self.env["noproof.deadline.mixin"]._noproof_deadline_models()
        self.assertTrue({"noproof.verification.ticket", "noproof.case"} <= set(models))
        cron = self.env.ref("noproof_verification.ir_cron_deadline_overdue")
        self.assertEqual(cron.model_id.model, "noproof.sla.policy")
        self.assertIn("_cron_process_overdue", cron.code)
        with self.at("2024-10-08 09:00"):
            late_case = self.open_case(self.immediate_item)
            waiting_case = self.open_case(self.immediate_item)
        with self.at("2024-10-08 10:00"):
            ticket = self.make_ticket(waiting_case, self.rule_immediate_kinship)
            ticket.action_send()
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        job = Policy.with_context(ir_cron_progress_id=progress.id)
        with self.at("2024-10-09 10:00"):
            self.assertEqual(job._cron_process_overdue(batch_size=1), 1)
            self.assertEqual((progress.done, progress.remaining), (1, 1), "the scheduler calls again for the rest")
            self.assertEqual(job._cron_process_overdue(batch_size=1), 1)
            self.assertEqual(job._cron_process_overdue(batch_size=1), 0)
        self.assertTrue(ticket.overdue_at)
        self.assertEqual(len(ticket.escalation_ids), 1)
        self.assertTrue(late_case.overdue_at)
        self.assertFalse(waiting_case.overdue_at)

    def test_each_document_type_has_its_partial_index(self):
        """The overdue scan reads a partial index on the deadline of waiting, unreported documents."""
        for model in self.env["noproof.deadline.mixin"]._noproof_deadline_models():
            table = self.env[model]._table
            self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [f"{table}_overdue_idx"])
            definition = self.env.cr.fetchone()[0]
            self.assertIn("(deadline)", definition)
            self.assertIn("overdue_at IS NULL", definition)

    def test_the_engines_fields_change_only_through_the_engine(self):
        """Threat T1 (state by write): a clerk cannot move a case's deadline or clear its overdue report."""
        with self.at("2024-10-08 09:00"):
            case = self.open_case(self.immediate_item)
        for values in (
            {"deadline": "2030-01-01 00:00:00"},
            {"overdue_at": "2024-10-08 10:00:00"},
            {"office_hours": 0.1},
            {"on_time": True},
            {"sla_policy_id": False},
        ):
            with self.subTest(values=list(values)):
                with self.assertRaises(UserError) as caught:
                    case.with_user(self.clerk).write(values)
                self.assertIn("change only through", str(caught.exception))
        self.assertEqual(case.deadline, utc("2024-10-09 09:00"))


@tagged("post_install", "-at_install")
class TestLiveItemOnly(VerificationCase):
    """Issue 13 item 10: a case is opened only on an item whose certificate rules are in force."""

    def test_no_case_on_an_item_without_rules_in_force(self):
        """An item whose only rule is drafted (or has expired) takes no case: it would open with no check and be
        approved at once. The item picker offers only items that take cases."""
        Item = self.env["noproof.service.item"]
        drafted = Item.create({"name": "Drafted Item", "company_id": self.city.id, "organization_id": self.civil.id})
        self.env["noproof.certificate.rule"].create(
            {
                "item_id": drafted.id,
                "certificate_id": self.cert_household.id,
                "disposition": "license",
                "legal_basis_id": self.law.id,
                "alternative_method": "Checked without the applicant",
            }
        )
        expired = Item.create({"name": "Expired Item", "company_id": self.city.id, "organization_id": self.civil.id})
        self.make_rule(expired, self.cert_household, "license", date_end="2020-12-31")
        bare = Item.create({"name": "Bare Item", "company_id": self.city.id, "organization_id": self.civil.id})
        for item in (drafted, expired, bare):
            with self.subTest(item=item.name):
                with self.assertRaises(UserError) as caught:
                    self.open_case(item)
                self.assertIn("none of its certificate rules is in force", str(caught.exception))
                self.assertFalse(item.noproof_case_open)
        self.assertFalse(self.env["noproof.case"].search([("item_id", "in", (drafted | expired | bare).ids)]))
        takes_cases = Item.with_user(self.clerk).search([("noproof_case_open", "=", True)])
        self.assertIn(self.item, takes_cases)
        self.assertFalse(takes_cases & (drafted | expired | bare))
        self.assertIn(drafted, Item.search([("noproof_case_open", "=", False)]))
        domain = self.env["noproof.case"]._fields["item_id"].domain
        self.assertIn("noproof_case_open", domain, "the case form's item picker offers only live items")
        case = self.open_case(self.item)
        self.assertTrue(case.check_ids)


@tagged("post_install", "-at_install")
class TestDeadlineFigures(VerificationCase):
    """Answer times are measured once, in office hours, and kept on the ticket for the evaluation."""

    def test_answer_time_is_office_time(self):
        """Taizhou art. 11 ¶2: an immediate ticket sent on Friday 17:20 and answered on the make-up Saturday at
        08:40 took 20 office minutes (10 on Friday, 10 on Saturday), not 15 hours."""
        with freeze_time(utc("2024-10-11 17:20")):
            case = self.open_case(self.immediate_item)
            ticket = self.make_ticket(case, self.rule_immediate_kinship)
            ticket.action_send()
        self.assertEqual(ticket.deadline, utc("2024-10-12 08:50"))
        with freeze_time(utc("2024-10-12 08:40")):
            ticket.with_user(ticket.assigned_user_id).action_answer("confirmed", "In time")
        self.assertAlmostEqual(ticket.office_hours * 60, 20.0, places=1)
        self.assertTrue(ticket.on_time)
        self.assertEqual(ticket.answered_at, datetime(2024, 10, 12, 0, 40))
