"""Opening a model's "New" form as the people who use it and saving it with only its required fields: what
a configuration administrator or a clerk does first on an empty database (issue 16)."""

from odoo.tests import Form


class FormNewMixin:
    """``assertNewSaves`` opens the model's main form view empty, as ``user``, in Chinese, fills ``values``
    (field name → value, in order) and saves."""

    def assertNewSaves(self, model, user, values, context=None, view=None):
        env = self.env(user=user, context=dict(self.env.context, lang="zh_CN", **(context or {})))
        form = Form(env[model], view=view)
        for name, value in values.items():
            setattr(form, name, value)
        record = form.save()
        self.assertTrue(record.id, f"{model}: the new record was not saved")
        return record
