from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import NoproofSupervisionCase


@tagged("post_install", "-at_install")
class TestEvaluation(NoproofSupervisionCase):
    """Figures checked against hand-built data for the first quarter of 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["noproof.evaluation.metric"]._setup_company(cls.city.id)
        cls.assist = cls.make_rule(disposition="assistance", assisting_organization_id=cls.police.id)
        cls.commit = cls.make_rule(certificate=cls.cert_kinship, disposition="commitment")
        cls.retained = cls.make_rule(certificate=cls.cert_income, disposition="retained", alternative_method=False)
        (cls.assist | cls.commit | cls.retained).action_activate()
        cls.applicant = cls.env["res.partner"].create(
            {"name": "Applicant", "noproof_id_type": "resident_id", "noproof_id_number": "331002197001010027"}
        )
        Case = cls.env["noproof.case"]
        cls.cases = Case.create([{"item_id": cls.item.id, "applicant_id": cls.applicant.id} for _ in range(3)])
        Ticket = cls.env["noproof.verification.ticket"]
        checks = cls.cases.check_ids.filtered(lambda check: check.disposition == "assistance")
        cls.tickets = Ticket.create(
            [
                {"check_id": check.id, "assisting_organization_id": cls.police.id, "question": "Same household?"}
                for check in checks
            ]
        )
        cls.env.flush_all()
        cr = cls.env.cr
        # cases decided in Q1 2026 (UTC times of Shanghai office hours); the third one in Q2
        for case, decided in zip(cls.cases, ("2026-01-15 03:00", "2026-02-10 03:00", "2026-04-02 03:00"), strict=True):
            cr.execute(
                "UPDATE noproof_case SET state = 'approved', date_decided = %s WHERE id = %s", [decided, case.id]
            )
        # the first case was decided a day after its handling deadline, the second on time
        for case, deadline, on_time in zip(
            cls.cases[:2], ("2026-01-14 03:00", "2026-02-11 03:00"), (False, True), strict=True
        ):
            cr.execute(
                "UPDATE noproof_case SET deadline = %s, on_time = %s WHERE id = %s", [deadline, on_time, case.id]
            )
        # police tickets: one answered in 30 min (on time), one answered 2 h late (3 office hours), one never
        # answered; the figures of record as the deadline engine stores them
        for ticket, (sent, deadline, answered, state, on_time, hours) in zip(
            cls.tickets,
            (
                ("2026-01-15 01:00", "2026-01-15 02:00", "2026-01-15 01:30", "answered", True, 0.5),
                ("2026-02-10 01:00", "2026-02-10 02:00", "2026-02-10 04:00", "answered", False, 3.0),
                ("2026-03-20 01:00", "2026-03-20 02:00", None, "sent", False, 0.0),
            ),
            strict=True,
        ):
            cr.execute(
                "UPDATE noproof_verification_ticket SET state = %s, sent_at = %s, deadline = %s, answered_at = %s, "
                "on_time = %s, office_hours = %s WHERE id = %s",
                [state, sent, deadline, answered, on_time, hours, ticket.id],
            )
        cls.env.invalidate_all()
        cls.complaint(date_received=datetime(2026, 2, 1, 2, 0), substantiated="yes")
        cls.complaint(date_received=datetime(2026, 2, 2, 2, 0), substantiated="no")
        cls.complaint(date_received=datetime(2025, 12, 1, 2, 0), substantiated="yes")  # before the quarter
        Ledger = cls.env["noproof.ledger.entry"]
        with freeze_time("2026-02-10 03:00:00"):
            Ledger.record(
                "supplement_request", organization=cls.civil, reason="Income does not match", document=cls.cases[0]
            )
            Ledger.record(
                "false_commitment",
                organization=cls.civil,
                applicant_name="Applicant",
                reason="Declared no income, had a salary",
            )
        cls.evaluation = cls.env["noproof.evaluation"].create(
            {"company_id": cls.city.id, "period_type": "quarter", "year": 2026, "period_number": 1}
        )

    def line(self, organization):
        return self.evaluation.line_ids.filtered(lambda line: line.organization_id == organization)

    def test_figures_per_organization(self):
        """Taizhou art. 18, Luzhou art. 21: the office evaluates each organization on its record."""
        self.assertEqual((str(self.evaluation.date_from), str(self.evaluation.date_to)), ("2026-01-01", "2026-03-31"))
        self.evaluation.with_user(self.office).action_compute()
        civil, police = self.line(self.civil), self.line(self.police)
        self.assertRecordValues(
            civil,
            [
                {
                    "cancelled_count": 0,
                    "replaced_count": 2,
                    "retained_count": 1,
                    "case_count": 2,
                    "check_count": 6,
                    "commitment_count": 2,
                    "complaint_count": 2,
                    "substantiated_count": 1,
                    "supplement_count": 1,
                    "false_commitment_count": 1,
                    "ticket_count": 0,
                    "overdue_case_count": 1,
                }
            ],
        )
        self.assertRecordValues(
            police,
            [
                {
                    "ticket_count": 3,
                    "on_time_count": 1,
                    "overdue_count": 2,
                    "case_count": 0,
                }
            ],
        )
        self.assertAlmostEqual(police.median_answer_hours, 1.75)  # 0.5 h and 3 h of office time
        self.assertAlmostEqual(police.on_time_rate, 100 / 3)

    def test_score_and_ranking_follow_the_weights(self):
        """Taizhou art. 19: the office sets how the evaluation is scored."""
        self.evaluation.action_compute()
        civil, police = self.line(self.civil), self.line(self.police)
        # civil: cancellation 30*(2/3) + commitment 10*(2/6) + on time 30 + complaints 20/2 + supplements 10*(1-1/2)
        self.assertAlmostEqual(civil.score, round(20 + 10 / 3 + 30 + 10 + 5, 1))
        # police: no rules, no cases: 30 + 0 + 30*(1/3) + 20 + 10
        self.assertAlmostEqual(police.score, 70.0)
        self.assertEqual(self.evaluation.line_ids[0].rank, 1)
        self.assertTrue(self.evaluation.line_ids[0].score >= self.evaluation.line_ids[-1].score)
        self.assertTrue(police.under_target, "below the default target of 80")

    def test_equal_scores_share_a_place(self):
        """Taizhou art. 18 ¶2, Luzhou art. 22: the evaluation ranks organizations; equal scores share a place and
        the next score takes the next place (dense ranking), so the last place is not the number of
        organizations."""
        Line = self.env["noproof.evaluation.line"]
        ranked = Line._rank([{"score": 80.0}, {"score": 90.0}, {"score": 70.5}, {"score": 90.0}])
        self.assertEqual([(vals["score"], vals["rank"]) for vals in ranked], [(90, 1), (90, 1), (80, 2), (70.5, 3)])
        self.evaluation.action_compute()
        lines = self.evaluation.line_ids
        scores = sorted(set(lines.mapped("score")), reverse=True)
        for line in lines:
            self.assertEqual(line.rank, scores.index(line.score) + 1, line.organization_id.name)

    def test_ranks_are_never_added_up(self):
        """Taizhou art. 18 ¶2: the supervision window's ranking groups lines by level without adding up places."""
        self.evaluation.action_compute()
        groups = self.env["noproof.evaluation.line"].read_group(
            [("evaluation_id", "=", self.evaluation.id)], ["rank", "score"], ["company_id"]
        )
        self.assertTrue(groups)
        self.assertTrue(all("rank" not in group and "score" in group for group in groups))

    def test_median_answer_time_reads_as_hours_and_minutes(self):
        """Taizhou art. 11, Luzhou art. 9: the median time to answer a ticket is shown as hours and minutes, and as
        a dash for an organization that answered none (not as 00:00)."""
        self.evaluation.action_compute()
        self.assertEqual(self.line(self.police).answered_count, 2)
        self.assertEqual(self.line(self.police).median_answer_display, "1 h 45 min")
        self.assertEqual(self.line(self.civil).median_answer_display, "—")
        Line = self.env["noproof.evaluation.line"]
        self.assertEqual([Line._format_duration(m) for m in (0, 45, 60, 125)], ["0 min", "45 min", "1 h", "2 h 05 min"])
        self.assertEqual(Line.with_context(lang="zh_CN")._format_duration(125), "2小时05分钟")

    def test_false_commitments_are_not_scored(self):
        """Taizhou art. 8 ¶3, Luzhou art. 20: an applicant's false promise is no fault of the office."""
        self.evaluation.action_compute()
        before = self.line(self.civil).score
        with freeze_time("2026-03-01 03:00:00"):
            for n in range(3):
                self.env["noproof.ledger.entry"].record(
                    "false_commitment", organization=self.civil, applicant_name=f"Applicant {n}", reason="False"
                )
        self.evaluation.action_compute()
        self.assertEqual(self.line(self.civil).false_commitment_count, 4)
        self.assertEqual(self.line(self.civil).score, before)

    def test_weights_must_add_up(self):
        """Bad input: a weight set that does not add up to 100 is refused with the total."""
        self.env["noproof.evaluation.metric"].search(
            [("company_id", "=", self.city.id), ("metric", "=", "on_time")]
        ).weight = 50
        with self.assertRaisesRegex(ValidationError, "add up to 120"):
            self.evaluation.action_compute()
        self.assertFalse(self.evaluation.line_ids)
        with self.assertRaises(ValidationError):
            self.env["noproof.evaluation"].create(
                {"company_id": self.city.id, "period_type": "quarter", "year": 2026, "period_number": 5}
            )

    def test_counties_roll_up_to_the_city(self):
        """Taizhou art. 18–19: the city's evaluation covers its counties' organizations."""
        self.make_rule(item=self.county_item).action_activate()  # a case is opened only on a live item
        county_item_case = self.env["noproof.case"].create(
            {"item_id": self.county_item.id, "applicant_id": self.applicant.id}
        )
        self.env.cr.execute(
            "UPDATE noproof_case SET state = 'approved', date_decided = '2026-03-03 03:00' WHERE id = %s",
            [county_item_case.id],
        )
        self.evaluation.action_compute()
        self.assertIn(self.county_civil, self.evaluation.line_ids.organization_id)
        self.assertEqual(self.line(self.county_civil).case_count, 1)
        county = self.env["noproof.evaluation"].create(
            {"company_id": self.county.id, "period_type": "quarter", "year": 2026, "period_number": 1}
        )
        county.action_compute()
        county_total = sum(county.line_ids.mapped("case_count"))
        city_county_total = sum(
            self.evaluation.line_ids.filtered(lambda line: line.company_id == self.county).mapped("case_count")
        )
        self.assertEqual(city_county_total, county_total)
        self.assertNotIn(self.civil, county.line_ids.organization_id)

    def test_interviews_for_those_under_target(self):
        """Taizhou art. 18 ¶2, Luzhou art. 22: those who fall short are interviewed (约谈)."""
        self.evaluation.action_compute()
        self.evaluation.action_propose_interviews()
        under = self.evaluation.line_ids.filtered("under_target").organization_id
        self.assertEqual(self.evaluation.interview_ids.organization_id, under)
        self.evaluation.action_propose_interviews()
        self.assertEqual(len(self.evaluation.interview_ids), len(under), "proposed once")
        interview = self.evaluation.interview_ids.filtered(lambda i: i.organization_id == self.police)
        with self.assertRaisesRegex(UserError, "leaders interviewed"):
            interview.action_hold()
        interview.write(
            {
                "leaders": "Deputy director",
                "date_planned": "2026-04-10 02:00:00",
                "minutes": "<p>Explained the delays.</p>",
            }
        )
        interview.action_hold()
        interview.follow_up = "<p>A designated verifier on duty every afternoon.</p>"
        interview.action_follow_up()
        self.assertEqual(interview.state, "followed_up")

    def test_report_freezes_and_prints(self):
        self.evaluation.action_compute()
        self.evaluation.action_report()
        self.assertEqual(self.evaluation.state, "reported")
        with self.assertRaisesRegex(UserError, "frozen"):
            self.evaluation.action_compute()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("noproof_supervision.report_noproof_evaluation", self.evaluation.ids)[0]
            .decode()
        )
        self.assertIn("City Civil Affairs", html)
        self.assertIn("never scored", html)

    def test_report_prints_the_published_ledger_head(self):
        """Issue 11 part 6 (ledger rewritten by an administrator): the evaluation report prints the level's ledger
        chain head (number, hash, date) published last before reporting, so a later rewrite shows against it."""
        Anchor = self.env["noproof.ledger.anchor"]
        with freeze_time("2026-04-01 01:00:00"):
            Anchor._publish()
        anchor = Anchor._latest_for(self.city)
        self.assertTrue(anchor, "the fixture's ledger entries give the city a chain head")
        self.evaluation.action_compute()
        self.evaluation.action_report()
        self.assertEqual(self.evaluation.ledger_anchor_id, anchor)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("noproof_supervision.report_noproof_evaluation", self.evaluation.ids)[0]
            .decode()
        )
        self.assertIn(anchor.entry_hash, html)
        self.assertIn(f">{anchor.sequence}<", html)
        # a head published later does not change what the reported evaluation prints
        self.env["noproof.ledger.entry"].record(
            "supplement_request", organization=self.civil, reason="Later", document=self.cases[1]
        )
        with freeze_time("2026-04-02 01:00:00"):
            later = Anchor._publish().filtered(lambda head: head.company_id == self.city)
        self.assertTrue(later)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("noproof_supervision.report_noproof_evaluation", self.evaluation.ids)[0]
            .decode()
        )
        self.assertIn(anchor.entry_hash, html)
        self.assertNotIn(later.entry_hash, html)

    def test_computed_evaluation_keeps_its_figures(self):
        """Threat T-eval (figures rewritten): lines are written by the computation only; their figures, score and
        rank cannot be changed, lines cannot be added or deleted by hand, and a reported evaluation keeps its
        period, its target and its state."""
        self.evaluation.action_compute()
        line = self.line(self.civil)
        with self.assertRaisesRegex(UserError, "change only through its own buttons"):
            line.write({"score": 100.0})
        with self.assertRaisesRegex(UserError, "change only through its own buttons"):
            line.write({"overdue_count": 0, "rank": 1})
        with self.assertRaisesRegex(UserError, "change only through its own buttons"):
            self.env["noproof.evaluation.line"].create(
                {"evaluation_id": self.evaluation.id, "organization_id": self.water.id, "score": 99.0}
            )
        with self.assertRaisesRegex(UserError, "computing the evaluation again"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "change only through its own buttons"):
            self.evaluation.write({"state": "reported"})
        with self.assertRaisesRegex(UserError, "period and scope"):
            self.evaluation.write({"year": 2025})
        self.evaluation.write({"target_score": 10.0})  # a computed evaluation may take another target
        self.evaluation.action_report()
        with self.assertRaisesRegex(UserError, "period and scope"):
            self.evaluation.write({"target_score": 99.0})
        with self.assertRaisesRegex(UserError, "frozen"):
            self.evaluation.action_reset()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.evaluation.unlink()
        self.assertEqual(self.evaluation.state, "reported")

    def test_industry_authority_sees_its_enterprises(self):
        """Taizhou art. 21, Luzhou art. 24: the industry authority follows the enterprises it supervises."""
        self.evaluation.action_compute()
        lines = self.env["noproof.evaluation.line"].with_user(self.verifier).search([])
        self.assertEqual(lines.organization_id, self.police | self.water)
        self.assertFalse(
            self.env["noproof.evaluation.line"].with_user(self.clerk).search([("organization_id", "=", self.police.id)])
        )
