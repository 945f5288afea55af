"""Every string of the project has an Arabic text, and the compiled catalogue matches it."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "cms" / "locale" / "ar" / "LC_MESSAGES"


def test_every_string_has_an_arabic_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and not (e.msgstr or e.msgstr_plural.get(0))]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert len(po) > 300
    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo}
    for entry in po:
        if entry.msgstr and not entry.msgid_plural:
            assert compiled.get(entry.msgid) == entry.msgstr, entry.msgid
