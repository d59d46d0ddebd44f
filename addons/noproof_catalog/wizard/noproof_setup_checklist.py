from odoo import _, api, fields, models

STEP_STATES = [("done", "Done"), ("warning", "To Check"), ("missing", "Missing")]


class NoproofSetupChecklist(models.TransientModel):
    """The setup checklist of a level (issue 16): the steps a level needs, in order, each with its state and a
    button to the screen where it is done. Computed afresh each time it is opened."""

    _name = "noproof.setup.checklist"
    _description = "Setup Checklist of a Level"

    company_id = fields.Many2one("res.company", string="Level", required=True, ondelete="cascade", readonly=True)
    step_ids = fields.One2many("noproof.setup.step", "checklist_id", string="Steps", readonly=True)
    done_count = fields.Integer(compute="_compute_progress")
    step_count = fields.Integer(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress")

    @api.depends("company_id")
    def _compute_display_name(self):
        for checklist in self:
            checklist.display_name = _("Setup Checklist of %(level)s", level=checklist.company_id.name)

    @api.depends("step_ids.state")
    def _compute_progress(self):
        for checklist in self:
            checklist.step_count = len(checklist.step_ids)
            checklist.done_count = len(checklist.step_ids.filtered(lambda step: step.state == "done"))
            checklist.progress = 100.0 * checklist.done_count / (checklist.step_count or 1)

    @api.model
    def _noproof_open(self, company):
        """A checklist of ``company`` with its steps as they stand now."""
        steps = company._noproof_setup_steps()
        return self.create(
            {
                "company_id": company.id,
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": step["sequence"],
                            "key": step["key"],
                            "name": step["name"],
                            "state": step["state"],
                            "message": step.get("message") or "",
                        },
                    )
                    for step in sorted(steps, key=lambda step: step["sequence"])
                ],
            }
        )

    def action_refresh(self):
        self.ensure_one()
        return self.company_id._noproof_action_setup()

    def action_apply_preset(self):
        self.ensure_one()
        return self.company_id.action_noproof_apply_preset()


class NoproofSetupStep(models.TransientModel):
    _name = "noproof.setup.step"
    _description = "Setup Step of a Level"
    _order = "sequence, id"

    checklist_id = fields.Many2one("noproof.setup.checklist", required=True, ondelete="cascade")
    sequence = fields.Integer()
    key = fields.Char(required=True)
    name = fields.Char(string="Step", required=True)
    state = fields.Selection(STEP_STATES, required=True)
    message = fields.Text(string="What Is Wrong")

    def action_open(self):
        """The screen where the step is done."""
        self.ensure_one()
        return self.checklist_id.company_id._noproof_setup_open(self.key)
