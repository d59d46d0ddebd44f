/** @odoo-module */

import { registry } from "@web/core/registry";

// Issue 16: a new city and one county set up through the setup checklist alone, in Chinese, by an
// administrator without developer mode; then its clerk and verifier, created without e-mail, work.

const checklistRow = (step) => `.o_field_widget[name=step_ids] .o_data_row:contains(${step})`;
const openStep = (step) => ({ trigger: `${checklistRow(step)} button[name=action_open]`, run: "click" });
const backToChecklist = [
    { trigger: ".o_breadcrumb .breadcrumb-item a:contains(设置清单)", run: "click" },
    { trigger: ".o_form_view button[name=action_refresh]", run: "click" },
];
const pick = (field, text, scope = ".o_form_view") => [
    { trigger: `${scope} .o_field_widget[name=${field}] input`, run: `edit ${text}` },
    { trigger: `.o-autocomplete--dropdown-item:contains(${text})`, run: "click" },
];
const save = [{ trigger: ".o_form_view .o_form_button_save", run: "click" }, { trigger: ".o_form_saved" }];
// Saving a level makes the web client reload the page (company_service, "reload_context"): let it finish.
const saveLevel = (name) => [
    ...save,
    {
        trigger: "body",
        run: () => new Promise((resolve) => setTimeout(resolve, 4000)),
    },
    { trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains(${name})` },
];
// A selection whose option values are record ids: choose the option by its label.
const chooseOption = (label, option) => ({
    trigger: `.o_wrap_field:has(.o_wrap_label:contains(${label})) select`,
    run() {
        const select = this.anchor;
        const found = [...select.options].find((opt) => opt.textContent.includes(option));
        select.value = found.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
    },
});
const newUser = (name, login, roleLabel, role) => [
    { trigger: ".o_list_view .o_list_button_add", run: "click" },
    { trigger: ".o_form_view .o_field_widget[name=name] input", run: `edit ${name}` },
    { trigger: ".o_form_view .o_field_widget[name=login] input", run: `edit ${login}` },
    { trigger: ".o_notebook .nav-link[name=access_rights]", run: "click" },
    chooseOption(roleLabel, role),
    ...save,
    { trigger: ".o_breadcrumb .breadcrumb-item:last-child a", run: "click" },
];

registry.category("web_tour.tours").add("noproof_onboarding_levels", {
    url: "/odoo/action-noproof_catalog.action_noproof_setup_checklist",
    steps: () => [
        // The city: Taizhou's rules, its calendar and this year's holidays.
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_apply_preset]", run: "click" },
        { trigger: ".modal .o_field_widget[name=preset] input[data-value=taizhou]:checked" },
        { trigger: ".modal button[name=action_apply]", run: "click" },
        { trigger: `${checklistRow("层级、上级和规定")}.text-success` },
        { trigger: `${checklistRow("办公日历和节假日")}.text-success` },
        // The county, under its city, "as my city".
        openStep("层级、上级和规定"),
        { trigger: ".o_form_view .o_form_button_create", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 鹿城区" },
        ...pick("parent_id", "温州市"),
        ...saveLevel("鹿城区"),
        { trigger: ".o_notebook .nav-link:contains(无证明城市)", run: "click" },
        { trigger: ".o_notebook .nav-link.active:contains(无证明城市)" },
        { trigger: ".o_form_view .o_notebook button[name=action_noproof_apply_preset]", run: "click" },
        { trigger: ".modal" },
        { trigger: ".modal .o_field_widget[name=company_id]:contains(鹿城区)" },
        { trigger: ".modal .o_field_widget[name=preset] input[data-value=city]:checked" },
        { trigger: ".modal button[name=action_apply]", run: "click" },
        { trigger: ".o_form_view .oe_title:contains(鹿城区)" },
        { trigger: `${checklistRow("层级、上级和规定")}.text-success` },
    ],
});

registry.category("web_tour.tours").add("noproof_onboarding_people", {
    url: "/odoo/action-noproof_catalog.action_noproof_setup_checklist",
    steps: () => [
        // Organizations.
        openStep("单位、负责人和指定专人"),
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州市跑改办" },
        ...save,
        { trigger: ".o_form_view .o_form_button_create", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州市民政局" },
        ...save,
        { trigger: ".o_form_view .o_form_button_create", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州市公安局" },
        ...save,
        ...backToChecklist,
        // One user per role, without e-mail.
        openStep("用户和角色"),
        ...newUser("温州王经办", "wz_clerk", "窗口办件", "窗口经办人"),
        ...newUser("温州李协查", "wz_verifier", "部门协查", "协查人员"),
        ...newUser("温州陈主任", "wz_office", "统筹管理", "联席会议办公室"),
        ...newUser("温州赵监督", "wz_supervisor", "监督", "监督专窗"),
        ...backToChecklist,
        // Staff, heads and designated verifiers, on the organizations.
        openStep("单位、负责人和指定专人"),
        { trigger: ".o_list_view .o_data_row td[name=name]:contains(温州市跑改办)", run: "click" },
        ...pick("head_id", "温州陈主任"),
        ...pick("user_ids", "温州陈主任"),
        ...save,
        { trigger: ".o_breadcrumb .breadcrumb-item:last-child a", run: "click" },
        { trigger: ".o_list_view .o_data_row td[name=name]:contains(温州市民政局)", run: "click" },
        ...pick("head_id", "温州王经办"),
        ...pick("user_ids", "温州王经办"),
        ...save,
        { trigger: ".o_breadcrumb .breadcrumb-item:last-child a", run: "click" },
        { trigger: ".o_list_view .o_data_row td[name=name]:contains(温州市公安局)", run: "click" },
        ...pick("head_id", "温州李协查"),
        ...pick("user_ids", "温州李协查"),
        ...pick("verifier_ids", "温州李协查"),
        ...save,
        // The office of the level.
        ...backToChecklist,
        openStep("联席会议办公室及成员单位"),
        { trigger: ".o_notebook .nav-link:contains(无证明城市)", run: "click" },
        { trigger: ".o_notebook .nav-link.active:contains(无证明城市)" },
        ...pick("noproof_office_id", "温州市跑改办"),
        ...saveLevel("温州市"),
        ...backToChecklist,
        { trigger: `${checklistRow("联席会议办公室及成员单位")}.text-success` },
        { trigger: `${checklistRow("单位、负责人和指定专人")}.text-success` },
        { trigger: `${checklistRow("审批链")}.text-success` },
    ],
});

registry.category("web_tour.tours").add("noproof_onboarding_catalog", {
    url: "/odoo/action-noproof_catalog.action_noproof_setup_checklist",
    steps: () => [
        // A legal basis and two certificates.
        openStep("法律依据"),
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州市社会救助办法" },
        { trigger: ".o_form_view .o_field_widget[name=level] select", run: 'select "local_regulation"' },
        { trigger: ".o_form_view .o_field_widget[name=date_effective] input", run: "edit 2020-01-01" },
        ...save,
        ...backToChecklist,
        openStep("证明材料"),
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州户籍证明" },
        ...save,
        { trigger: ".o_form_view .o_form_button_create", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州亲属关系证明" },
        ...save,
        ...backToChecklist,
        // The served dataset and the data source, wired by the wizard against this very instance.
        openStep("共享数据源"),
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州户籍信息" },
        { trigger: ".o_form_view .o_field_widget[name=kind] select", run: 'select "household"' },
        {
            trigger: ".o_form_view .o_field_widget[name=endpoint_url] input",
            run: `edit ${window.location.origin}/noproof/data/wz-household`,
        },
        ...save,
        // 配置 › 协查 › 对外提供的数据集
        {
            trigger: ".o_form_saved",
            run: () => {
                window.location.href = "/odoo/action-noproof_verification.action_noproof_dataset";
            },
        },
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州户籍" },
        { trigger: ".o_form_view .o_field_widget[name=code] input", run: "edit wz-household" },
        { trigger: ".o_form_view .o_field_widget[name=kind] select", run: 'select "household"' },
        ...save,
        { trigger: ".o_form_view .o_statusbar_buttons button:contains(为层级开通访问)", run: "click" },
        { trigger: ".modal .o_field_widget[name=login] input", run: "edit wz_data" },
        ...pick("source_ids", "温州户籍信息", ".modal"),
        { trigger: ".modal button[name=action_issue_key]", run: "click" },
        { trigger: ".modal .o_field_widget[name=key]:contains(0), .modal .o_field_widget[name=key] span" },
        { trigger: ".modal .modal-footer button.btn-secondary", run: "click" },
        // 配置 › 协查 › 共享数据源
        {
            trigger: "body:not(:has(.modal))",
            run: () => {
                window.location.href = "/odoo/action-noproof_verification.action_noproof_data_source";
            },
        },
        { trigger: ".o_list_view .o_data_row td[name=name]:contains(温州户籍信息)", run: "click" },
        // Wired: the key and its expiry are on the data source (its one-click test is run by the Python test: in a
        // test the server cannot answer a request it makes to itself while serving the browser).
        { trigger: ".o_form_view button[name=action_test_connection]" },
    ],
});
