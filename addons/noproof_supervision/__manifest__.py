{
    "name": "No-Proof City: Supervision",
    "summary": "Complaints, overdue-ticket investigations, periodic evaluation and interviews (监督专窗、评估、约谈)",
    "version": "18.0.1.0.0",
    "category": "Services/No-Proof City",
    "author": "noproof",
    "website": "https://github.com/noproof/noproof",
    "license": "LGPL-3",
    "depends": ["noproof_catalog", "noproof_ledger", "noproof_verification"],
    "data": [
        "security/noproof_supervision_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/noproof_evaluation_metric_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "report/noproof_evaluation_report.xml",
        "wizard/noproof_complaint_import_views.xml",
        "views/noproof_complaint_views.xml",
        "views/noproof_ticket_escalation_views.xml",
        "views/noproof_evaluation_views.xml",
        "views/noproof_interview_views.xml",
        "views/noproof_complaint_templates.xml",
        "views/res_config_settings_views.xml",
        "views/noproof_supervision_menus.xml",
    ],
    "demo": [
        "demo/noproof_supervision_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "noproof_supervision/static/src/overview/*",
        ],
        "web.assets_tests": [
            "noproof_supervision/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
