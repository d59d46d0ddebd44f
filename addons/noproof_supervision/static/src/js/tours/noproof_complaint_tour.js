/** @odoo-module */

import { registry } from "@web/core/registry";

// The supervision window registers a complaint made at the window and prints the complainant's receipt, with the
// tracking number and the 查询码 (Taizhou art. 17, Luzhou art. 17).
registry.category("web_tour.tours").add("noproof_window_complaint_tour", {
    url: "/odoo/action-noproof_supervision.action_noproof_complaint",
    steps: () => [
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=channel] select", run: 'select "window"' },
        { trigger: ".o_field_widget[name=complaint_type] select", run: 'select "cancelled_certificate"' },
        { trigger: ".o_field_widget[name=target_organization_id] input", run: "edit 台州市民政局" },
        { trigger: ".o-autocomplete--dropdown-item a:contains(台州市民政局)", run: "click" },
        { trigger: ".o_field_widget[name=complainant_name] input", run: "edit 张三" },
        { trigger: ".o_field_widget[name=description] textarea", run: "edit 办理低保时被要求提供已取消的居住证明。" },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        { trigger: ".o_field_widget[name=name]:contains(TS)" },
        { trigger: ".o_field_widget[name=query_code]:contains(-)" },
        { trigger: "button[name=action_print_receipt]:contains(打印回执)", run: "click" },
        { trigger: ".o_form_saved:not(:has(.o_error_dialog))" },
        { trigger: "body:not(:has(.o_error_dialog))" },
    ],
});

// A citizen, not logged in, complains online about a county's organization, notes the 查询码 shown on the receipt
// page, and later follows the complaint with the tracking number and the 查询码 typed in by hand.
registry.category("web_tour.tours").add("noproof_citizen_complaint_tour", {
    url: "/noproof/complaint",
    steps: () => [
        { trigger: "h1:contains(我要投诉)" },
        { trigger: "select[name=level]", run: "selectByLabel 椒江区" },
        // only the county's organizations are offered, without a reload
        { trigger: "#organization_id optgroup[label=椒江区]:not([hidden]):not(:visible)" },
        { trigger: "#organization_id:not(:has(optgroup[label=台州市]:not([hidden])))" },
        { trigger: "select[name=organization_id]", run: "selectByLabel 椒江区民政局" },
        { trigger: "select[name=complaint_type]", run: 'select "cancelled_certificate"' },
        { trigger: "textarea[name=description]", run: "edit 街道窗口要求我提供已取消的无犯罪记录证明。" },
        { trigger: "form.o_noproof_complaint_form button[type=submit]", run: "click" },
        {
            trigger: ".o_noproof_receipt .o_noproof_query_code:contains(-)",
            run() {
                const receipt = document.querySelector(".o_noproof_receipt");
                window.localStorage.setItem(
                    "noproof_tour_complaint",
                    JSON.stringify({
                        number: receipt.querySelector(".o_noproof_tracking_number").textContent.trim(),
                        code: receipt.querySelector(".o_noproof_query_code").textContent.trim(),
                    })
                );
            },
        },
        { trigger: "button.o_noproof_print:contains(打印)" },
        { trigger: "nav a[href='/noproof/complaint/status']", run: "click" },
        { trigger: "h1:contains(查询投诉)" },
        {
            trigger: "input[name=number]",
            run() {
                const saved = JSON.parse(window.localStorage.getItem("noproof_tour_complaint"));
                document.querySelector("input[name=number]").value = saved.number;
                // as a person types it from the receipt: lower case, without the dash
                document.querySelector("input[name=code]").value = saved.code.replace("-", "").toLowerCase();
            },
        },
        { trigger: "form.o_noproof_status_form button[type=submit]", run: "click" },
        { trigger: ".o_noproof_complaint_status .o_noproof_state:contains(已登记)" },
        { trigger: ".o_noproof_complaint_status:contains(椒江区民政局)" },
    ],
});
