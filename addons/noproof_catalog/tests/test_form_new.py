from odoo.tests import tagged

from .common import NoproofCatalogCase
from .form_new import FormNewMixin


@tagged("post_install", "-at_install")
class TestCatalogFormNew(FormNewMixin, NoproofCatalogCase):
    """Every "New" of the catalog opens empty and saves with its required fields only (issue 16)."""

    def test_organization(self):
        """A configuration administrator adds an organization by its name."""
        org = self.assertNewSaves("noproof.organization", self.manager, {"name": "市民政局"})
        self.assertEqual(org.company_id, self.city)

    def test_legal_basis(self):
        """A new legal basis opens while its effective date is still empty (it crashed: issue 16)."""
        basis = self.assertNewSaves(
            "noproof.legal.basis", self.manager, {"name": "社会救助暂行办法", "date_effective": "2014-05-01"}
        )
        self.assertTrue(basis.is_in_force)

    def test_legal_basis_empty_date_is_not_in_force(self):
        """A basis without an effective date is not in force (nothing may rest on it yet)."""
        basis = self.env["noproof.legal.basis"].new({"name": "草案"})
        self.assertFalse(basis.is_in_force)

    def test_certificate(self):
        """A configuration administrator adds a kind of certificate by its name."""
        self.assertNewSaves("noproof.certificate", self.manager, {"name": "居住证明"})

    def test_service_item(self):
        """An item needs a name and its handling organization."""
        self.assertNewSaves(
            "noproof.service.item", self.manager, {"name": "最低生活保障", "organization_id": self.civil}
        )

    def test_certificate_rule(self):
        """A rule needs its item and the certificate it replaces."""
        self.assertNewSaves(
            "noproof.certificate.rule", self.manager, {"item_id": self.item, "certificate_id": self.cert_income}
        )

    def test_cancellation_list(self):
        """The office starts a draft list by its name."""
        self.assertNewSaves("noproof.cancellation.list", self.office, {"name": "证明材料取消清单"})

    def test_change_request(self):
        """A clerk proposes adding a certificate to an item, with the reason."""
        self.assertNewSaves(
            "noproof.change.request",
            self.clerk,
            {
                "item_id": self.item,
                "certificate_id": self.cert_income,
                # Data sharing would also need its data source, a field of the verification add-on.
                "disposition": "online_check",
                "legal_basis_id": self.law,
                "alternative_method": "在线核验收入情况",
                "reason": "新法规要求",
            },
        )

    def test_tier_definition(self):
        """A configuration administrator adds a step to the approval chain."""
        self.assertNewSaves(
            "tier.definition",
            self.manager,
            {
                "model_id": self.env["ir.model"]._get("noproof.change.request"),
                "review_type": "individual",
                "reviewer_id": self.office,
            },
        )

    def test_level(self):
        """An administrator adds a county under its city from the levels' form (the Parent Company field)."""
        admin = self.env.ref("base.user_admin")
        county = self.assertNewSaves("res.company", admin, {"name": "温州县", "parent_id": self.city})
        self.assertEqual(county.noproof_level, "county")
