{
    "name": "No-Proof City: Commitments",
    "summary": "A signed notification-and-commitment instead of a certificate (告知承诺): versioned templates, "
    "signature, QR-verifiable PDF, approval on commitment, follow-up verification, false promises, bars "
    "and staff exemption",
    "version": "18.0.1.0.0",
    "category": "Services/No-Proof City",
    "author": "noproof",
    "website": "https://github.com/noproof/noproof",
    "license": "LGPL-3",
    "depends": ["noproof_catalog", "noproof_ledger", "noproof_verification", "mail"],
    "external_dependencies": {"python": ["qrcode"]},
    "data": [
        "security/noproof_commitment_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "report/noproof_commitment_report.xml",
        "wizard/noproof_commitment_sign_wizard_views.xml",
        "wizard/noproof_commitment_outcome_wizard_views.xml",
        "wizard/noproof_commitment_bar_lift_wizard_views.xml",
        "views/noproof_commitment_template_views.xml",
        "views/noproof_commitment_views.xml",
        "views/noproof_commitment_bar_views.xml",
        "views/noproof_exemption_views.xml",
        "views/noproof_case_check_views.xml",
        "views/noproof_case_views.xml",
        "views/noproof_certificate_rule_views.xml",
        "views/res_company_views.xml",
        "views/res_config_settings_views.xml",
        "views/noproof_commitment_portal_templates.xml",
        "views/noproof_commitment_menus.xml",
    ],
    "demo": [
        "demo/noproof_commitment_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "noproof_commitment/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
