"""zh_CN.po is complete for every add-on: clerks work in Chinese."""

import io
import os
import re

import polib
import pytest

import odoo
from odoo.tools import config
from odoo.tools.translate import trans_export

from .test_install import ROOT, addons

PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%d|\{\w*\}")


@pytest.mark.parametrize("module", addons().split(","))
def test_zh_cn_translation_is_complete(module):
    registry = odoo.modules.registry.Registry(config["db_name"])
    buffer = io.BytesIO()
    with registry.cursor() as cr:
        trans_export(None, [module], buffer, "po", cr)
    template = polib.pofile(buffer.getvalue().decode())
    po = polib.pofile(os.path.join(ROOT, "addons", module, "i18n", "zh_CN.po"))
    translated = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}
    missing = [entry.msgid for entry in template if (entry.msgctxt, entry.msgid) not in translated]
    assert not missing, f"{len(missing)} terms of {module} lack a zh_CN translation: {missing[:20]}"
    for entry in template:
        msgstr = translated[entry.msgctxt, entry.msgid]
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(msgstr)
        ), f"placeholders differ in the translation of {entry.msgid!r}: {msgstr!r}"
