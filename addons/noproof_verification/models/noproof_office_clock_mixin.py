from odoo import api, models


class NoproofOfficeClockMixin(models.AbstractModel):
    """Records that office clocks and deadline terms are built from.

    ``resource.calendar._noproof_office_clock`` and
    ``noproof.sla.policy._noproof_terms`` are cached per registry so that
    ``compute_deadline`` reads no field; creating, changing or deleting one of
    these records makes those caches stale, so they are cleared.
    """

    _name = "noproof.office.clock.mixin"
    _description = "Office Clock Source"

    # Fields whose change alters office time or a deadline; None means every field.
    _noproof_clock_fields = None

    def _noproof_clock_changed(self):
        self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._noproof_clock_changed()
        return records

    def write(self, vals):
        result = super().write(vals)
        if self._noproof_clock_fields is None or self._noproof_clock_fields & set(vals):
            self._noproof_clock_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self._noproof_clock_changed()
        return result
