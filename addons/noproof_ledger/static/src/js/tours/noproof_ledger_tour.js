/** @odoo-module */

import { registry } from "@web/core/registry";

// A window clerk registers a certificate issued for use outside the city (Luzhou art. 16).
registry.category("web_tour.tours").add("noproof_ledger_outbound_tour", {
    url: "/odoo/action-noproof_ledger.action_noproof_outbound_register",
    steps: () => [
        { trigger: ".o_control_panel button:contains(Register an Issued Certificate)", run: "click" },
        { trigger: ".modal .o_field_widget[name=applicant_name] input", run: "edit Tour Applicant" },
        { trigger: ".modal .o_field_widget[name=contact] input", run: "edit 13900000009" },
        { trigger: ".modal .o_field_widget[name=certificate_name] input", run: "edit Tour Kinship Certificate" },
        { trigger: ".modal .o_field_widget[name=purpose] input", run: "edit Tour inheritance notarization" },
        { trigger: ".modal .o_field_widget[name=requesting_unit] input", run: "edit Tour Notary Office" },
        { trigger: ".modal button[name=action_record]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=requesting_unit]:contains(Tour Notary Office)" },
        { trigger: ".o_form_view .o_field_widget[name=entry_hash]:not(:empty)" },
        { trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a", run: "click" },
        { trigger: ".o_list_view .o_data_row td[name=applicant_name]:contains(Tour Applicant)" },
    ],
});

// The office opens the ledger, sees the banner of a broken chain and investigates it.
registry.category("web_tour.tours").add("noproof_ledger_banner_tour", {
    url: "/odoo/action-noproof_ledger.action_noproof_ledger_entry",
    steps: () => [
        { trigger: ".o_noproof_ledger_banner:contains(is broken):contains(was altered)" },
        { trigger: ".o_noproof_ledger_banner a:contains(Investigate)", run: "click" },
        { trigger: ".o_form_view .alert-danger:contains(The ledger chain is broken)" },
        { trigger: ".o_form_view .o_field_widget[name=verification_ids] .o_data_row:first td:contains(Nightly Check)" },
        { trigger: ".o_form_view button[name=action_verify]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=verification_ids] .o_data_row:first td:contains(Verify Button)" },
    ],
});
