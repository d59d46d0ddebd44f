import base64
from contextlib import contextmanager

from odoo import Command
from odoo.addons.noproof_verification.tests.common import VerificationFixture
from odoo.tests import TransactionCase, new_test_user

# A tiny valid PNG: what a scanner hands over for a handwritten signature.
SCAN_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class CommitmentFixture(VerificationFixture):
    """The verification fixture (a Taizhou-like city with a county, a Luzhou-like city,
    their organizations, calendars and one user per role), plus what commitments need:
    two applicants, a funeral subsidy outside the risk categories and a minimum living
    allowance for fiscal funds whose certificates are replaced by commitment (in the
    city, its county and Luzhou), and the templates of both cities. The Taizhou-like
    city verifies commitments within 3 calendar days (Luzhou art. 8)."""

    @classmethod
    def commitment_policy(cls, company, days, basis):
        """The level's deadline policy for commitment follow-ups: ``days`` calendar days, or working days of its
        office calendar."""
        return cls.env["noproof.sla.policy"].create(
            {
                "name": f"{days} {basis} days",
                "res_model": "noproof.commitment",
                "company_id": company.id,
                "duration": days,
                "duration_unit": "working_days",
                "time_basis": "office" if basis == "working" else "calendar",
                "calendar_id": company.resource_calendar_id.id,
            }
        )

    @classmethod
    def setup_commitment_fixture(cls):
        cls.setup_fixture()
        cls.commitment_policy(cls.city, 3, "calendar")
        cls.commitment_policy(cls.lz, 3, "calendar")  # Luzhou art. 8: within 3 days
        roles = {"company_id": cls.city.id, "lang": "en_US", "tz": "Asia/Shanghai"}
        # A clerk of an organization that does not handle the items, and the county's administrator.
        cls.other_clerk = new_test_user(cls.env, login="c_police_clerk", groups="noproof_catalog.group_clerk", **roles)
        cls.police.user_ids = [Command.link(cls.other_clerk.id)]
        cls.county_manager = new_test_user(
            cls.env,
            login="c_county_manager",
            groups="noproof_catalog.group_manager",
            **{**roles, "company_id": cls.county.id},
        )

        Item = cls.env["noproof.service.item"]
        cls.funeral_item = Item.create(
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
        cls.county_funeral_item = Item.create(
            {
                "name": "County Funeral Subsidy",
                "code": "C-CFUN",
                "company_id": cls.county.id,
                "organization_id": cls.county_civil.id,
            }
        )
        cls.lz_funeral_item = Item.create(
            {
                "name": "Luzhou Funeral Subsidy",
                "code": "C-LFUN",
                "company_id": cls.lz.id,
                "organization_id": cls.lz_civil.id,
            }
        )
        cls.rule_funeral_kinship = cls.make_rule(cls.funeral_item, cls.cert_kinship, "commitment")
        cls.rule_funeral_household = cls.make_rule(cls.funeral_item, cls.cert_household, "cancelled")
        cls.rule_funeral_no_housing = cls.make_rule(cls.funeral_item, cls.cert_no_housing, "self_investigation")
        cls.rule_risky_income = cls.make_rule(cls.risky_item, cls.cert_income, "commitment")
        cls.rule_county_funeral_kinship = cls.make_rule(cls.county_funeral_item, cls.cert_kinship, "commitment")
        cls.rule_lz_funeral_kinship = cls.make_rule(cls.lz_funeral_item, cls.cert_kinship, "commitment")

        Partner = cls.env["res.partner"]
        cls.zhang = Partner.create(
            {
                "name": "张三",
                "company_id": cls.city.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331002199006152349",
            }
        )
        cls.li = Partner.create(
            {
                "name": "李四",
                "company_id": cls.city.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331003197802031123",
            }
        )

        # Applicants belong to a level (issue 11): Luzhou's clerks open cases for Luzhou's applicants.
        cls.lz_wang = Partner.create(
            {
                "name": "王芳",
                "company_id": cls.lz.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "510502198801053425",
            }
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
                "standard": "以户籍和婚姻登记信息为准。",
                "liability": "虚假承诺的，撤销补助决定并追回补助。",
            }
        )
        cls.lz_template = Template.create(
            {
                "name": "Luzhou Commitment",
                "company_id": cls.lz.id,
                "content": "Luzhou promise by {{applicant}}",
                "standard": "Luzhou standard",
                "liability": "Luzhou liability",
            }
        )

    @classmethod
    def signed_commitment(cls, clerk, item, applicant, method="esign", reference=None, scan=None):
        """A case of ``item`` for ``applicant`` opened by ``clerk``, and the commitment
        signed for its kinship certificate: the starting point of several test classes."""
        case = (
            cls.env["noproof.case"]
            .with_user(clerk)
            .create({"item_id": item.id, "applicant_id": applicant.id, "clerk_id": clerk.id})
        )
        check = case.check_ids.filtered(lambda c: c.certificate_id == cls.cert_kinship).with_user(clerk)
        return (
            cls.env["noproof.commitment"]
            .with_user(clerk)
            ._noproof_sign(check, method, signature_reference=reference, scan=scan)
        )

    # ----------------------------------------------------------------- helpers
    def make_case(self, item=None, applicant=None, clerk=None):
        clerk = clerk or self.clerk
        return (
            self.env["noproof.case"]
            .with_user(clerk)
            .create(
                {
                    "item_id": (item or self.funeral_item).id,
                    "applicant_id": (applicant or self._default_applicant(item)).id,
                    "clerk_id": clerk.id,
                }
            )
        )

    def _default_applicant(self, item):
        return self.lz_wang if item and item.company_id == self.lz else self.zhang

    def check_for(self, case, certificate=None):
        return case.check_ids.filtered(lambda check: check.certificate_id == (certificate or self.cert_kinship))

    def sign(self, case, certificate=None, user=None, method="esign", reference="ESIGN-0001", scan=None, template=None):
        user = user or case.clerk_id
        check = self.check_for(case, certificate).with_user(user)
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


class NoproofCommitmentCase(CommitmentFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_commitment_fixture()


def demo_commitment(env, case_xmlid):
    """The commitment signed for a demo case of noproof_commitment."""
    case = env.ref(f"noproof_commitment.{case_xmlid}")
    return env["noproof.commitment"].search([("case_id", "=", case.id)])
