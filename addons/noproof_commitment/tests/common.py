import base64
from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# A tiny valid PNG: what a scanner hands over for a handwritten signature.
SCAN_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class NoproofCommitmentCase(TransactionCase):
    """A city with a county, another city, their organizations, one user per role,
    two items (one without risk category, one for fiscal funds) whose kinship and
    income certificates are replaced by commitment, and the city's templates;
    independent of the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Company = cls.env["res.company"]
        cls.city = Company.create(
            {
                "name": "Commitment City",
                "noproof_commitment_follow_up_days": 3,
                "noproof_commitment_follow_up_basis": "calendar",
            }
        )
        cls.county = Company.create({"name": "Commitment County", "parent_id": cls.city.id})
        cls.other_city = Company.create({"name": "Other Commitment City"})
        Org = cls.env["noproof.organization"]
        cls.office_org = Org.create({"name": "Reform Office", "company_id": cls.city.id})
        cls.civil = Org.create({"name": "Civil Affairs", "company_id": cls.city.id})
        cls.police = Org.create({"name": "Police", "company_id": cls.city.id})
        cls.county_office_org = Org.create({"name": "County Reform Office", "company_id": cls.county.id})
        cls.county_civil = Org.create({"name": "County Civil Affairs", "company_id": cls.county.id})
        cls.other_civil = Org.create({"name": "Other Civil Affairs", "company_id": cls.other_city.id})
        cls.city.noproof_office_id = cls.office_org
        cls.county.noproof_office_id = cls.county_office_org

        def user(login, group, company, organizations, companies=None):
            new = new_test_user(
                cls.env,
                login=login,
                groups=f"noproof_catalog.{group}",
                company_id=company.id,
                company_ids=[Command.set((companies or company).ids)],
                lang="en_US",
                tz="Asia/Shanghai",
            )
            for organization in organizations:
                organization.user_ids = [Command.link(new.id)]
            return new

        cls.clerk = user("c_clerk", "group_clerk", cls.city, cls.civil)
        cls.other_clerk = user("c_other_clerk", "group_clerk", cls.city, cls.police)
        cls.verifier = user("c_verifier", "group_verifier", cls.city, cls.police)
        cls.office = user("c_office", "group_office", cls.city, cls.office_org, companies=cls.city | cls.county)
        cls.manager = user("c_manager", "group_manager", cls.city, [])
        cls.county_clerk = user("c_county_clerk", "group_clerk", cls.county, cls.county_civil)
        cls.county_office = user("c_county_office", "group_office", cls.county, cls.county_office_org)
        cls.county_manager = user("c_county_manager", "group_manager", cls.county, [])
        cls.other_clerk_city = user("c_other_city_clerk", "group_clerk", cls.other_city, cls.other_civil)
        cls.police.verifier_ids = cls.verifier

        cls.law = cls.env["noproof.legal.basis"].create(
            {
                "name": "Funeral Regulation",
                "article": "Art. 3",
                "level": "administrative_regulation",
                "date_effective": "2012-01-01",
            }
        )
        Cert = cls.env["noproof.certificate"]
        cls.cert_kinship = Cert.create({"name": "亲属关系证明"})
        cls.cert_income = Cert.create({"name": "收入证明"})
        cls.cert_residence = Cert.create({"name": "居住证明"})
        cls.cert_death = Cert.create({"name": "死亡证明"})
        Item = cls.env["noproof.service.item"]
        cls.item = Item.create(
            {"name": "基本殡葬服务补助", "code": "C-FUN", "company_id": cls.city.id, "organization_id": cls.civil.id}
        )
        cls.risky_item = Item.create(
            {
                "name": "最低生活保障申请",
                "code": "C-MIN",
                "company_id": cls.city.id,
                "organization_id": cls.civil.id,
                "risk_category": "fiscal_funds",
            }
        )
        cls.county_item = Item.create(
            {
                "name": "County Funeral Subsidy",
                "code": "C-CFUN",
                "company_id": cls.county.id,
                "organization_id": cls.county_civil.id,
            }
        )
        cls.other_item = Item.create(
            {
                "name": "Other Funeral Subsidy",
                "code": "C-OFUN",
                "company_id": cls.other_city.id,
                "organization_id": cls.other_civil.id,
            }
        )
        cls.rule_kinship = cls.make_rule(cls.item, cls.cert_kinship)
        cls.rule_residence = cls.make_rule(cls.item, cls.cert_residence, disposition="cancelled")
        cls.rule_death = cls.make_rule(
            cls.item,
            cls.cert_death,
            disposition="self_investigation",
            alternative_method="The office checks the death register itself",
        )
        cls.rule_income = cls.make_rule(cls.risky_item, cls.cert_income)
        cls.rule_county_kinship = cls.make_rule(cls.county_item, cls.cert_kinship)
        cls.rule_other_kinship = cls.make_rule(cls.other_item, cls.cert_kinship)
        (
            cls.rule_kinship
            | cls.rule_residence
            | cls.rule_death
            | cls.rule_income
            | cls.rule_county_kinship
            | cls.rule_other_kinship
        ).action_activate()

        Partner = cls.env["res.partner"]
        cls.zhang = Partner.create(
            {"name": "张三", "noproof_id_type": "resident_id", "noproof_id_number": "331002199006152349"}
        )
        cls.li = Partner.create(
            {"name": "李四", "noproof_id_type": "resident_id", "noproof_id_number": "331003197802031123"}
        )

        Template = cls.env["noproof.commitment.template"]
        cls.template = Template.create(
            {
                "name": "City General Commitment",
                "company_id": cls.city.id,
                "sequence": 20,
                "content": "本人{{applicant}}（{{id_number}}）承诺“{{certificate}}”所证明的事项属实，"
                "用于办理{{item}}。",
                "standard": "符合{{item}}的办理条件。",
                "liability": "承诺不实的，{{organization}}责令限期整改或者撤销决定，两年内不适用告知承诺。",
                "verification_right": "{{organization}}有权于{{date}}后核查。",
            }
        )
        cls.kinship_template = Template.create(
            {
                "name": "City Kinship Commitment",
                "company_id": cls.city.id,
                "sequence": 10,
                "certificate_ids": [Command.set(cls.cert_kinship.ids)],
                "content": "本人{{applicant}}承诺与逝者系直系亲属（案件 {{case}}）。",
                "liability": "虚假承诺的，撤销补助决定并追回补助。",
            }
        )
        cls.other_template = Template.create(
            {
                "name": "Other City Commitment",
                "company_id": cls.other_city.id,
                "content": "Other city promise by {{applicant}}",
                "liability": "Other city liability",
            }
        )

    @classmethod
    def make_rule(cls, item, certificate, **values):
        vals = {
            "item_id": item.id,
            "certificate_id": certificate.id,
            "disposition": "commitment",
            "legal_basis_id": cls.law.id,
            "alternative_method": "The applicant signs a written commitment",
            "date_start": "2020-01-01",
            **values,
        }
        if vals["disposition"] == "cancelled":
            vals.pop("legal_basis_id")
            vals.pop("alternative_method")
        return cls.env["noproof.certificate.rule"].create(vals)

    # ----------------------------------------------------------------- helpers
    def make_case(self, item=None, applicant=None, clerk=None):
        clerk = clerk or self.clerk
        return (
            self.env["noproof.case"]
            .with_user(clerk)
            .create(
                {"item_id": (item or self.item).id, "applicant_id": (applicant or self.zhang).id, "clerk_id": clerk.id}
            )
        )

    def check_of(self, case, certificate=None):
        return case.check_ids.filtered(lambda check: check.certificate_id == (certificate or self.cert_kinship))

    def sign(self, case, certificate=None, user=None, method="esign", reference="ESIGN-0001", scan=None, template=None):
        user = user or case.clerk_id
        check = self.check_of(case, certificate).with_user(user)
        return (
            self.env["noproof.commitment"]
            .with_user(user)
            ._noproof_sign(check, method, signature_reference=reference, scan=scan, template=template)
        )

    def settle_other_checks(self, case):
        """Resolve the checks that do not concern commitment, as the clerk would."""
        for check in case.check_ids.filtered(lambda c: c.disposition not in ("commitment",) and c.state != "done"):
            check.with_user(case.clerk_id)._noproof_resolve(check.disposition, "Checked in the register")

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Odoo's assertRaises rolls the failed operation back; unittest's
        assertRaisesRegex does not. Keep the rollback and check the message."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex)
