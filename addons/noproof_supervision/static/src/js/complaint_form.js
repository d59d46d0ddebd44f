/* The public complaint form: choosing a city or county shows only its organizations and service items,
 * without reloading the page. Without JavaScript every level's options stay visible, grouped by level,
 * and the server refuses an organization or item of another level. */
(function () {
    "use strict";
    function filter(form) {
        const level = form.querySelector("select[name=level]").value;
        for (const select of form.querySelectorAll("select.o_noproof_by_level")) {
            for (const group of select.querySelectorAll("optgroup[data-level]")) {
                const shown = !level || group.dataset.level === level;
                group.hidden = !shown;
                group.disabled = !shown;
            }
            const chosen = select.selectedOptions[0];
            if (chosen && chosen.parentElement.disabled) {
                select.value = "";
            }
        }
    }
    document.addEventListener("DOMContentLoaded", function () {
        const form = document.querySelector("form.o_noproof_complaint_form");
        if (!form) {
            return;
        }
        form.querySelector("select[name=level]").addEventListener("change", () => filter(form));
        filter(form);
    });
})();
