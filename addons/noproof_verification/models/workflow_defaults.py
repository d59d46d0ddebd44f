"""A workflow field starts from the default its field declares, never from one the
caller chooses: a ``default_<field>`` key of the context (any JSON-RPC caller sets
it) or a default a user saved for themselves (``ir.default``). ``create`` fills the
missing fields from ``default_get`` after the workflow guard looked only at the
values given, so either would otherwise set a workflow field unchecked.

Until noproof.workflow.mixin does it for every model (proposed to the lead), the
guarded models of this add-on override ``default_get`` with this (the same helper as
noproof_commitment's)."""


def own_workflow_defaults(records, defaults, fields_list):
    """``defaults`` with each workflow field among ``fields_list`` set to its field's
    own default, or left out when it has none."""
    for name in records._workflow_field_names().intersection(fields_list):
        field = records._fields[name]
        if field.default and not field.compute:
            value = field.convert_to_cache(field.default(records), records, validate=False)
            defaults[name] = field.convert_to_write(value, records)
        else:
            defaults.pop(name, None)
    return defaults
