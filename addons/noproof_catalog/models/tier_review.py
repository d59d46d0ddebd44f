from odoo import _, api, models

# What a review decides; its comment stays writable for the reviewer's wizard.
DECISION_FIELDS = frozenset(
    {
        "model",
        "res_id",
        "definition_id",
        "sequence",
        "status",
        "done_by",
        "reviewed_date",
        "reviewer_id",
        "reviewer_group_id",
        "reviewer_field_id",
        "approve_sequence",
        "approve_sequence_bypass",
    }
)


class TierReview(models.Model):
    """The reviews of an approval chain on a guarded model (a change request) are
    created, decided and removed only by that model's own approval actions: OCA
    gives every internal user full rights on reviews, and a forged 'approved'
    review would skip a tier."""

    _inherit = "tier.review"

    @api.model
    def _noproof_guarded(self, model_names):
        """The models among ``model_names`` whose workflow is closed in this environment."""
        return [
            name
            for name in set(model_names)
            if name in self.env
            and hasattr(self.env[name], "_workflow_is_open")
            and not self.env[name]._workflow_is_open()
        ]

    def _noproof_check_chain(self, model_names):
        guarded = self._noproof_guarded(model_names)
        if guarded:
            raise self.env[guarded[0]]._workflow_refusal(["review_ids"])

    @api.model_create_multi
    def create(self, vals_list):
        self._noproof_check_chain(vals.get("model") for vals in vals_list)
        return super().create(vals_list)

    def write(self, vals):
        decided = DECISION_FIELDS.intersection(vals)
        # OCA's own recompute moves a waiting review to pending when its turn comes: no decision.
        turn_comes = vals == {"status": "pending"} and all(review.status == "waiting" for review in self)
        if decided and not turn_comes:
            changed = self.filtered(
                lambda review: any(
                    review._fields[name].convert_to_cache(vals[name], review)
                    != review._fields[name].convert_to_cache(review[name], review)
                    for name in decided
                )
            )
            changed._noproof_check_chain(changed.mapped("model"))
        return super().write(vals)

    def unlink(self):
        self._noproof_check_chain(self.mapped("model"))
        return super().unlink()

    @api.depends("status")
    def _compute_display_status(self):
        """The status of a review of our models in the user's language (OCA's catalogue lacks some)."""
        labels = {
            "waiting": _("Waiting"),
            "pending": _("Pending"),
            "approved": _("Approved"),
            "rejected": _("Rejected"),
        }
        ours = self.filtered(lambda review: (review.model or "").startswith("noproof."))
        for review in ours:
            review.display_status = labels.get(review.status) or review.status
        return super(TierReview, self - ours)._compute_display_status()

    @api.depends("reviewer_ids")
    def _compute_todo_by(self):
        """Who may decide, without OCA's English '(and N more)'."""
        ours = self.filtered(lambda review: (review.model or "").startswith("noproof."))
        for review in ours:
            names = review.reviewer_ids.mapped("display_name")
            review.todo_by = ", ".join(names[:3])
            if len(names) > 3:
                review.todo_by = _("%(names)s and %(count)s more", names=review.todo_by, count=len(names) - 3)
        return super(TierReview, self - ours)._compute_todo_by()
