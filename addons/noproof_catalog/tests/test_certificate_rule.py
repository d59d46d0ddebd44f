from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import NoproofCatalogCase


@tagged("post_install", "-at_install")
class TestCertificateRule(NoproofCatalogCase):
    def test_law_in_force_may_set_certificate(self):
        """Taizhou art. 7: a law or regulation in force may set a certificate."""
        rule = self.make_rule(disposition="retained", alternative_method=False)
        self.assertTrue(rule.applicant_brings)
        replaced = self.make_rule(certificate=self.cert_kinship)
        self.assertFalse(replaced.applicant_brings)

    def test_certificate_without_legal_basis_is_refused(self):
        """Taizhou art. 7: without a law or regulation no certificate may be set."""
        for disposition in ("retained", "license", "commitment"):
            with self.assertRaisesRegex(ValidationError, "needs a legal basis"):
                self.make_rule(disposition=disposition, legal_basis_id=False)
        self.assertFalse(self.item.rule_ids)

    def test_rule_or_normative_document_cannot_set_certificate(self):
        """Taizhou art. 7: a government rule or normative document is not a law or regulation."""
        self.assertFalse(self.department_rule.may_set_certificate)
        with self.assertRaisesRegex(ValidationError, "only laws and regulations"):
            self.make_rule(disposition="retained", legal_basis_id=self.department_rule.id)
        rule = self.make_rule()
        with self.assertRaisesRegex(ValidationError, "only laws and regulations"):
            rule.legal_basis_id = self.department_rule
        self.assertEqual(rule.legal_basis_id, self.law)

    @freeze_time("2024-06-01")
    def test_repealed_basis_cannot_set_certificate(self):
        """Taizhou art. 6 ¶3 and art. 7: a repealed basis no longer sets a certificate."""
        self.assertFalse(self.repealed_law.is_in_force)
        with self.assertRaisesRegex(ValidationError, "not in force"):
            self.make_rule(legal_basis_id=self.repealed_law.id)
        # A rule dated while the basis was in force is valid.
        rule = self.make_rule(legal_basis_id=self.repealed_law.id, date_start="2020-01-01")
        self.assertEqual(rule.legal_basis_id, self.repealed_law)
        in_force = self.env["noproof.legal.basis"].search([("is_in_force", "=", True)])
        self.assertIn(self.law, in_force)
        self.assertNotIn(self.repealed_law, in_force)

    def test_cancelled_certificate_needs_no_basis(self):
        """Taizhou art. 7 ¶2: a certificate without legal basis is simply cancelled."""
        rule = self.make_rule(disposition="cancelled", legal_basis_id=False, alternative_method=False)
        self.assertEqual(rule.disposition, "cancelled")

    def test_assistance_needs_an_assisting_organization(self):
        """Taizhou art. 11: inter-department verification names the assisting department."""
        with self.assertRaisesRegex(ValidationError, "choose the assisting organization"):
            self.make_rule(disposition="assistance")
        with self.assertRaisesRegex(ValidationError, "cannot assist itself"):
            self.make_rule(disposition="assistance", assisting_organization_id=self.civil.id)
        rule = self.make_rule(disposition="assistance", assisting_organization_id=self.police.id)
        self.assertEqual(rule.assisting_organization_id, self.police)

    def test_replacement_needs_an_alternative_method(self):
        """Taizhou art. 6 ¶2: a replaced certificate states how the fact is checked instead."""
        for disposition in (
            "license",
            "commitment",
            "data_sharing",
            "self_investigation",
            "online_check",
            "other_material",
        ):
            with self.assertRaisesRegex(ValidationError, "alternative method"):
                self.make_rule(disposition=disposition, alternative_method="  ")

    def test_one_live_rule_per_certificate(self):
        rule = self.make_rule()
        with self.assertRaisesRegex(ValidationError, "already has a rule"):
            self.make_rule(disposition="commitment")
        rule.action_retire()
        self.assertEqual(rule.state, "retired")
        self.assertTrue(rule.date_end)
        self.make_rule(disposition="commitment")

    def test_rule_lifecycle(self):
        rule = self.make_rule()
        self.assertEqual(rule.state, "draft")
        self.assertFalse(rule.change_controlled, "no list is published at this level: the manager activates")
        self.assertNotIn("pending", dict(rule._fields["state"].selection), "no state waits for nobody")
        rule.action_activate()
        self.assertEqual(rule.state, "active")
        self.assertTrue(rule.date_start)
        with self.assertRaises(UserError):
            rule.action_activate()
        with self.assertRaises(UserError):
            rule.action_reset_draft()
        rule.action_suspend()
        self.assertEqual(rule.state, "suspended")
        self.assertEqual(self.item.rule_count, 1)

    def test_item_activates_its_rules(self):
        self.make_rule()
        self.make_rule(
            certificate=self.cert_kinship, disposition="cancelled", legal_basis_id=False, alternative_method=False
        )
        self.item.action_activate_rules()
        self.assertEqual(set(self.item.rule_ids.mapped("state")), {"active"})
        self.assertEqual(self.item.rule_count, 2)
        self.assertEqual(self.item.replaced_rule_count, 2)

    def test_rule_dates(self):
        with self.assertRaisesRegex(ValidationError, "cannot end before"):
            self.make_rule(date_start="2024-01-10", date_end="2024-01-01")

    def test_basis_dates_and_replacement(self):
        with self.assertRaises(ValidationError):
            self.law.date_repealed = "2014-01-01"
        new_law = self.law.copy({"name": "Social Assistance Measures (2025)", "date_effective": "2025-01-01"})
        self.law.write({"date_repealed": "2025-01-01", "replaced_by_id": new_law.id})
        with self.assertRaises(ValidationError):
            new_law.replaced_by_id = self.law
