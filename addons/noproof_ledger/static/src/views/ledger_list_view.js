/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { listView } from "@web/views/list/list_view";
import { ListRenderer } from "@web/views/list/list_renderer";

/**
 * A banner above the ledger naming every broken hash chain the user can see.
 */
export class LedgerChainBanner extends Component {
    static template = "noproof_ledger.LedgerChainBanner";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ broken: [] });
        onWillStart(async () => {
            this.state.broken = await this.orm.call("noproof.ledger.chain", "get_banner", []);
        });
    }

    openChain(chainId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "noproof.ledger.chain",
            res_id: chainId,
            views: [[false, "form"]],
        });
    }
}

export class LedgerListRenderer extends ListRenderer {
    static template = "noproof_ledger.LedgerListRenderer";
    static components = { ...ListRenderer.components, LedgerChainBanner };
}

export const ledgerListView = {
    ...listView,
    Renderer: LedgerListRenderer,
};

registry.category("views").add("noproof_ledger_list", ledgerListView);
