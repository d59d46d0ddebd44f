from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

SHANGHAI_OFFSET = timedelta(hours=8)


def utc(local):
    """Naive UTC datetime of a Shanghai wall-clock time 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(local, "%Y-%m-%d %H:%M") - SHANGHAI_OFFSET


def local(moment):
    """Shanghai wall-clock 'YYYY-MM-DD HH:MM' of a naive UTC datetime."""
    return (moment + SHANGHAI_OFFSET).strftime("%Y-%m-%d %H:%M")


class VerificationFixture:
    """Two cities configured by their own statutes, independent of the demo data.

    Taizhou-like city (with a county): office hours 08:30-12:00 and 14:00-17:30;
    immediate items get 30 office minutes, others 24 calendar hours. Luzhou-like
    city: 09:00-12:00 and 13:30-17:30; electronic data 30 office minutes, paper
    archives 1 working day, historical archives 2 working days. Both calendars
    know the 2024 National Day holidays (1-7 October) and their make-up working
    days (Sunday 29 September, Saturday 12 October).
    """

    @classmethod
    def setup_fixture(cls):
        # Assertions read English messages, whatever the database's users speak.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        Company = cls.env["res.company"]
        cls.city = Company.create({"name": "Test Taizhou"})
        cls.county = Company.create({"name": "Test Jiaojiang", "parent_id": cls.city.id})
        cls.lz = Company.create({"name": "Test Luzhou", "noproof_waiting_excluded": "immediate"})
        cls.calendar = cls.make_calendar("Taizhou Office Hours", [(8.5, 12.0), (14.0, 17.5)])
        cls.lz_calendar = cls.make_calendar("Luzhou Office Hours", [(9.0, 12.0), (13.5, 17.5)])
        (cls.city | cls.county).resource_calendar_id = cls.calendar
        cls.lz.resource_calendar_id = cls.lz_calendar
        Holiday = cls.env["noproof.holiday"]
        for calendar in (cls.calendar, cls.lz_calendar):
            Holiday.create(
                [
                    {"calendar_id": calendar.id, "date": f"2024-10-0{day}", "kind": "holiday", "name": "National Day"}
                    for day in range(1, 8)
                ]
                + [
                    {"calendar_id": calendar.id, "date": day, "kind": "workday", "name": "National Day make-up"}
                    for day in ("2024-09-29", "2024-10-12")
                ]
            )

        Org = cls.env["noproof.organization"]
        cls.office_org = Org.create({"name": "Reform Office", "company_id": cls.city.id})
        cls.civil = Org.create({"name": "Civil Affairs", "company_id": cls.city.id})
        cls.police = Org.create({"name": "Public Security", "company_id": cls.city.id})
        cls.finance = Org.create({"name": "Financial Office", "company_id": cls.city.id})
        # Public-service organizations name the department that supervises them (when the catalog asks for it).
        supervised = {"supervising_authority_id": cls.finance.id} if "supervising_authority_id" in Org._fields else {}
        cls.bank = Org.create({"name": "City Bank", "company_id": cls.city.id, "kind": "bank", **supervised})
        cls.county_civil = Org.create({"name": "County Civil Affairs", "company_id": cls.county.id})
        cls.county_office = Org.create({"name": "County Reform Office", "company_id": cls.county.id})
        cls.county_police = Org.create({"name": "County Public Security", "company_id": cls.county.id})
        cls.lz_office_org = Org.create({"name": "Luzhou Justice", "company_id": cls.lz.id})
        cls.lz_civil = Org.create({"name": "Luzhou Civil Affairs", "company_id": cls.lz.id})
        cls.lz_police = Org.create({"name": "Luzhou Public Security", "company_id": cls.lz.id})
        cls.city.noproof_office_id = cls.office_org
        cls.county.noproof_office_id = cls.county_office
        cls.lz.noproof_office_id = cls.lz_office_org

        def user(login, group, company, companies=None):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"noproof_catalog.{group}",
                company_id=company.id,
                company_ids=[Command.set((companies or company).ids)],
                tz="Asia/Shanghai",
                lang="en_US",
            )

        cls.clerk = user("v_clerk", "group_clerk", cls.city)
        cls.county_clerk = user("v_county_clerk", "group_clerk", cls.county)
        cls.verifier = user("v_verifier", "group_verifier", cls.city)
        cls.verifier2 = user("v_verifier2", "group_verifier", cls.city)
        cls.bank_verifier = user("v_bank_verifier", "group_verifier", cls.city)
        cls.county_verifier = user("v_county_verifier", "group_verifier", cls.county)
        cls.office = user("v_office", "group_office", cls.city, cls.city | cls.county)
        cls.county_office_user = user("v_county_office", "group_office", cls.county)
        cls.manager = user("v_manager", "group_manager", cls.city, cls.city | cls.county)
        cls.lz_clerk = user("v_lz_clerk", "group_clerk", cls.lz)
        cls.lz_verifier = user("v_lz_verifier", "group_verifier", cls.lz)
        cls.lz_office = user("v_lz_office", "group_office", cls.lz)
        cls.civil.user_ids = cls.clerk
        cls.police.write(
            {
                "user_ids": [Command.set((cls.verifier | cls.verifier2).ids)],
                "verifier_ids": [Command.set((cls.verifier | cls.verifier2).ids)],
            }
        )
        cls.bank.write(
            {"user_ids": [Command.set(cls.bank_verifier.ids)], "verifier_ids": [Command.set(cls.bank_verifier.ids)]}
        )
        cls.county_civil.user_ids = cls.county_clerk
        cls.county_police.write(
            {"user_ids": [Command.set(cls.county_verifier.ids)], "verifier_ids": [Command.set(cls.county_verifier.ids)]}
        )
        cls.office_org.write({"user_ids": [Command.set(cls.office.ids)], "head_id": cls.office.id})
        cls.county_office.write(
            {"user_ids": [Command.set(cls.county_office_user.ids)], "head_id": cls.county_office_user.id}
        )
        cls.lz_civil.user_ids = cls.lz_clerk
        cls.lz_police.write(
            {"user_ids": [Command.set(cls.lz_verifier.ids)], "verifier_ids": [Command.set(cls.lz_verifier.ids)]}
        )
        cls.lz_office_org.write({"user_ids": [Command.set(cls.lz_office.ids)], "head_id": cls.lz_office.id})

        Policy = cls.env["noproof.sla.policy"]
        cls.tz_immediate = Policy.create(
            {
                "name": "Immediate",
                "company_id": cls.city.id,
                "handling_type": "immediate",
                "duration": 30,
                "duration_unit": "minutes",
                "time_basis": "office",
                "calendar_id": cls.calendar.id,
            }
        )
        cls.tz_non_immediate = Policy.create(
            {
                "name": "Non-immediate",
                "company_id": cls.city.id,
                "handling_type": "non_immediate",
                "duration": 24,
                "duration_unit": "hours",
                "time_basis": "calendar",
                "calendar_id": cls.calendar.id,
            }
        )
        cls.lz_electronic = Policy.create(
            {
                "name": "Electronic",
                "company_id": cls.lz.id,
                "data_kind": "electronic",
                "duration": 30,
                "duration_unit": "minutes",
                "time_basis": "office",
                "calendar_id": cls.lz_calendar.id,
            }
        )
        cls.lz_paper = Policy.create(
            {
                "name": "Paper",
                "company_id": cls.lz.id,
                "data_kind": "paper",
                "duration": 1,
                "duration_unit": "working_days",
                "time_basis": "office",
                "calendar_id": cls.lz_calendar.id,
            }
        )
        cls.lz_historical = Policy.create(
            {
                "name": "Historical",
                "company_id": cls.lz.id,
                "data_kind": "historical",
                "duration": 2,
                "duration_unit": "working_days",
                "time_basis": "office",
                "calendar_id": cls.lz_calendar.id,
            }
        )

        cls.law = cls.env["noproof.legal.basis"].create(
            {
                "name": "Social Assistance Measures",
                "article": "Art. 11",
                "level": "administrative_regulation",
                "date_effective": "2014-05-01",
            }
        )
        Cert = cls.env["noproof.certificate"]
        cls.cert_household = Cert.create({"name": "Household Certificate", "category": "identity"})
        cls.cert_no_housing = Cert.create({"name": "No Housing Certificate", "category": "property"})
        cls.cert_kinship = Cert.create({"name": "Kinship Certificate", "category": "relationship"})
        cls.cert_income = Cert.create({"name": "Income Certificate", "category": "income"})
        cls.cert_poverty = Cert.create({"name": "Poverty Certificate", "category": "income"})
        cls.cert_deposit = Cert.create({"name": "Deposit Certificate", "category": "property"})
        cls.cert_marital = Cert.create({"name": "Marital Status Certificate", "category": "relationship"})

        Source = cls.env["noproof.data.source"]
        cls.household_source = Source.create(
            {
                "name": "Household Registration",
                "kind": "household",
                "company_id": cls.city.id,
                "endpoint_url": "http://127.0.0.1:9/noproof/data/household",
                "api_key": "not-used",
                "timeout": 5,
                "field_ids": [
                    Command.create({"remote_key": "name", "label": "Name", "compare_with": "applicant_name"}),
                    Command.create(
                        {
                            "remote_key": "household_size",
                            "label": "Household Size",
                            "compare_with": "property",
                            "property_name": "household_size",
                        }
                    ),
                    Command.create({"remote_key": "address", "label": "Address", "compare_with": "none"}),
                ],
            }
        )
        cls.real_estate_source = Source.create(
            {
                "name": "Real Estate",
                "kind": "real_estate",
                "company_id": cls.city.id,
                "endpoint_url": "http://127.0.0.1:9/noproof/data/real-estate",
                "api_key": "not-used",
                "timeout": 5,
                "field_ids": [
                    Command.create({"remote_key": "name", "label": "Owner", "compare_with": "applicant_name"})
                ],
            }
        )

        Item = cls.env["noproof.service.item"]
        form = [{"name": "household_size", "string": "Household Size", "type": "integer"}]
        cls.item = Item.create(
            {
                "name": "Minimum Living Allowance",
                "code": "T-MZ-1",
                "company_id": cls.city.id,
                "organization_id": cls.civil.id,
                "handling_type": "non_immediate",
                "risk_category": "fiscal_funds",
                "case_properties_definition": form,
            }
        )
        cls.immediate_item = Item.create(
            {
                "name": "Funeral Subsidy",
                "code": "T-MZ-2",
                "company_id": cls.city.id,
                "organization_id": cls.civil.id,
                "handling_type": "immediate",
            }
        )
        cls.county_item = Item.create(
            {
                "name": "County Allowance",
                "code": "J-MZ-1",
                "company_id": cls.county.id,
                "organization_id": cls.county_civil.id,
                "handling_type": "immediate",
            }
        )
        cls.lz_item = Item.create(
            {
                "name": "Luzhou Allowance",
                "code": "L-MZ-1",
                "company_id": cls.lz.id,
                "organization_id": cls.lz_civil.id,
                "handling_type": "non_immediate",
            }
        )
        cls.lz_immediate_item = Item.create(
            {
                "name": "Luzhou Funeral Subsidy",
                "code": "L-MZ-2",
                "company_id": cls.lz.id,
                "organization_id": cls.lz_civil.id,
                "handling_type": "immediate",
            }
        )
        cls.rule_household = cls.make_rule(
            cls.item, cls.cert_household, "data_sharing", data_source_id=cls.household_source.id
        )
        cls.rule_no_housing = cls.make_rule(
            cls.item,
            cls.cert_no_housing,
            "data_sharing",
            data_source_id=cls.real_estate_source.id,
            data_expectation="absent",
        )
        cls.rule_kinship = cls.make_rule(
            cls.item, cls.cert_kinship, "assistance", assisting_organization_id=cls.police.id
        )
        cls.rule_income = cls.make_rule(cls.item, cls.cert_income, "self_investigation")
        cls.rule_poverty = cls.make_rule(cls.item, cls.cert_poverty, "cancelled")
        cls.rule_deposit = cls.make_rule(
            cls.item, cls.cert_deposit, "assistance", assisting_organization_id=cls.bank.id
        )
        cls.rule_immediate_kinship = cls.make_rule(
            cls.immediate_item, cls.cert_kinship, "assistance", assisting_organization_id=cls.police.id
        )
        cls.rule_county_kinship = cls.make_rule(
            cls.county_item, cls.cert_kinship, "assistance", assisting_organization_id=cls.county_police.id
        )
        cls.rule_lz_kinship = cls.make_rule(
            cls.lz_item, cls.cert_kinship, "assistance", assisting_organization_id=cls.lz_police.id
        )
        cls.rule_lz_immediate_kinship = cls.make_rule(
            cls.lz_immediate_item, cls.cert_kinship, "assistance", assisting_organization_id=cls.lz_police.id
        )
        # Applicants belong to a level (issue 11): a city's clerks and its counties' open cases for its own.
        cls.applicant = cls.env["res.partner"].create(
            {
                "name": "Zhang Wei",
                "company_id": cls.city.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331002198503121231",
            }
        )
        cls.lz_applicant = cls.env["res.partner"].create(
            {
                "name": "Wang Fang",
                "company_id": cls.lz.id,
                "noproof_id_type": "resident_id",
                "noproof_id_number": "51050219880105345X",
            }
        )

    @classmethod
    def make_calendar(cls, name, spans):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": "Asia/Shanghai",
                "company_id": False,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start, end in spans
                ],
            }
        )

    @classmethod
    def make_rule(cls, item, certificate, disposition, **values):
        rule = cls.env["noproof.certificate.rule"].create(
            {
                "item_id": item.id,
                "certificate_id": certificate.id,
                "disposition": disposition,
                "legal_basis_id": False if disposition == "cancelled" else cls.law.id,
                "alternative_method": False if disposition == "cancelled" else "Checked without the applicant",
                "date_start": "2019-06-01",
                **values,
            }
        )
        rule.action_activate()
        return rule

    def open_case(self, item=None, user=None, **values):
        user = user or (self.lz_clerk if (item and item.company_id == self.lz) else self.clerk)
        return (
            self.env["noproof.case"]
            .with_user(user)
            .create(
                {
                    "item_id": (item or self.item).id,
                    "applicant_id": (self.lz_applicant if (item and item.company_id == self.lz) else self.applicant).id,
                    **values,
                }
            )
        )

    def check_of(self, case, rule):
        return case.check_ids.filtered(lambda check: check.rule_id == rule)

    def make_ticket(self, case, rule, **values):
        check = self.check_of(case, rule)
        action = check.action_create_ticket()
        ticket = self.env["noproof.verification.ticket"].with_user(case.env.user).browse(action["res_id"])
        if values:
            ticket.write(values)
        return ticket


class VerificationCase(VerificationFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
