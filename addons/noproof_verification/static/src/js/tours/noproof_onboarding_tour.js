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
// Choose a record in a many2one or many2many field, then wait until the field shows it.
const pick = (field, text, scope = ".o_form_view") => [
    { trigger: `${scope} .o_field_widget[name=${field}] input`, run: `edit ${text}` },
    { trigger: `${scope} .o_field_widget[name=${field}] .o-autocomplete--dropdown-item:contains(${text})`, run: "click" },
    {
        trigger: `${scope} .o_field_widget[name=${field}] .o_tag:contains(${text}), ${scope} .o_field_widget[name=${field}] input:value(/${text}/)`,
    },
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
    // Its first password, given by the administrator: 操作 › 修改密码 (the user changes it in Preferences).
    { trigger: ".o_cp_action_menus button:has(.fa-cog)", run: "click" },
    { trigger: ".o-dropdown-item:contains(修改密码)", run: "click" },
    { trigger: `.modal .o_data_row:contains(${login}) td[name=new_passwd]`, run: "click" },
    { trigger: ".modal .o_data_row .o_field_widget[name=new_passwd] input", run: `edit ${login}` },
    { trigger: ".modal button[name=change_password_button]", run: "click" },
    { trigger: "body:not(:has(.modal))" },
    { trigger: ".o_breadcrumb .breadcrumb-item:last-child a", run: "click" },
];

registry.category("web_tour.tours").add("noproof_onboarding_levels", {
    url: "/odoo/action-noproof_catalog.action_noproof_setup_checklist",
    steps: () => [
        // The empty database's company becomes the city.
        openStep("层级、上级和规定"),
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州市" },
        ...saveLevel("温州市"),
        ...backToChecklist,
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
        { trigger: `${checklistRow("用户和角色")}.text-success` },
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
        // The household record of the applicant the clerk will serve (many more come by 导入记录).
        { trigger: ".o_field_widget[name=record_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".modal .o_field_widget[name=subject_id_number] input", run: "edit 11010519491231002X" },
        { trigger: ".modal .o_field_widget[name=subject_name] input", run: "edit 温州申请人" },
        { trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: ".o_field_widget[name=record_ids] .o_data_row:contains(温州申请人)" },
        ...save,
        { trigger: ".o_form_view .o_statusbar_buttons button:contains(为层级开通访问)", run: "click" },
        { trigger: ".modal .o_field_widget[name=login] input", run: "edit wz_data" },
        ...pick("source_ids", "温州户籍信息", ".modal"),
        { trigger: ".modal button[name=action_issue_key]", run: "click" },
        { trigger: ".modal .o_field_widget[name=key]:contains(0), .modal .o_field_widget[name=key] span" },
        { trigger: ".modal .modal-footer button.btn-secondary", run: "click" },
        // Back to the checklist (配置 › 设置清单): the data source is wired.
        {
            trigger: "body:not(:has(.modal))",
            run: () => {
                window.location.href = "/odoo/action-noproof_catalog.action_noproof_setup_checklist";
            },
        },
        { trigger: `${checklistRow("共享数据源")}.text-success` },
        // An item with two rules: the household certificate looked up in the shared data, the kinship
        // certificate verified by the police's designated verifier.
        openStep("办事事项和规则"),
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州市困难群众救助" },
        ...pick("organization_id", "温州市民政局"),
        { trigger: ".o_form_view .o_field_widget[name=handling_type] select", run: 'select "non_immediate"' },
        { trigger: ".o_form_view .o_field_widget[name=promised_days] input", run: "edit 15" },
        { trigger: "div[name=rule_ids] .o_field_x2many_list_row_add a", run: "click" },
        ...pick("certificate_id", "温州户籍证明", ".o_data_row:eq(0)"),
        { trigger: ".o_data_row:eq(0) .o_field_widget[name=disposition] select", run: 'select "data_sharing"' },
        {
            trigger: ".o_data_row:eq(0) .o_field_widget[name=alternative_method] textarea",
            run: "edit 通过共享数据核验户籍信息",
        },
        ...pick("legal_basis_id", "温州市社会救助办法", ".o_data_row:eq(0)"),
        ...pick("data_source_id", "温州户籍信息", ".o_data_row:eq(0)"),
        { trigger: "div[name=rule_ids] .o_field_x2many_list_row_add a", run: "click" },
        ...pick("certificate_id", "温州亲属关系证明", ".o_data_row:eq(1)"),
        { trigger: ".o_data_row:eq(1) .o_field_widget[name=disposition] select", run: 'select "assistance"' },
        {
            trigger: ".o_data_row:eq(1) .o_field_widget[name=alternative_method] textarea",
            run: "edit 由公安局指定专人协查亲属关系",
        },
        ...pick("legal_basis_id", "温州市社会救助办法", ".o_data_row:eq(1)"),
        ...pick("assisting_organization_id", "温州市公安局", ".o_data_row:eq(1)"),
        ...save,
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_activate_rules]", run: "click" },
        { trigger: ".o_data_row:eq(1) .o_field_widget[name=state] .badge.text-bg-success" },
        ...backToChecklist,
        { trigger: `${checklistRow("办事事项和规则")}.text-success` },
        // Publication of the level's list.
        openStep("公布"),
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 温州市取消证明事项清单" },
        ...save,
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_publish]", run: "click" },
        { trigger: ".modal .modal-footer .btn-primary", run: "click" },
        { trigger: ".o_field_widget[name=line_ids] td:contains(温州市困难群众救助)" },
        ...backToChecklist,
        { trigger: `${checklistRow("公布")}.text-success` },
    ],
});

// The clerk of the civil affairs bureau registers an applicant at the window, opens a case of the item the
// administrator created and sends the kinship ticket to the police.
registry.category("web_tour.tours").add("noproof_onboarding_clerk_sends", {
    url: "/odoo/action-noproof_verification.action_noproof_case",
    steps: () => [
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        ...pick("item_id", "温州市困难群众救助"),
        { trigger: ".o_form_view .o_field_widget[name=applicant_id] input", run: "edit 11010519491231002X" },
        { trigger: ".o-autocomplete--dropdown-item.o_m2o_dropdown_option_create_edit a", run: "click" },
        { trigger: ".modal .o_field_widget[name=noproof_id_number] input:value('11010519491231002X')" },
        { trigger: ".modal .o_field_widget[name=name] input", run: "edit 温州申请人" },
        { trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=applicant_id] input:value(/温州申请人/)" },
        ...save,
        {
            trigger: ".o_field_widget[name=check_ids] .o_data_row:contains(温州亲属关系证明) button[name=action_create_ticket]",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=certificate_id]:contains(温州亲属关系证明)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_send]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=sent]" },
    ],
});

// The police's designated verifier, created without e-mail, finds the ticket in the inbox and answers it.
registry.category("web_tour.tours").add("noproof_onboarding_verifier_answers", {
    url: "/odoo/action-noproof_verification.action_noproof_ticket_inbox",
    steps: () => [
        { trigger: ".o_kanban_record:contains(温州申请人)", run: "click" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_answer]", run: "click" },
        { trigger: ".modal .o_field_widget[name=answer] textarea", run: "edit 户籍档案记载二人为母女关系。" },
        { trigger: ".modal button[name=action_answer]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=answered]" },
    ],
});

// Back at the window, the clerk sees both checks resolved and approves the case.
registry.category("web_tour.tours").add("noproof_onboarding_clerk_approves", {
    url: "/odoo/action-noproof_verification.action_noproof_case",
    steps: () => [
        { trigger: ".o_list_view .o_data_row:contains(温州申请人) td[name=name]", run: "click" },
        { trigger: ".o_field_widget[name=check_ids] .o_data_row.text-success:contains(温州户籍证明)" },
        { trigger: ".o_field_widget[name=check_ids] .o_data_row.text-success:contains(温州亲属关系证明)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=approved]" },
    ],
});
