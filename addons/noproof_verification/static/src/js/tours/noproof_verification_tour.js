/** @odoo-module */

import { registry } from "@web/core/registry";

// A clerk opens a case for an applicant and sends the kinship verification ticket.
registry.category("web_tour.tours").add("noproof_verification_clerk_sends_ticket", {
    url: "/odoo/action-noproof_verification.action_noproof_case",
    steps: () => [
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=item_id] input", run: "edit Tour Allowance" },
        { trigger: ".o-autocomplete--dropdown-item:contains(Tour Allowance)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=applicant_id] input", run: "edit Tour Applicant" },
        { trigger: ".o-autocomplete--dropdown-item:contains(Tour Applicant)", run: "click" },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        {
            trigger: ".o_field_widget[name=check_ids] .o_data_row:contains(Tour Kinship) button[name=action_create_ticket]",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=certificate_id]:contains(Tour Kinship)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_send]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=sent]" },
        { trigger: ".o_form_view .o_noproof_countdown.text-bg-success" },
    ],
});

// The designated verifier finds the ticket in the inbox, with its countdown, and answers it.
registry.category("web_tour.tours").add("noproof_verification_verifier_answers", {
    url: "/odoo/action-noproof_verification.action_noproof_ticket_inbox",
    steps: () => [
        { trigger: ".o_kanban_record:contains(Tour Applicant) .o_noproof_countdown.text-bg-success" },
        { trigger: ".o_kanban_record:contains(Tour Applicant)", run: "click" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_answer]", run: "click" },
        { trigger: ".modal .o_field_widget[name=answer] textarea", run: "edit Household records show they are father and son." },
        { trigger: ".modal button[name=action_answer]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=answered]" },
    ],
});

// Back at the window, the clerk sees the check resolved and approves the case.
registry.category("web_tour.tours").add("noproof_verification_clerk_approves", {
    url: "/odoo/action-noproof_verification.action_noproof_case",
    steps: () => [
        { trigger: ".o_list_view .o_data_row:contains(Tour Applicant) td[name=name]", run: "click" },
        { trigger: ".o_field_widget[name=check_ids] .o_data_row.text-success:contains(Tour Kinship)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=approved]" },
    ],
});
