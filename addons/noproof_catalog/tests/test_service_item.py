from odoo.tests import tagged

from .common import NoproofCatalogCase


@tagged("post_install", "-at_install")
class TestServiceItem(NoproofCatalogCase):
    def test_application_form_is_designed_on_the_item(self):
        """The administrator designs the item's application form without code."""
        self.assertEqual(self.item.form_designer_id, self.item)
        self.item.case_form_preview = [
            {
                "name": "household_size",
                "string": "Household size",
                "type": "integer",
                "value": 3,
                "definition_changed": True,
            },
        ]
        definition = self.item.case_properties_definition
        self.assertEqual([prop["name"] for prop in definition], ["household_size"])
        self.assertNotIn("value", definition[0])

    def test_item_takes_the_level_of_its_organization(self):
        item = self.env["noproof.service.item"].new({"name": "New", "organization_id": self.county_civil.id})
        item._onchange_organization_id()
        self.assertEqual(item.company_id, self.county)

    def test_copy_keeps_rules_as_drafts(self):
        self.make_rule().action_activate()
        copy = self.item.copy({"code": "MZ-002"})
        self.assertEqual(copy.rule_ids.certificate_id, self.cert_household)
        self.assertEqual(copy.rule_ids.state, "draft")

    def test_organization_counts_its_items(self):
        self.assertEqual(self.civil.service_item_count, 1)
        action = self.civil.action_view_service_items()
        self.assertEqual(self.env["noproof.service.item"].search(action["domain"]), self.item)
