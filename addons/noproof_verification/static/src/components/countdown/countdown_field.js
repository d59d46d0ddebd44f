import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { formatDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;

/**
 * Live countdown to a deadline: "2 h 05 min left", red "Overdue by 12 min" once past.
 * Ticks every second while the record is displayed.
 */
export class CountdownField extends Component {
    static template = "noproof_verification.CountdownField";
    static props = { ...standardFieldProps };

    setup() {
        this.state = useState({ now: DateTime.now() });
        onWillStart(() => {
            this.interval = setInterval(() => (this.state.now = DateTime.now()), 1000);
        });
        onWillUnmount(() => clearInterval(this.interval));
    }

    get deadline() {
        return this.props.record.data[this.props.name];
    }

    get isOverdue() {
        return Boolean(this.deadline) && this.deadline < this.state.now;
    }

    get title() {
        return this.deadline ? formatDateTime(this.deadline) : "";
    }

    static formatSpan(seconds) {
        const days = Math.floor(seconds / 86400);
        const hours = Math.floor((seconds % 86400) / 3600);
        const minutes = Math.floor((seconds % 3600) / 60);
        const secs = Math.floor(seconds % 60);
        if (days) {
            return _t("%(days)s d %(hours)s h", { days, hours });
        }
        if (hours) {
            return _t("%(hours)s h %(minutes)s min", { hours, minutes: String(minutes).padStart(2, "0") });
        }
        return _t("%(minutes)s min %(seconds)s s", { minutes, seconds: String(secs).padStart(2, "0") });
    }

    get label() {
        if (!this.deadline) {
            return "";
        }
        const seconds = Math.abs(this.deadline.diff(this.state.now, "seconds").seconds);
        const span = CountdownField.formatSpan(seconds);
        return this.isOverdue ? _t("Overdue by %(span)s", { span }) : _t("%(span)s left", { span });
    }
}

export const countdownField = {
    component: CountdownField,
    displayName: _t("Countdown"),
    supportedTypes: ["datetime"],
};

registry.category("fields").add("noproof_countdown", countdownField);
