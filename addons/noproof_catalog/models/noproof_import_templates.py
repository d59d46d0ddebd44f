"""Import templates (XLSX) for starting a catalog in bulk (issue 16): Odoo's standard import (列表 › 收藏 ›
导入记录) offers them for download. Their headers are the fields' Chinese labels; the import maps them by
itself, reports each wrong row and imports nothing while a row is wrong."""

from odoo import _, api, models


def _template(label, name):
    return [{"label": label, "template": f"/noproof_catalog/static/xls/noproof_{name}_import_template.xlsx"}]


class NoproofOrganization(models.Model):
    _inherit = "noproof.organization"

    @api.model
    def get_import_templates(self):
        return _template(_("Import Template for Organizations"), "organization")


class NoproofLegalBasis(models.Model):
    _inherit = "noproof.legal.basis"

    @api.model
    def get_import_templates(self):
        return _template(_("Import Template for Legal Bases"), "legal_basis")


class NoproofCertificate(models.Model):
    _inherit = "noproof.certificate"

    @api.model
    def get_import_templates(self):
        return _template(_("Import Template for Certificates"), "certificate")


class NoproofServiceItem(models.Model):
    _inherit = "noproof.service.item"

    @api.model
    def get_import_templates(self):
        return _template(_("Import Template for Service Items"), "service_item")


class NoproofCertificateRule(models.Model):
    _inherit = "noproof.certificate.rule"

    @api.model
    def get_import_templates(self):
        return _template(_("Import Template for Certificate Rules"), "certificate_rule")
