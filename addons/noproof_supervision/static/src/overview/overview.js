/** @odoo-module */

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/** The office's overview: what needs attention today, each card opening the records behind it. */
export class NoproofOverview extends Component {
    static template = "noproof_supervision.Overview";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ cards: [] });
        onWillStart(async () => {
            this.state.cards = await this.orm.call("noproof.complaint", "noproof_overview", []);
        });
    }

    open(card) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: card.title,
            res_model: card.model,
            domain: card.domain,
            views: [[false, "list"], [false, "form"]],
        });
    }
}

registry.category("actions").add("noproof_supervision.overview", NoproofOverview);
