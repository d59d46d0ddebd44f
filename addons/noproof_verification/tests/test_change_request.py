from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestChangeRequestDataSharing(NoproofRpcCase):
    """A change request towards data sharing carries its data source to the rule (Taizhou art. 6 ¶2, Luzhou
    art. 13): on the demo data, over JSON-RPC, as the requester and each approver of Taizhou's chain."""

    def _request_values(self, **values):
        return {
            "request_type": "add",
            "item_id": self.env.ref("noproof_catalog.item_tz_temporary_assistance").id,
            "certificate_id": self.env.ref("noproof_catalog.cert_household").id,
            "disposition": "data_sharing",
            "legal_basis_id": self.env.ref("noproof_catalog.basis_social_assistance").id,
            "alternative_method": "通过公安人口信息库共享核验户籍信息",
            "reason": "临时救助由户籍地受理",
            **values,
        }

    def test_data_sharing_request_passes_every_tier_into_an_active_rule(self):
        """Taizhou art. 6 ¶2: the department head, then the reform office approve; the rule is active and looks
        the fact up in the data source the request named; the list's next version is published."""
        source = self.env.ref("noproof_verification.source_tz_household")
        self.sign_in("np_clerk")
        request_id = self.call_kw("noproof.change.request", "create", [self._request_values(data_source_id=source.id)])
        self.call_button("noproof.change.request", "action_submit", [request_id])
        for approver in ("tz_civil_head", "np_office"):
            self.sign_in(approver)
            self.call_button("noproof.change.request", "validate_tier", [request_id])
        request = self.env["noproof.change.request"].browse(request_id)
        self.assertEqual(request.state, "approved")
        rule = request.applied_rule_id
        self.assertEqual((rule.state, rule.disposition, rule.data_source_id), ("active", "data_sharing", source))
        self.assertIn(rule, request.list_id.line_ids.rule_id)

    def test_change_of_a_rule_keeps_its_data_source_unless_changed(self):
        """The rule form's request starts from the rule as it stands, data source included."""
        rule = self.env.ref("noproof_catalog.rule_tz_minimum_living_household")
        values = self.env["noproof.change.request"]._noproof_values_from_rule(rule)
        self.assertEqual(values["data_source_id"], rule.data_source_id.id)

    def test_request_without_data_source_is_refused_at_submission(self):
        """No dead end at the last tier: a request towards data sharing without its data source is refused when
        submitted, saying what to choose, and stays a draft."""
        self.sign_in("np_clerk")
        request_id = self.call_kw("noproof.change.request", "create", [self._request_values()])
        refusal = self.refused("noproof.change.request", "action_submit", [[request_id]])
        self.assertIn("data source", refusal.message)
        self.assertEqual(self.env["noproof.change.request"].browse(request_id).state, "draft")
