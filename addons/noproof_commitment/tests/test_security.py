from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestCommitmentSecurity(NoproofCommitmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_funeral_kinship.assisting_organization_id = cls.police
        cls.commitment = cls.signed_commitment(cls.clerk, cls.funeral_item, cls.zhang, reference="ESIGN-SEC-1")
        cls.county_commitment = cls.signed_commitment(
            cls.county_clerk, cls.county_funeral_item, cls.li, reference="ESIGN-SEC-2"
        )

    def visible(self, user, model, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_commitments_per_group(self):
        """A clerk sees the commitments of the organizations they act for; a verifier those their organization
        verifies; an office those of its level and counties, acting only on its own level's."""
        both = self.commitment | self.county_commitment
        Model = "noproof.commitment"
        self.assertEqual(self.visible(self.clerk, Model, both), self.commitment)
        self.assertEqual(self.visible(self.county_clerk, Model, both), self.county_commitment)
        self.assertFalse(self.visible(self.other_clerk, Model, both), "police clerks are not the handling organization")
        self.assertFalse(self.visible(self.lz_clerk, Model, both))
        self.assertEqual(self.visible(self.verifier, Model, both), self.commitment, "police verifies the kinship")
        self.assertEqual(self.visible(self.office, Model, both), both, "the city office reads its county")
        self.assertEqual(self.visible(self.county_office_user, Model, both), self.county_commitment)
        # The verifier of the assisting organization may confirm the promise.
        self.commitment.with_user(self.verifier)._noproof_confirm("公安户籍信息核实属实")
        self.assertEqual(self.commitment.state, "verified")
        # An office working at the city level only reads the county's commitment but does not act on it; the
        # county office does.
        city_office = new_test_user(
            self.env,
            login="c_city_office",
            groups="noproof_catalog.group_office",
            company_id=self.city.id,
            company_ids=[Command.set(self.city.ids)],
        )
        self.assertEqual(self.visible(city_office, Model, both), both)
        with self.assertRaises(AccessError):
            self.county_commitment.with_user(city_office)._noproof_declare_false("虚假", "revocation")
        # Taizhou art. 8 ¶3: neither office acts on the false promise; the county's civil affairs bureau, which
        # decided, does.
        with self.assertRaises(AccessError):
            self.county_commitment.with_user(self.county_office_user)._noproof_declare_false("虚假", "revocation")
        self.county_commitment.with_user(self.county_clerk)._noproof_declare_false("虚假", "revocation")
        self.assertEqual(self.county_commitment.state, "revoked")
        # The access token is not even readable for users outside No-Proof staff.
        portal = self.env["res.users"].create(
            {"name": "Portal", "login": "c_portal", "groups_id": [Command.set(self.env.ref("base.group_portal").ids)]}
        )
        with self.assertRaises(AccessError):
            self.commitment.with_user(portal).read(["name"])

    def test_templates_per_group(self):
        """The administrator writes the templates of their own level; staff read those of their level and city."""
        Template = "noproof.commitment.template"
        city_templates = self.template | self.kinship_template
        self.assertEqual(self.visible(self.county_clerk, Template, city_templates | self.lz_template), city_templates)
        self.assertFalse(self.visible(self.lz_clerk, Template, city_templates))
        with self.assertRaises(AccessError):
            self.template.with_user(self.clerk).write({"name": "Clerk edit"})
        with self.assertRaises(AccessError):
            self.env[Template].with_user(self.office).create(
                {
                    "name": "Office template",
                    "company_id": self.city.id,
                    "content": "x",
                    "standard": "s",
                    "liability": "y",
                }
            )
        with self.assertRaises(AccessError):
            self.template.with_user(self.county_manager).write({"name": "County edits the city's template"})
        self.template.with_user(self.manager).write({"name": "City General Commitment (2024)"})
        county = (
            self.env[Template]
            .with_user(self.county_manager)
            .create(
                {
                    "name": "County template",
                    "company_id": self.county.id,
                    "content": "x",
                    "standard": "s",
                    "liability": "y",
                }
            )
        )
        self.assertEqual(self.visible(self.office, Template, county), county, "the city office reads its counties")
        versions = self.env["noproof.commitment.template.version"].with_user(self.manager)
        # Refused by the workflow guard before the access rights are even asked.
        with self.assertRaises(UserError):  # AccessError is a UserError too
            versions.create({"template_id": self.template.id, "version": 9, "content": "forged"})

    def test_bars_and_exemptions_per_group(self):
        """Bars are read across the city and its counties and lifted by the city's office; a staff member reads
        their own exemption, the office assesses."""
        self.commitment.with_user(self.clerk)._noproof_declare_false("虚假", "revocation")
        self.commitment.with_user(self.clerk)._noproof_decide_bar(24)
        bar = self.commitment.bar_ids
        exemption = self.commitment.exemption_ids
        Bar, Exemption = "noproof.commitment.bar", "noproof.exemption"
        self.assertEqual(self.visible(self.county_clerk, Bar, bar), bar)
        self.assertFalse(self.visible(self.lz_clerk, Bar, bar))
        with self.assertRaises(AccessError):
            self.env[Bar].with_user(self.clerk).create(
                {
                    "applicant_id": self.li.id,
                    "company_id": self.city.id,
                    "date_to": fields.Date.today() + timedelta(days=365),
                    "reason": "x",
                }
            )
        manual = (
            self.env[Bar]
            .with_user(self.office)
            .create(
                {
                    "applicant_id": self.li.id,
                    "company_id": self.city.id,
                    "date_to": fields.Date.today() + timedelta(days=365),
                    "reason": "Recorded from the provincial credit list",
                }
            )
        )
        self.assertTrue(manual.is_in_force)
        self.assertEqual(self.visible(self.clerk, Exemption, exemption), exemption, "one's own assessment")
        self.assertFalse(self.visible(self.other_clerk, Exemption, exemption))
        self.assertEqual(self.visible(self.office, Exemption, exemption), exemption)
        with self.assertRaises(AccessError):
            exemption.with_user(self.county_office_user).write({"condition_reform": True})
