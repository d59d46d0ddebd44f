/** @odoo-module */

import { registry } from "@web/core/registry";

// A window clerk lets the applicant sign the commitment from the case's check (two clicks: the check's
// button, then Sign in the prefilled wizard), and approves the case at once (Luzhou art. 8).
registry.category("web_tour.tours").add("noproof_commitment_sign_tour", {
    steps: () => [
        {
            trigger: ".o_field_widget[name=check_ids] .o_data_row button[name=action_open_sign_commitment]",
            run: "click",
        },
        { trigger: ".modal .o_field_widget[name=content]:contains(本人张三承诺与逝者系直系亲属)" },
        { trigger: ".modal .o_field_widget[name=liability]:contains(撤销补助决定)" },
        { trigger: ".modal .o_field_widget[name=signature_reference] input", run: "edit ESIGN-TOUR-0001" },
        { trigger: ".modal button[name=action_sign]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: ".o_field_widget[name=check_ids] .o_data_row button[name=action_view_commitment]" },
        { trigger: ".o_form_view button[name=action_approve]", run: "click" },
        { trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains(Approved)" },
    ],
});

// The office opens the commitments awaiting verification, nearest deadline first, and records that the
// follow-up verification confirmed the promise (Luzhou art. 8).
registry.category("web_tour.tours").add("noproof_commitment_follow_up_tour", {
    steps: () => [
        { trigger: ".o_list_view .o_data_row td[name=follow_up_deadline]" },
        { trigger: ".o_list_view .o_data_row.text-danger td[name=applicant_name]:contains(李四)" },
        { trigger: ".o_list_view .o_data_row td[name=applicant_name]:contains(张三)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=content]:contains(本人张三承诺与逝者系直系亲属)" },
        { trigger: ".o_form_view button[name=action_open_confirm]", run: "click" },
        { trigger: ".modal .o_field_widget[name=note] textarea", run: "edit 经公安人口信息系统核实，亲属关系属实。" },
        { trigger: ".modal button[name=action_confirm]", run: "click" },
        { trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains(Verified)" },
    ],
});
