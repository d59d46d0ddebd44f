from odoo import _, api, models
from odoo.exceptions import UserError

CONTEXT_KEY = "noproof_workflow"


class WorkflowPass:
    """The models whose actions are running in this environment.

    It travels in the context as an object: JSON-RPC, import and XML-RPC can put
    strings and numbers in a context, never an instance of this class.
    """

    __slots__ = ("models",)

    def __init__(self, names):
        self.models = frozenset(names)

    def __repr__(self):
        return f"<noproof workflow {sorted(self.models)}>"


class NoproofWorkflowMixin(models.AbstractModel):
    """Workflow fields change only inside the model's own actions.

    A model lists in ``_workflow_fields`` the fields its actions set (state,
    decision, result, timestamps of sending, answering, publishing, signing …);
    an add-on that extends the model lists only the fields it adds.
    Whatever the path (RPC, import, mass edit, another add-on, sudo), ``create``
    may give them only their default values and ``write`` may not change them,
    unless the model's own code runs through ``_workflow()``. The module data
    files of the add-ons, loaded before the registry is ready, are code too.
    """

    _name = "noproof.workflow.mixin"
    _description = "No-Proof City Workflow Guard"

    _workflow_fields = ()

    @classmethod
    def _workflow_field_names(cls):
        """The workflow fields declared by every class that makes up this model."""
        names = cls.__dict__.get("_noproof_workflow_names")
        if names is None:
            names = frozenset().union(*(klass.__dict__.get("_workflow_fields", ()) for klass in cls.mro()))
            cls._noproof_workflow_names = names
        return names

    def _workflow(self):
        """These records in an environment where this model's own actions may set
        its workflow fields. Never hand the result back to a caller."""
        token = self.env.context.get(CONTEXT_KEY)
        names = token.models if isinstance(token, WorkflowPass) else frozenset()
        if self._name in names:
            return self
        return self.with_context(**{CONTEXT_KEY: WorkflowPass(names | {self._name})})

    def _workflow_is_open(self):
        token = self.env.context.get(CONTEXT_KEY)
        return (isinstance(token, WorkflowPass) and self._name in token.models) or not self.pool.ready

    @api.model
    def _workflow_create(self, vals_list):
        """Create records whose workflow fields the calling action sets; the records
        come back in the caller's environment."""
        return self._workflow().create(vals_list).with_env(self.env)

    def _workflow_refusal(self, names):
        labels = ", ".join(f"“{self._fields[name]._description_string(self.env)}”" for name in sorted(names))
        return UserError(
            _(
                "%(fields)s of %(model)s change only through its own buttons, in the order its procedure sets. "
                "Nothing was saved.",
                fields=labels,
                model=self.env["ir.model"]._get(self._name).name,
            )
        )

    def _workflow_same(self, name, value, current):
        field = self._fields[name]
        return field.convert_to_cache(value, self) == field.convert_to_cache(current, self)

    def _workflow_field_default(self, name):
        """The value a workflow field starts with: its field's own default, never a
        ``default_<field>`` context key or a saved user default (ir.default)."""
        field = self._fields[name]
        if field.default and not field.compute:
            return field.convert_to_write(field.convert_to_cache(field.default(self), self, validate=False), self)
        return None

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        for name in self._workflow_field_names().intersection(fields_list):
            value = self._workflow_field_default(name)
            if value is None:
                defaults.pop(name, None)
            else:
                defaults[name] = value
        return defaults

    @api.model
    def _workflow_check_create(self, vals_list):
        """Refuse values of workflow fields other than their own defaults, unless this
        model's own action is creating. A model whose ``create`` fills workflow
        fields itself calls this first, then creates through ``_workflow()``."""
        if self._workflow_is_open():
            return
        guarded = self._workflow_field_names()
        changed = {
            name
            for vals in vals_list
            for name in set(vals) & guarded
            if not self._workflow_same(name, vals[name], self._workflow_field_default(name) or False)
        }
        if changed:
            raise self._workflow_refusal(changed)

    @api.model_create_multi
    def create(self, vals_list):
        self._workflow_check_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        touched = set(vals) & self._workflow_field_names()
        if touched and not self._workflow_is_open():
            changed = {
                name for name in touched for record in self if not record._workflow_same(name, vals[name], record[name])
            }
            if changed:
                raise self._workflow_refusal(changed)
        return super().write(vals)
