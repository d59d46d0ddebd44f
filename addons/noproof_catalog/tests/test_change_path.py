from ast import literal_eval

from odoo.exceptions import UserError
from odoo.tests import tagged

from .rpc import NoproofRpcCase
from .test_change_request import ChangeControlCase


@tagged("post_install", "-at_install")
class TestChangePath(ChangeControlCase):
    """Every state of a rule and of a change request has a way forward, or is final (issue 13)."""

    def test_rule_form_opens_a_prefilled_request_at_a_published_level(self):
        """Taizhou art. 6 ¶2: where the level has published its list, a drafted rule takes effect only through a
        change request; the rule's button creates one filled with the rule, and opens the same draft again."""
        rule = self.make_rule(certificate=self.cert_income, disposition="online_check")
        self.assertTrue(rule.change_controlled)
        with self.assertRaisesRegex(UserError, "change request"):
            rule.with_user(self.manager).action_activate()
        action = rule.with_user(self.manager).action_request_change()
        request = self.env["noproof.change.request"].browse(action["res_id"])
        self.assertEqual((action["res_model"], action["view_mode"]), ("noproof.change.request", "form"))
        self.assertEqual(
            (request.request_type, request.rule_id, request.item_id, request.state),
            ("change", rule, rule.item_id, "draft"),
        )
        self.assertEqual(
            (request.disposition, request.legal_basis_id, request.alternative_method),
            (rule.disposition, rule.legal_basis_id, rule.alternative_method),
        )
        self.assertTrue(request.adds_requirement, "a draft rule asking for anything adds a certificate")
        again = rule.with_user(self.manager).action_request_change()
        self.assertEqual(again["res_id"], request.id, "a second click opens the same draft, not a new one")

    def test_request_on_a_draft_rule_brings_it_into_force_with_its_validity(self):
        """Taizhou art. 6 ¶2: the approved request activates the drafted rule with the approved values (validity
        included) and publishes the next list version; the request picker offers the draft."""
        rule = self.make_rule(certificate=self.cert_income, disposition="online_check")
        Request = self.env["noproof.change.request"]
        picker = Request.new({"item_id": self.item.id, "request_type": "change"})
        offered = self.env["noproof.certificate.rule"].search(
            [("item_id", "=", self.item.id), ("state", "in", ("draft", "active", "suspended"))]
        )
        self.assertIn(rule, offered)
        self.assertIn("'draft'", str(picker._fields["rule_id"].domain))
        request = Request.with_user(self.clerk).create(
            {
                **Request._noproof_values_from_rule(rule),
                "reason": "Income is checked online from now on",
                "date_end": "2099-12-31",
            }
        )
        request.with_user(self.clerk).action_submit()
        self.approve(request, self.civil_head, self.office)
        self.assertEqual(request.state, "approved")
        self.assertEqual((rule.state, str(rule.date_end)), ("active", "2099-12-31"))
        self.assertIn(rule, request.list_id.line_ids.rule_id)

    def test_a_tier_nobody_can_decide_is_refused_at_submission(self):
        """No dead end: a request whose chain has a tier without reviewers (a department without a head) is not
        submitted; the message names the tier and what to configure, and the request stays a draft."""
        self.civil.head_id = False
        request = self.new_request(self.clerk)
        with self.assertRaisesRegex(UserError, "nobody can decide its tier 'Department Head'.*City Civil Affairs"):
            request.with_user(self.clerk).action_submit()
        self.assertEqual(request.state, "draft")

    def test_next_tier_in_words(self):
        """The list and the form name the next tier and who decides it; with none left they show nothing, never a
        raw recordset."""
        request = self.new_request(self.clerk)
        request.with_user(self.clerk).action_submit()
        self.assertEqual(request.next_review, f"Next: Department Head ({self.civil_head.name})")
        self.approve(request, self.civil_head, self.office)
        request.invalidate_recordset(["next_review"])
        self.assertFalse(request.next_review)

    def test_rule_suspended_on_a_lapsed_basis_is_redecided_from_its_form(self):
        """Taizhou art. 6 ¶3: a rule stopped by the repeal of its legal basis is re-decided through a change request
        that its form opens, resting on the replacing law; the approval brings it back into force."""
        new_law = self.env["noproof.legal.basis"].create(
            {
                "name": "Replacing Assistance Regulation",
                "level": "administrative_regulation",
                "date_effective": "2024-03-01",
            }
        )
        self.law.write({"date_repealed": "2024-03-01", "replaced_by_id": new_law.id})
        self.env["noproof.certificate.rule"]._cron_suspend_on_lapsed_basis()
        rule = self.rule_household
        self.assertEqual(rule.state, "suspended")
        self.assertTrue(rule.change_controlled)
        request = self.env["noproof.change.request"].browse(
            rule.with_user(self.clerk).action_request_change()["res_id"]
        )
        request.write({"legal_basis_id": new_law.id, "reason": "The regulation was replaced"})
        request.with_user(self.clerk).action_submit()
        self.approve(request, self.civil_head, self.office)
        self.assertEqual((rule.state, rule.legal_basis_id), ("active", new_law))

    def test_retired_rule_points_to_an_addition(self):
        """A retired rule is final: its button says to ask for the certificate again with an addition."""
        rule = self.make_rule(certificate=self.cert_income, disposition="cancelled", legal_basis_id=False)
        rule.action_retire()
        with self.assertRaisesRegex(UserError, "Add a Certificate"):
            rule.with_user(self.manager).action_request_change()

    def test_missing_counterpart_is_named_at_submission(self):
        """The request is complete before it starts its chain: what the changed rule would lack (here the
        assisting organization) is named at submission, not at the last tier."""
        request = self.new_request(self.clerk, disposition="assistance")
        with self.assertRaisesRegex(UserError, "assisting organization|organization that answers"):
            request.with_user(self.clerk).action_submit()


@tagged("post_install", "-at_install")
class TestChangePathRpc(NoproofRpcCase):
    """The change path over JSON-RPC, as each demo role."""

    def _draft_rule(self):
        item = self.env.ref("noproof_catalog.item_tz_temporary_assistance")
        return self.env["noproof.certificate.rule"].create(
            {
                "item_id": item.id,
                "certificate_id": self.env.ref("noproof_catalog.cert_unemployment").id,
                "disposition": "online_check",
                "legal_basis_id": self.env.ref("noproof_catalog.basis_social_assistance").id,
                "alternative_method": "通过税务信息在线核验",
            }
        )

    def test_draft_rule_at_a_published_level_cannot_be_forced_live(self):
        """Threat: a configuration administrator brings a certificate into force after publication without the
        office's approval (Taizhou art. 6 ¶2). Neither the button nor a write over JSON-RPC activates the draft."""
        rule = self._draft_rule()
        self.sign_in("np_manager")
        self.refused("noproof.certificate.rule", "action_activate", [[rule.id]])
        self.refused("noproof.certificate.rule", "write", [[rule.id], {"state": "active"}])
        self.assertEqual(rule.state, "draft")
        action = self.call_kw("noproof.certificate.rule", "action_request_change", [[rule.id]])
        request = self.env["noproof.change.request"].browse(action["res_id"])
        self.assertEqual((request.rule_id, request.state), (rule, "draft"))

    def test_reviews_waiting_for_me(self):
        """Each approver finds the requests waiting for their tier in 待我审批, and only when their turn comes; the
        approvals menu of the systray names them in Chinese."""
        request = self.env.ref("noproof_catalog.cr_tz_temporary_assistance_household")
        action = self.env.ref("noproof_catalog.action_noproof_change_request_to_review")
        self.sign_in("np_clerk")
        self.call_button("noproof.change.request", "action_submit", [request.id])
        self.sign_in("np_office")
        domain = literal_eval(action.domain)
        waiting = self.call_kw("noproof.change.request", "search", [domain])
        self.assertNotIn(request.id, waiting, "the office's turn comes after the department head")
        self.sign_in("tz_civil_head")
        self.assertIn(request.id, self.call_kw("noproof.change.request", "search", [domain]))
        systray = self.call_kw("res.users", "review_user_count", [])
        self.assertIn("证明材料变更申请", [group["name"] for group in systray])
        self.call_button("noproof.change.request", "validate_tier", [request.id])
        self.sign_in("np_office")
        self.assertIn(request.id, self.call_kw("noproof.change.request", "search", [domain]))

    def test_sign_in_page_names_the_programme(self):
        """The browser tab of the sign-in page names the programme, not "Odoo", in the browser's language."""
        page = self.url_open("/web/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
        self.assertIn("<title>无证明城市</title>", page)
        self.assertIn(">账号</label>", page, "clerks sign in with a login name, many have no e-mail address")
        page = self.url_open("/web/login", headers={"Accept-Language": "en-US,en;q=0.9"}).text
        self.assertIn("<title>No-Proof City</title>", page)

    def test_access_refusal_is_plain(self):
        """A refusal by a record rule on our records says what is refused and what to do, plainly (no jokes about
        cookies), and names no record the user may not see."""
        rule = self.env.ref("noproof_catalog.rule_lz_minimum_living_household")
        self.sign_in("np_clerk")
        refusal = self.refused(
            "noproof.certificate.rule", "read", [[rule.id], ["disposition"]], errors=("AccessError",)
        )
        # Access refusals speak the user's language (np_clerk reads Chinese), as Odoo's do.
        self.assertIn("访问被拒绝", refusal.message)
        self.assertIn("配置管理员", refusal.message)
        self.assertNotIn("饼干", refusal.message)
        self.assertNotIn("Uh-oh", refusal.message)
        self.assertNotIn(rule.item_id.name, refusal.message)


@tagged("post_install", "-at_install")
class TestProjectPickers(ChangeControlCase):
    def test_user_pickers_offer_the_programme_staff(self):
        """Choosing a department's head or staff offers users with a No-Proof City role, not Odoo's demo users."""
        Users = self.env["res.users"]
        domain = self.env["noproof.organization"].fields_get(["head_id"])["head_id"]["domain"]
        self.assertIn("noproof_staff", str(domain))
        offered = Users.search([("noproof_staff", "=", True)])
        self.assertIn(self.civil_head, offered)
        self.assertIn(self.office, offered)
        demo = self.env.ref("base.user_demo", raise_if_not_found=False) or Users.create(
            {"name": "Marc Demo", "login": "t_not_staff"}
        )
        self.assertNotIn(demo, offered)
        arch = self.env["noproof.organization"].get_view(view_type="form")["arch"]
        self.assertIn("noproof_staff", arch, "the staff picker offers the programme's staff too")
