{
    "name": "No-Proof City: Ledger",
    "summary": "Tamper-evident records kept for inspection (台账, 留存备查): supplement requests, "
    "query authorizations, outbound certificates, checks, and who read applicants' personal data",
    "version": "18.0.1.0.0",
    "category": "Services/No-Proof City",
    "author": "noproof",
    "website": "https://github.com/noproof/noproof",
    "license": "LGPL-3",
    "depends": ["noproof_catalog", "mail"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/noproof_ledger_security.xml",
        "security/ir.model.access.csv",
        "data/noproof_ledger_data.xml",
        "report/noproof_ledger_reports.xml",
        "report/report_outbound_register.xml",
        "report/report_ledger_extract.xml",
        "wizard/noproof_ledger_record_wizard_views.xml",
        "wizard/noproof_ledger_export_wizard_views.xml",
        "views/noproof_ledger_entry_views.xml",
        "views/noproof_ledger_chain_views.xml",
        "views/noproof_ledger_verification_views.xml",
        "views/noproof_ledger_anchor_views.xml",
        "views/noproof_ledger_portal_templates.xml",
        "views/noproof_access_log_views.xml",
        "views/noproof_access_log_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/noproof_ledger_menus.xml",
    ],
    "demo": [
        "demo/noproof_ledger_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "noproof_ledger/static/src/views/**/*",
        ],
        "web.assets_tests": [
            "noproof_ledger/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
