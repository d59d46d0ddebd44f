from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class NoproofCatalogCase(TransactionCase):
    """A city with one county, their organizations, one user per role and a
    small catalog, independent of the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Company = cls.env["res.company"]
        cls.city = Company.create({"name": "Test City"})
        cls.county = Company.create({"name": "Test County", "parent_id": cls.city.id})
        cls.other_city = Company.create({"name": "Other City"})
        Org = cls.env["noproof.organization"]
        cls.office_org = Org.create({"name": "City Reform Office", "company_id": cls.city.id})
        cls.civil = Org.create({"name": "City Civil Affairs", "company_id": cls.city.id})
        cls.police = Org.create({"name": "City Police", "company_id": cls.city.id})
        cls.county_civil = Org.create({"name": "County Civil Affairs", "company_id": cls.county.id})
        cls.other_org = Org.create({"name": "Other Civil Affairs", "company_id": cls.other_city.id})
        cls.city.noproof_office_id = cls.office_org

        def user(login, group, company, companies=None):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"noproof_catalog.{group}",
                company_id=company.id,
                company_ids=[Command.set((companies or company).ids)],
            )

        cls.clerk = user("t_clerk", "group_clerk", cls.city)
        cls.verifier = user("t_verifier", "group_verifier", cls.city)
        cls.office = user("t_office", "group_office", cls.city)
        cls.manager = user("t_manager", "group_manager", cls.city)
        cls.county_manager = user("t_county_manager", "group_manager", cls.county)
        cls.civil.user_ids = cls.clerk
        cls.police.write({"user_ids": [Command.set(cls.verifier.ids)], "verifier_ids": [Command.set(cls.verifier.ids)]})

        Basis = cls.env["noproof.legal.basis"]
        cls.law = Basis.create(
            {
                "name": "Social Assistance Measures",
                "article": "Art. 11",
                "level": "administrative_regulation",
                "date_effective": "2014-05-01",
            }
        )
        cls.department_rule = Basis.create(
            {"name": "Provincial Measures", "article": "Art. 9", "level": "local_rule", "date_effective": "2017-01-01"}
        )
        cls.repealed_law = Basis.create(
            {
                "name": "Old Registration Regulation",
                "level": "administrative_regulation",
                "date_effective": "1994-07-01",
                "date_repealed": "2022-03-01",
            }
        )
        Cert = cls.env["noproof.certificate"]
        cls.cert_household = Cert.create({"name": "Household Certificate", "category": "identity"})
        cls.cert_kinship = Cert.create({"name": "Kinship Certificate", "category": "relationship"})
        cls.cert_income = Cert.create({"name": "Income Certificate", "category": "income"})

        cls.item = cls.env["noproof.service.item"].create(
            {
                "name": "Minimum Living Allowance",
                "code": "MZ-001",
                "company_id": cls.city.id,
                "organization_id": cls.civil.id,
                "handling_type": "non_immediate",
                "risk_category": "fiscal_funds",
            }
        )
        cls.county_item = cls.env["noproof.service.item"].create(
            {
                "name": "County Funeral Subsidy",
                "code": "JJ-001",
                "company_id": cls.county.id,
                "organization_id": cls.county_civil.id,
            }
        )
        cls.other_item = cls.env["noproof.service.item"].create(
            {
                "name": "Other City Item",
                "code": "OT-001",
                "company_id": cls.other_city.id,
                "organization_id": cls.other_org.id,
            }
        )

    @classmethod
    def make_rule(cls, item=None, certificate=None, **values):
        vals = {
            "item_id": (item or cls.item).id,
            "certificate_id": (certificate or cls.cert_household).id,
            "disposition": "online_check",
            "legal_basis_id": cls.law.id,
            "alternative_method": "Checked online in the population register",
            **values,
        }
        return cls.env["noproof.certificate.rule"].create(vals)

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Odoo's assertRaises rolls the failed operation back; unittest's
        assertRaisesRegex does not. Keep the rollback and check the message."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex)
