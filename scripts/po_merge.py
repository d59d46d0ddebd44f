"""Git merge driver for translation catalogs (.po/.pot): merges entry by entry.

An entry added on one side is kept, one removed on one side is removed, and where both
sides have an entry the side that changed its translation wins. Enable it once per clone:

    git config merge.po.driver "$HOME/.cache/noproof/venv/bin/python scripts/po_merge.py %O %A %B"

(.gitattributes routes *.po and *.pot to it; without the driver git merges them as text.)
"""

import sys

import polib


def merge(base_path, ours_path, theirs_path):
    base, ours, theirs = (polib.pofile(path, wrapwidth=0) for path in (base_path, ours_path, theirs_path))

    def index(catalog):
        return {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}

    base_entries, our_entries, their_entries = index(base), index(ours), index(theirs)
    keys = list(our_entries) + [key for key in their_entries if key not in our_entries]
    merged = polib.POFile(wrapwidth=0)
    merged.header, merged.metadata = ours.header, ours.metadata
    for key in keys:
        mine, their, old = our_entries.get(key), their_entries.get(key), base_entries.get(key)
        if mine and their:
            theirs_changed = old is None or their.msgstr != old.msgstr
            entry = their if theirs_changed and (old is None or mine.msgstr == old.msgstr or not mine.msgstr) else mine
            # Odoo uses a term for code only with its "#. odoo-python" comment: keep what either side says.
            entry.occurrences = list(dict.fromkeys(mine.occurrences + their.occurrences))
            entry.comment = "\n".join(dict.fromkeys((mine.comment + "\n" + their.comment).strip().splitlines()))
            entry.flags = list(dict.fromkeys(mine.flags + their.flags))
            merged.append(entry)
        elif (mine and not old) or (their and not old):
            merged.append(mine or their)  # added on one side
        # else: removed on one side
    merged.save(ours_path)


if __name__ == "__main__":
    merge(*sys.argv[1:4])
