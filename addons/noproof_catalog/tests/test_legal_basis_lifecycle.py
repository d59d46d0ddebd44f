from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_change_request import ChangeControlCase


@tagged("post_install", "-at_install")
class TestLegalBasisLifecycle(ChangeControlCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_law = cls.env["noproof.legal.basis"].create(
            {
                "name": "Social Assistance Measures (2024 amendment)",
                "article": "Art. 12",
                "level": "administrative_regulation",
                "date_effective": "2024-03-01",
            }
        )
        cls.redecide = cls.env.ref("noproof_catalog.mail_activity_type_redecide")
        cls.Rule = cls.env["noproof.certificate.rule"]

    def line_of(self, lst, rule):
        return lst.line_ids.filtered(lambda line: line.rule_id == rule)

    def test_rules_stop_on_the_day_their_basis_is_repealed(self):
        """Taizhou art. 6 ¶3: when the basis is repealed or amended, the certificates it set stop from that day;
        the rules and the list are told, and the office gets one activity per item to re-decide."""
        self.law.write({"date_repealed": "2024-03-01", "replaced_by_id": self.new_law.id})
        with freeze_time("2024-02-29"):
            self.assertEqual(self.Rule._cron_suspend_on_lapsed_basis(), 0)
            self.assertEqual(self.rule_household.state, "active")
        with freeze_time("2024-03-01"):
            # rule_household and rule_kinship of the city's item, plus the other city's and the county's rules.
            self.assertEqual(self.Rule._cron_suspend_on_lapsed_basis(), 4)
        for rule in (self.rule_household, self.rule_kinship, self.other_rule, self.county_rule):
            self.assertEqual((rule.state, str(rule.date_suspended)), ("suspended", "2024-03-01"))
        self.assertIn(
            "replaced by Social Assistance Measures (2024 amendment)", self.rule_household.message_ids[0].body
        )
        line = self.line_of(self.city_list, self.rule_household)
        self.assertEqual(str(line.date_stopped), "2024-03-01")
        self.assertEqual(line.stop_basis, "Social Assistance Measures Art. 11")
        self.assertEqual(line.disposition, "online_check", "the published promise itself is unchanged")
        self.assertIn("Minimum Living Allowance / Household Certificate", self.city_list.message_ids[0].body)
        activities = self.item.activity_ids.filtered(lambda act: act.activity_type_id == self.redecide)
        self.assertEqual(len(activities), 1, "one activity for the item, not one per rule")
        self.assertEqual(activities.user_id, self.office)
        self.assertEqual(self.other_item.activity_ids.user_id, self.lz_office, "each level's own office")
        self.assertEqual(self.county_item.activity_ids.user_id, self.county_office)

        # Running again changes nothing.
        with freeze_time("2024-03-02"):
            self.assertEqual(self.Rule._cron_suspend_on_lapsed_basis(), 0)
        self.assertEqual(len(self.item.activity_ids), 1)

    def test_office_re_decides_on_the_amended_basis(self):
        """Taizhou art. 6 ¶3 and ¶2: the suspended certificate comes back only through an approved request
        on the basis in force."""
        self.law.write({"date_repealed": "2024-03-01", "replaced_by_id": self.new_law.id})
        with freeze_time("2024-03-05"):
            self.Rule._cron_suspend_on_lapsed_basis()
            request = self.new_request(
                self.clerk,
                request_type="change",
                rule_id=self.rule_household.id,
                legal_basis_id=self.law.id,
                date_effective="2024-03-05",
            )
            with self.assertRaisesRegex(UserError, "not in force"):
                request.action_submit()
            request.legal_basis_id = self.new_law
            request.action_submit()
            self.approve(request, self.civil_head, self.office)
        self.assertEqual((self.rule_household.state, self.rule_household.legal_basis_id), ("active", self.new_law))
        self.assertFalse(self.rule_household.date_suspended)
        self.assertFalse(self.line_of(request.list_id, self.rule_household).date_stopped)
        kinship_line = self.line_of(request.list_id, self.rule_kinship)
        self.assertEqual(str(kinship_line.date_stopped), "2024-03-01", "the next version still shows what stopped")
        self.assertTrue(
            self.item.activity_ids.filtered(lambda act: act.activity_type_id == self.redecide),
            "the kinship certificate still waits for a decision",
        )
        request = self.new_request(
            self.clerk,
            request_type="change",
            rule_id=self.rule_kinship.id,
            disposition="assistance",
            legal_basis_id=self.new_law.id,
            alternative_method="Ticket to the police",
            assisting_organization_id=self.police.id,
        )
        request.action_submit()
        self.approve(request, self.civil_head, self.office)
        self.assertFalse(
            self.item.activity_ids.filtered(lambda act: act.activity_type_id == self.redecide),
            "every certificate re-decided: the activity is done",
        )

    def test_scheduled_run_works_in_committed_batches(self):
        """The daily job handles one batch per call and reports progress, so the scheduler commits between batches."""
        self.law.date_repealed = "2024-03-01"
        cron = self.env.ref("noproof_catalog.ir_cron_noproof_lapsed_basis")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        Rule = self.Rule.with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2024-03-01"):
            self.assertEqual(Rule._cron_suspend_on_lapsed_basis(batch_size=3), 3)
            self.assertEqual((progress.done, progress.remaining), (3, 1))
            self.assertEqual(Rule._cron_suspend_on_lapsed_basis(batch_size=3), 1)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertEqual(Rule._cron_suspend_on_lapsed_basis(batch_size=3), 0)
        self.assertEqual(self.Rule.search_count([("legal_basis_id", "=", self.law.id), ("state", "=", "active")]), 0)

    def test_repealing_wakes_the_job(self):
        cron = self.env.ref("noproof_catalog.ir_cron_noproof_lapsed_basis")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.law.date_repealed = "2099-01-01"
        new = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        self.assertEqual(len(new), 1)
        self.assertEqual(str(new.call_at.date()), "2099-01-01")
