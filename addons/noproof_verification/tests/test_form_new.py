from odoo.addons.noproof_catalog.tests.form_new import FormNewMixin
from odoo.tests import tagged

from .common import VerificationCase


@tagged("post_install", "-at_install")
class TestVerificationFormNew(FormNewMixin, VerificationCase):
    """Every "New" of verification opens empty and saves with its required fields only (issue 16)."""

    def test_case(self):
        """A clerk opens a case with its item and applicant."""
        self.assertNewSaves("noproof.case", self.clerk, {"item_id": self.item, "applicant_id": self.applicant})

    def test_sla_policy(self):
        """A configuration administrator adds a deadline policy: a name, a duration and its office calendar."""
        self.assertNewSaves(
            "noproof.sla.policy", self.manager, {"name": "即办件", "duration": 30, "calendar_id": self.calendar}
        )

    def test_holiday(self):
        """A configuration administrator adds one public holiday to a calendar."""
        self.assertNewSaves(
            "noproof.holiday", self.manager, {"calendar_id": self.calendar, "date": "2026-10-01", "name": "国庆节"}
        )

    def test_holiday_import(self):
        """The holiday import opens empty (the calendar and year are chosen in it)."""
        self.assertNewSaves("noproof.holiday.import", self.manager, {"calendar_id": self.calendar})

    def test_calendar(self):
        """A configuration administrator adds an office calendar by its name."""
        self.assertNewSaves("resource.calendar", self.manager, {"name": "办公时间"})

    def test_data_source(self):
        """A configuration administrator adds a data source by its name and address."""
        self.assertNewSaves(
            "noproof.data.source",
            self.manager,
            {"name": "户籍信息", "endpoint_url": "https://data.example.gov.cn/noproof/data/household"},
        )

    def test_dataset(self):
        """A configuration administrator adds a served dataset by its name and code."""
        self.assertNewSaves("noproof.dataset", self.manager, {"name": "户籍", "code": "household_form"})

    def test_dataset_record(self):
        """A configuration administrator adds one record to a served dataset by the subject's identity number
        alone (its data left empty, as in the onboarding tour)."""
        dataset = self.env["noproof.dataset"].create(
            {"name": "户籍", "code": "household_record_form", "company_id": self.city.id}
        )
        record = self.assertNewSaves(
            "noproof.dataset.record", self.manager, {"dataset_id": dataset, "subject_id_number": "11010519491231002X"}
        )
        self.assertFalse(record.data)
        self.assertEqual(record.data_text, "{}")
