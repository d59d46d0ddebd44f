/** @odoo-module */

import { registry } from "@web/core/registry";

// A clerk who works in Chinese sees the handling deadline of each case counting down on the case kanban and
// list, a stopped clock while a ticket waits, and filters the cases due soon (即将超期) and past due (已超期).
registry.category("web_tour.tours").add("noproof_case_deadline_countdown", {
    url: "/odoo/action-noproof_verification.action_noproof_case?view_type=kanban",
    steps: () => [
        { trigger: ".o_kanban_view .o_kanban_record:contains(期限正常) .o_noproof_countdown.text-bg-success:contains(剩余)" },
        { trigger: ".o_kanban_record:contains(期限已过) .o_noproof_countdown.o_noproof_overdue:contains(已超时)" },
        { trigger: ".o_kanban_record:contains(等待协查) .badge:contains(计时暂停)" },
        { trigger: ".o_searchview_dropdown_toggler", run: "click" },
        { trigger: ".o_filter_menu .o_menu_item:contains(即将超期)", run: "click" },
        { trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(期限正常))) .o_kanban_record:contains(即将到期)" },
        { trigger: ".o_filter_menu .o_menu_item:contains(即将超期)", run: "click" },
        { trigger: ".o_filter_menu .o_menu_item:contains(已超期)", run: "click" },
        { trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(即将到期))) .o_kanban_record:contains(期限已过)" },
        { trigger: ".o_switch_view.o_list", run: "click" },
        { trigger: ".o_list_view th:contains(剩余时间)" },
        { trigger: ".o_list_view .o_data_row.text-danger:contains(期限已过) .o_noproof_countdown.o_noproof_overdue" },
    ],
});
