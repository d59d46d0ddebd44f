/** @odoo-module */

import { registry } from "@web/core/registry";

// At the window: the clerk types the applicant's identity number, registers the new applicant, opens the
// case, resolves its check, prints the receipt and approves.
registry.category("web_tour.tours").add("noproof_window_clerk_registers_and_approves", {
    url: "/odoo/action-noproof_verification.action_noproof_case",
    steps: () => [
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=item_id] input", run: "edit Window Allowance" },
        { trigger: ".o-autocomplete--dropdown-item:contains(Window Allowance)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=applicant_id] input", run: "edit 11010519491231002X" },
        { trigger: ".o-autocomplete--dropdown-item.o_m2o_dropdown_option_create_edit a", run: "click" },
        // The registration form: the number typed in the picker, the kind of document recognised.
        { trigger: ".modal .o_field_widget[name=noproof_id_number] input:value('11010519491231002X')" },
        { trigger: ".modal .o_field_widget[name=name] input", run: "edit 窗口申请人" },
        { trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=applicant_id] input:value(/窗口申请人/)" },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=tracking_code]:not(:empty)" },
        { trigger: ".o_form_view .o_field_widget[name=applicant_id_number]:contains(11010519491231002X)" },
        {
            trigger: ".o_field_widget[name=check_ids] .o_data_row:contains(Window Income) button[name=action_open_resolve]",
            run: "click",
        },
        { trigger: ".modal .o_field_widget[name=note] textarea", run: "edit 已核查社保缴费记录。" },
        { trigger: ".modal button[name=action_confirm]", run: "click" },
        { trigger: ".o_field_widget[name=check_ids] .o_data_row.text-success:contains(Window Income)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_print_receipt]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=approved]" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_print_decision]" },
    ],
});

// The verifier finds that the answer is in the paper archives, reclassifies the ticket and answers it.
registry.category("web_tour.tours").add("noproof_window_verifier_reclassifies_and_answers", {
    url: "/odoo/action-noproof_verification.action_noproof_ticket_inbox",
    steps: () => [
        { trigger: ".o_kanban_record:contains(Window Kinship)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=applicant_id_number]:contains(51050219880105345X)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_redirect]:first", run: "click" },
        { trigger: ".modal .o_field_widget[name=data_kind] input[data-value=paper]", run: "click" },
        { trigger: ".modal .o_field_widget[name=reason] textarea", run: "edit 1990年以前的户籍资料为纸质档案。" },
        { trigger: ".modal .modal-footer button[name=action_confirm]:visible", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=data_kind]:contains(纸质)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_answer]", run: "click" },
        { trigger: ".modal .o_field_widget[name=answer] textarea", run: "edit 档案记载二人为父子关系。" },
        { trigger: ".modal button[name=action_answer]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=answered]" },
    ],
});
