/** The browser tab names the programme's level (or 无证明城市), never "Odoo". */
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { session } from "@web/session";

export const noproofTitleService = {
    dependencies: ["title"],
    start(env, { title }) {
        const companies = session.user_companies;
        const current = companies && companies.allowed_companies[companies.current_company];
        // Set first, so that the action's name follows it: "台州市 - 办事事项".
        title.setParts({ zopenerp: (current && current.name) || _t("No-Proof City") });
    },
};

registry.category("services").add("noproof_title", noproofTitleService);
