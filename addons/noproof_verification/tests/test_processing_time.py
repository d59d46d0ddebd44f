from freezegun import freeze_time

from odoo.tests import tagged

from .common import VerificationCase, utc


@tagged("post_install", "-at_install")
class TestProcessingTime(VerificationCase):
    """A case's handling time in office time, without the time spent waiting for verification."""

    def at(self, moment):
        return freeze_time(utc(moment))

    def answer(self, ticket, moment, result="confirmed"):
        with self.at(moment):
            ticket.with_user(ticket.assigned_user_id).action_answer(result, "Verified in the records")

    def settle_other_checks(self, case):
        for check in case.check_ids.filtered(lambda c: c.state != "done"):
            check._noproof_resolve(
                "onsite_check" if check.disposition != "self_investigation" else "self_investigation", note="Checked"
            )

    def test_verification_time_is_left_out_of_the_assessed_time(self):
        """Taizhou art. 11 ¶4: the time spent on verification is not counted in the handling organization's
        processing time."""
        with self.at("2024-10-08 09:00"):
            case = self.open_case(self.immediate_item)
        with self.at("2024-10-08 10:00"):
            ticket = self.make_ticket(case, self.rule_immediate_kinship)
            ticket.action_send()
        self.answer(ticket, "2024-10-08 11:00")
        with self.at("2024-10-08 15:00"):
            self.assertAlmostEqual(case.current_processing_hours, 4.0)  # 09:00-12:00, 14:00-15:00
            case.action_approve()
        self.assertAlmostEqual(case.processing_hours, 4.0)
        self.assertAlmostEqual(case.waiting_hours, 1.0)
        self.assertAlmostEqual(case.office_hours, 3.0)

    def test_overlapping_tickets_count_once_and_only_in_office_time(self):
        """Taizhou art. 11 ¶4: waiting on two departments at once is one wait, counted in office hours."""
        with self.at("2024-10-08 09:00"):
            case = self.open_case(properties={"household_size": 3})
        with self.at("2024-10-08 10:00"):
            police = self.make_ticket(case, self.rule_kinship)
            police.action_send()
        with self.at("2024-10-08 10:30"):
            bank = self.make_ticket(
                case,
                self.rule_deposit,
                authorization_attachment_ids=[
                    (0, 0, {"name": "authorization.pdf", "raw": b"%PDF-1.4 signed authorization"})
                ],
            )
            bank.action_send()
        self.answer(police, "2024-10-08 11:00")
        self.answer(bank, "2024-10-08 14:30")
        self.settle_other_checks(case)
        with self.at("2024-10-09 09:30"):
            case.action_approve()
        # 09:00-12:00 + 14:00-17:30 on Tuesday, 08:30-09:30 on Wednesday
        self.assertAlmostEqual(case.processing_hours, 7.5)
        # one wait from 10:00 to 14:30, of which 10:00-12:00 and 14:00-14:30 are office time
        self.assertAlmostEqual(case.waiting_hours, 2.5)
        self.assertAlmostEqual(case.office_hours, 5.0)

    def test_luzhou_leaves_verification_time_out_for_immediate_items_only(self):
        """Luzhou art. 10: verification time is not counted in the assessed time of immediate items; for other
        items it is (the difference is the level's setting, not code)."""
        results = {}
        for item, rule in (
            (self.lz_immediate_item, self.rule_lz_immediate_kinship),
            (self.lz_item, self.rule_lz_kinship),
        ):
            with self.at("2024-10-08 09:00"):
                case = self.open_case(item)
            with self.at("2024-10-08 09:30"):
                ticket = self.make_ticket(case, rule)
                ticket.action_send()
            self.answer(ticket, "2024-10-08 10:00")
            with self.at("2024-10-08 11:00"):
                case.action_approve()
            results[item.handling_type] = (case.processing_hours, case.waiting_hours, case.office_hours)
        self.assertEqual(results["immediate"], (2.0, 0.5, 1.5))
        self.assertEqual(results["non_immediate"], (2.0, 0.5, 2.0))

    def test_a_cancelled_ticket_stops_the_wait(self):
        with self.at("2024-10-08 09:00"):
            case = self.open_case(self.immediate_item)
        with self.at("2024-10-08 09:30"):
            ticket = self.make_ticket(case, self.rule_immediate_kinship)
            ticket.action_send()
        with self.at("2024-10-08 10:30"):
            ticket.action_cancel()
            self.check_of(case, self.rule_immediate_kinship)._noproof_resolve("onsite_check", note="Checked")
        with self.at("2024-10-08 11:00"):
            case.action_approve()
        self.assertEqual((case.processing_hours, case.waiting_hours, case.office_hours), (2.0, 1.0, 1.0))

    def test_open_cases_show_the_time_so_far(self):
        with self.at("2024-10-11 17:00"):
            case = self.open_case(self.immediate_item)
            ticket = self.make_ticket(case, self.rule_immediate_kinship)
            ticket.action_send()
        with self.at("2024-10-14 09:00"):
            # Friday 17:00-17:30, the make-up Saturday (7 hours), Monday 08:30-09:00
            self.assertAlmostEqual(case.current_processing_hours, 8.0)
            self.assertAlmostEqual(case.current_waiting_hours, 8.0)
            self.assertAlmostEqual(case.current_assessed_hours, 0.0)
            self.assertFalse(case.processing_hours)  # figures of record come with the decision

    def test_reporting_groups_the_figures_of_record(self):
        with self.at("2024-10-08 09:00"):
            case = self.open_case(self.immediate_item)
            self.check_of(case, self.rule_immediate_kinship)._noproof_resolve("onsite_check", note="Checked")
        with self.at("2024-10-08 10:30"):
            case.action_approve()
        groups = (
            self.env["noproof.case"]
            .with_user(self.office)
            ._read_group([("id", "=", case.id)], ["organization_id"], ["processing_hours:avg", "office_hours:avg"])
        )
        self.assertEqual(groups, [(self.civil, 1.5, 1.5)])

    def test_figures_on_the_case_form_and_in_the_office_report(self):
        """Taizhou art. 11 ¶4, Luzhou art. 10: the case form shows its processing, waiting and assessed time;
        the office's report (pivot and graph, under Reporting) shows them per organization."""
        action = self.env["ir.actions.act_window"]._for_xml_id("noproof_verification.action_noproof_case_analysis")
        self.assertEqual(action["view_mode"].split(",")[:2], ["pivot", "graph"])
        menu = self.env.ref("noproof_verification.menu_noproof_case_analysis")
        self.assertEqual(menu.parent_id, self.env.ref("noproof_catalog.menu_noproof_reporting"))
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.office)._visible_menu_ids())
        self.assertNotIn(menu.parent_id.id, self.env["ir.ui.menu"].with_user(self.clerk)._visible_menu_ids())
        views = (
            self.env["noproof.case"]
            .with_user(self.office)
            .get_views([(False, "form"), (False, "pivot"), (False, "graph")])["views"]
        )
        for field in ("current_processing_hours", "current_waiting_hours", "current_assessed_hours"):
            self.assertIn(f'name="{field}"', views["form"]["arch"])
        for field in ("processing_hours", "waiting_hours", "office_hours"):
            self.assertIn(f'name="{field}"', views["pivot"]["arch"])
        for field in ("waiting_hours", "office_hours"):
            self.assertIn(f'name="{field}"', views["graph"]["arch"])
