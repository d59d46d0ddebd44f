from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestChangeRequestCommitment(NoproofRpcCase):
    """A change request towards a commitment carries its template to the rule (Taizhou art. 8 ¶2, Luzhou art. 8
    ¶2): on the demo data, over JSON-RPC, as Luzhou's requester and each approver of its chain."""

    def test_commitment_template_reaches_the_rule(self):
        """Luzhou: the department head, then the 司法局 approve; the rule asks the applicant to sign the template
        the request named."""
        template = self.env.ref("noproof_commitment.template_lz_kinship")
        values = {
            "request_type": "add",
            "item_id": self.env.ref("noproof_catalog.item_lz_temporary_assistance").id,
            "certificate_id": self.env.ref("noproof_catalog.cert_kinship").id,
            "disposition": "commitment",
            "legal_basis_id": self.env.ref("noproof_catalog.basis_social_assistance").id,
            "alternative_method": "申请人签署亲属关系告知承诺书",
            "reason": "临时救助需核实共同生活的家庭成员",
            "commitment_template_id": template.id,
        }
        self.sign_in("lz_clerk")
        request_id = self.call_kw("noproof.change.request", "create", [values])
        self.call_button("noproof.change.request", "action_submit", [request_id])
        for approver in ("lz_civil_head", "lz_office"):
            self.sign_in(approver)
            action = self.call_button("noproof.change.request", "validate_tier", [request_id])
            if action:  # the 司法局's tier asks for the reasons of its legality review
                defaults = {key[len("default_") :]: value for key, value in action["context"].items()}
                defaults["review_ids"] = [(6, 0, defaults["review_ids"])]
                wizard = self.call_kw("comment.wizard", "create", [{**defaults, "comment": "合法性审查通过"}])
                self.call_button("comment.wizard", "add_comment", [wizard])
        request = self.env["noproof.change.request"].browse(request_id)
        self.assertEqual(request.state, "approved")
        rule = request.applied_rule_id
        self.assertEqual((rule.state, rule.commitment_template_id), ("active", template))
        self.assertEqual(rule.effective_commitment_template_id, template)
