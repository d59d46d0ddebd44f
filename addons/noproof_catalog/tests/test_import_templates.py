from odoo.tests import tagged
from odoo.tools.misc import file_open

from .test_onboarding import OnboardingCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestImportTemplates(OnboardingCase):
    """A new level fills its catalog from the XLSX templates through Odoo's standard import (issue 16)."""

    def import_template(self, model, values=None):
        """Import the model's template as the configuration administrator, in Chinese; the result of the
        import."""
        template = self.env[model].get_import_templates()[0]["template"]
        with file_open(template.lstrip("/"), "rb") as handle:
            data = handle.read()
        importer = (
            self.env["base_import.import"]
            .with_user(self.manager)
            .with_context(lang="zh_CN", allowed_company_ids=self.city.ids)
            .create({"res_model": model, "file": data, "file_type": XLSX, "file_name": "template.xlsx"})
        )
        options = {"has_headers": True, "quoting": '"', "separator": ",", "date_format": "%Y-%m-%d"}
        preview = importer.parse_preview(options)
        self.assertFalse(preview.get("error"), preview.get("error"))
        fields = [(matches or [None])[0] for matches in preview["matches"].values()]
        self.assertNotIn(None, fields, f"{model}: a header of the template maps to no field")
        return importer.execute_import(fields, preview["headers"], options)

    def test_templates_import_a_catalog(self):
        """The five templates import, in order, an organization, a legal basis, a certificate, an item and its
        rule."""
        self.env["noproof.organization"].create({"name": "温州市公安局", "company_id": self.city.id})
        for model in (
            "noproof.organization",
            "noproof.legal.basis",
            "noproof.certificate",
            "noproof.service.item",
            "noproof.certificate.rule",
        ):
            with self.subTest(model=model):
                result = self.import_template(model)
                # Warnings (a name found twice in the demo data) do not stop the import; errors would.
                errors = [message for message in result["messages"] if message["type"] == "error"]
                self.assertFalse(errors, errors)
                self.assertTrue(result["ids"])
        rule = self.env["noproof.certificate.rule"].search([("item_id.name", "=", "最低生活保障")])
        self.assertEqual((rule.disposition, rule.assisting_organization_id.name), ("assistance", "温州市公安局"))

    def test_a_wrong_row_imports_nothing(self):
        """A row that is wrong is reported with its line, and no row of the file is imported."""
        result = self.import_template("noproof.certificate.rule")  # its item and certificate do not exist yet
        self.assertTrue(result["messages"])
        self.assertFalse(result["ids"])
        self.assertFalse(self.env["noproof.certificate.rule"].search([("alternative_method", "=", "由公安局核查户籍")]))
