from odoo import _, models


class ResCompany(models.Model):
    """Commitment's part of a level's setup checklist (issue 16): a commitment template of the level or its
    city."""

    _inherit = "res.company"

    def _noproof_setup_steps(self):
        steps = super()._noproof_setup_steps()
        has_template = (
            self.env["noproof.commitment.template"]
            .sudo()
            .search_count([("company_id", "in", self.sudo().parent_ids.ids)], limit=1)
        )
        if not has_template:
            for step in steps:
                if step["key"] == "templates":
                    step.update(
                        state="missing",
                        message="\n".join(
                            filter(
                                None,
                                [step.get("message"), _("No commitment template: apply a preset or write one.")],
                            )
                        ),
                    )
        return steps

    def _noproof_setup_open(self, key):
        if key == "templates":
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "noproof_commitment.action_noproof_commitment_template"
            )
            action["context"] = {"default_company_id": self.id}
            return action
        return super()._noproof_setup_open(key)
