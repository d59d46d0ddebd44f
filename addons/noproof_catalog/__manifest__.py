{
    "name": "No-Proof City: Catalog",
    "summary": "Service items, the certificates they used to require and what replaces each; "
    "versioned public cancellation lists (无证明城市)",
    "version": "18.0.1.0.0",
    "category": "Services/No-Proof City",
    "author": "noproof",
    "website": "https://github.com/noproof/noproof",
    "license": "LGPL-3",
    "depends": ["mail"],
    "external_dependencies": {"python": ["python-stdnum"]},
    "data": [
        "security/noproof_catalog_security.xml",
        "security/ir.model.access.csv",
        "views/noproof_organization_views.xml",
        "views/noproof_legal_basis_views.xml",
        "views/noproof_certificate_rule_views.xml",
        "views/noproof_certificate_views.xml",
        "views/noproof_service_item_views.xml",
        "views/noproof_cancellation_list_views.xml",
        "views/res_company_views.xml",
        "views/res_partner_views.xml",
        "views/noproof_catalog_menus.xml",
    ],
    "demo": [
        "demo/noproof_catalog_demo_companies.xml",
        "demo/noproof_catalog_demo_organizations.xml",
        "demo/noproof_catalog_demo_users.xml",
        "demo/noproof_catalog_demo_catalog.xml",
        "demo/noproof_catalog_demo_publish.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "noproof_catalog/static/src/js/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
