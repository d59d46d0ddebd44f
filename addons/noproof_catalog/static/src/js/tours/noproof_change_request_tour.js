/** @odoo-module */

import { registry } from "@web/core/registry";

// The joint-conference office approves a department's change request, after the
// department head, and opens the list version that the approval published.
registry.category("web_tour.tours").add("noproof_change_request_tour", {
    url: "/odoo/action-noproof_catalog.action_noproof_change_request",
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td[name=certificate_id]:contains(Income Certificate)",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=reason]:contains(Tour: income checked in shared data)" },
        { trigger: ".o_form_view button[name=validate_tier]", run: "click" },
        {
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=approved]",
        },
        { trigger: ".o_form_view .o_field_widget[name=list_id] a", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=version]:contains(3)" },
        {
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=published]",
        },
        { trigger: ".o_form_view .o_field_widget[name=line_ids] td:contains(Income Certificate)" },
    ],
});
