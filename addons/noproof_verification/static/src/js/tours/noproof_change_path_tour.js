/** @odoo-module */

import { registry } from "@web/core/registry";

// Issue 13: the change path of a published catalog, each role in Chinese.
const ITEM = "巡检测试救助事项";

// The approval widgets a Chinese user sees must carry no English word of OCA's.
const ENGLISH = /Validate|Reject|Restart Validation|This Record|Next:|Todo by|Requested by|Validation Date|tier\.review|Operation has been/;

function assertNoEnglish() {
    const text = document.querySelector(".o_form_view").innerText;
    const found = text.match(ENGLISH);
    if (found) {
        throw new Error(`English on the approval screen: "${found[0]}"`);
    }
}

function assertTabTitle() {
    if (/Odoo/.test(document.title)) {
        throw new Error(`The browser tab says "${document.title}"`);
    }
}

// The configuration administrator creates an item with a drafted rule.
registry.category("web_tour.tours").add("noproof_change_path_item_tour", {
    url: "/odoo/action-noproof_catalog.action_noproof_service_item",
    steps: () => [
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=name] input", run: `edit ${ITEM}` },
        { trigger: ".o_field_widget[name=code] input", run: "edit TZ-TOUR-13" },
        { trigger: ".o_field_widget[name=organization_id] input", run: "edit 台州市民政" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(台州市民政局)", run: "click" },
        { trigger: "div[name=rule_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".o_data_row .o_field_widget[name=certificate_id] input", run: "edit 失业证明" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(失业证明)", run: "click" },
        { trigger: ".o_data_row .o_field_widget[name=disposition] select", run: 'select "cancelled"' },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved", run: assertTabTitle },
    ],
});

// The configuration administrator opens the drafted rule: at a level with a published list its only way into
// force is a change request, which its button creates and opens; the administrator proposes data sharing.
registry.category("web_tour.tours").add("noproof_change_path_request_tour", {
    steps: () => [
        { trigger: ".o_form_view .alert-info:contains(变更申请)" },
        { trigger: "button[name=action_request_change]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=current_rule_state]" },
        { trigger: ".o_field_widget[name=disposition] select", run: 'select "data_sharing"' },
        { trigger: ".o_field_widget[name=data_source_id] input", run: "edit 户籍信息" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(台州市公共数据共享平台 · 户籍信息)", run: "click" },
        { trigger: ".o_field_widget[name=legal_basis_id] input", run: "edit 社会救助暂行" },
        { trigger: ".ui-autocomplete .ui-menu-item a:contains(社会救助暂行办法)", run: "click" },
        { trigger: ".o_field_widget[name=alternative_method] textarea", run: "edit 通过人社部门就业失业登记信息共享核验" },
        { trigger: ".o_field_widget[name=reason] textarea", run: "edit 临时救助需核实申请人失业状况，已可共享核验。" },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        { trigger: "button[name=action_submit]", run: "click" },
        { trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]" },
        { trigger: ".o_form_view .alert-warning", run: assertNoEnglish },
    ],
});

// Each approver finds the request in 待我审批 and approves it; the approval screen is in Chinese.
registry.category("web_tour.tours").add("noproof_change_path_approve_tour", {
    url: "/odoo/action-noproof_catalog.action_noproof_change_request_to_review",
    steps: () => [
        { trigger: `.o_list_view .o_data_row td[name=item_id]:contains(${ITEM})`, run: "click" },
        { trigger: ".o_form_view button[name=validate_tier]" },
        { trigger: ".o_form_view .o_field_widget[name=review_ids] a.o_info_btn:contains(审批链)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=review_ids] table th:contains(待审批人)", run: assertNoEnglish },
        { trigger: ".o_form_view button[name=validate_tier]:contains(批准)", run: "click" },
        { trigger: ".o_form_view:not(:has(button[name=validate_tier]))" },
    ],
});

// The office publishes the next version of the list that the approval amended.
registry.category("web_tour.tours").add("noproof_change_path_publish_tour", {
    steps: () => [
        { trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=approved]" },
        { trigger: ".o_form_view .o_field_widget[name=approved_by_id]", run: assertNoEnglish },
        { trigger: ".o_form_view .o_field_widget[name=list_id] a", run: "click" },
        { trigger: `.o_form_view .o_field_widget[name=line_ids] td:contains(${ITEM})` },
        { trigger: "button[name=action_new_version]", run: "click" },
        { trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=draft]" },
        { trigger: "button[name=action_publish]", run: "click" },
        { trigger: ".modal .modal-footer .btn-primary", run: "click" },
        { trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=published]" },
        { trigger: `.o_form_view .o_field_widget[name=line_ids] td:contains(${ITEM})` },
    ],
});
