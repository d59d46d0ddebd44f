/** @odoo-module */

import { registry } from "@web/core/registry";

// A configuration administrator creates a service item with two certificate
// rules, activates them and publishes the level's list.
registry.category("web_tour.tours").add("noproof_catalog_publish_tour", {
    url: "/odoo/action-noproof_catalog.action_noproof_service_item",
    steps: () => [
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=name] input", run: "edit Tour Housing Subsidy" },
        { trigger: ".o_field_widget[name=code] input", run: "edit TOUR-001" },
        { trigger: ".o_field_widget[name=organization_id] input", run: "edit Tour Civil" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(Tour Civil Affairs)", run: "click" },
        // first rule: shared data
        { trigger: "div[name=rule_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".o_data_row .o_field_widget[name=certificate_id] input", run: "edit Tour Household" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(Tour Household Certificate)", run: "click" },
        { trigger: ".o_data_row .o_field_widget[name=disposition] select", run: 'select "online_check"' },
        { trigger: ".o_data_row .o_field_widget[name=alternative_method] textarea", run: "edit Checked online in the population register" },
        { trigger: ".o_data_row .o_field_widget[name=legal_basis_id] input", run: "edit Tour Assistance" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(Tour Assistance Regulation)", run: "click" },
        // second rule: cancelled outright
        { trigger: "div[name=rule_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".o_data_row:eq(1) .o_field_widget[name=certificate_id] input", run: "edit Tour Residence" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(Tour Residence Certificate)", run: "click" },
        { trigger: ".o_data_row:eq(1) .o_field_widget[name=disposition] select", run: 'select "cancelled"' },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        { trigger: "button[name=action_activate_rules]", run: "click" },
        { trigger: ".o_data_row:eq(1) .o_field_widget[name=state] .badge:contains(Active)" },
        // publish the level's list
        { trigger: ".o_main_navbar .o_menu_sections button:contains(Catalog)", run: "click" },
        { trigger: ".dropdown-item:contains(Cancellation Lists)", run: "click" },
        { trigger: ".o_list_view .o_data_row td[name=name]:contains(Tour City List)", run: "click" },
        { trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains(Draft)" },
        { trigger: "button[name=action_publish]", run: "click" },
        { trigger: ".modal .modal-footer .btn-primary", run: "click" },
        { trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains(Published)" },
        { trigger: ".o_field_widget[name=line_ids] td:contains(Tour Housing Subsidy)" },
    ],
});
