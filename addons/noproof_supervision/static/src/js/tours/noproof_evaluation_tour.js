/** @odoo-module */

import { registry } from "@web/core/registry";

// The joint-conference office evaluates a quarter and proposes interviews.
registry.category("web_tour.tours").add("noproof_evaluation_tour", {
    url: "/odoo/action-noproof_supervision.action_noproof_evaluation",
    steps: () => [
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=period_type] select", run: 'select "quarter"' },
        { trigger: ".o_field_widget[name=year] input", run: "edit 2026" },
        { trigger: ".o_field_widget[name=period_number] input", run: "edit 1" },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        { trigger: "button[name=action_compute]", run: "click" },
        { trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains(Computed)" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row td[name=organization_id]" },
        { trigger: "button[name=action_propose_interviews]", run: "click" },
        { trigger: ".o_list_view .o_data_row td[name=organization_id]" },
    ],
});
