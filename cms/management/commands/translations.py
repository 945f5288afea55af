"""Refresh the Arabic message catalogue and compile it.

``makemessages`` collects every translatable string of the project into cms/locale/ar; the
Arabic texts come from docs/i18n/*.tsv (``english<TAB>arabic``), which each area keeps next to
its documentation, so translations are reviewed like code. Strings still missing an Arabic
text are listed, and the command fails with ``--check``.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def load_glossary(folder: Path) -> dict[str, str]:
    glossary: dict[str, str] = {}
    for tsv in sorted(folder.glob("*.tsv")):
        with tsv.open(encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 2 and row[0] and not row[0].startswith("#"):
                    glossary[row[0]] = row[1]
    return glossary


class Command(BaseCommand):
    help = "Collect translatable strings, fill the Arabic catalogue from docs/i18n/*.tsv and compile it."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail when a string has no Arabic text.")

    def handle(self, *args, check=False, **options):
        import polib

        root = Path(settings.BASE_DIR)
        call_command(
            "makemessages",
            locale=["ar"],
            ignore_patterns=[".venv/*", "var/*", "node_modules/*", "tests/*", "benchmarks/*"],
            no_obsolete=True,
            verbosity=0,
        )
        po_path = root / "cms" / "locale" / "ar" / "LC_MESSAGES" / "django.po"
        glossary = load_glossary(root / "docs" / "i18n")
        po = polib.pofile(str(po_path))
        po.metadata["Language"] = "ar"
        po.metadata["Plural-Forms"] = (
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
        )
        missing = []
        for entry in po:
            if entry.msgid in glossary:
                entry.msgstr = glossary[entry.msgid]
                if entry.msgid_plural:
                    entry.msgstr_plural = {i: glossary[entry.msgid] for i in range(6)}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            elif not entry.msgstr and not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        po.save()
        call_command("compilemessages", locale=["ar"], ignore_patterns=[".venv/*"], verbosity=0)
        for msgid in missing:
            self.stdout.write(f"  missing Arabic: {msgid}")
        summary = f"translations: {len(po) - len(missing)} of {len(po)} strings in Arabic"
        if check and missing:
            raise CommandError(summary + f"; {len(missing)} missing")
        self.stdout.write(self.style.SUCCESS(summary))
