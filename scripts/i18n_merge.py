"""Merge a module's .pot into its zh_CN.po: keep translations, add new terms
empty, drop obsolete ones, and print what is left to translate."""

import sys

import polib

pot_path, po_path = sys.argv[1:3]
pot = polib.pofile(pot_path)
try:
    old = polib.pofile(po_path)
except OSError:
    old = polib.POFile()
known = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in old if entry.msgstr}
known_ids = {entry.msgid: entry.msgstr for entry in old if entry.msgstr}

po = polib.POFile(wrapwidth=0)
po.metadata = dict(pot.metadata)
po.metadata.update(
    {
        "Language": "zh_CN",
        "Language-Team": "Chinese (Simplified)",
        "Plural-Forms": "nplurals=1; plural=0;",
        "Content-Type": "text/plain; charset=UTF-8",
    }
)
po.header = pot.header
missing = []
for entry in pot:
    entry.msgstr = known.get((entry.msgctxt, entry.msgid)) or known_ids.get(entry.msgid, "")
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.append(entry)
    if not entry.msgstr:
        missing.append(entry.msgid)
po.save(po_path)
print(f"{po_path}: {len(po)} terms, {len(missing)} untranslated")
for msgid in missing:
    print("  -", msgid.replace("\n", " ")[:120])
