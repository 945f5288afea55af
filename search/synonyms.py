"""The starter synonym set (search/data/synonyms.tsv), loaded by ``manage.py bootstrap``.

Editors keep synonyms in the admin (Search → Synonyms); this only seeds what is missing. A group
of the file is added when none of its words is in any group already, compared after
normalisation (so ة/ه or hamza do not make a second copy): a second run adds nothing, and a group
an editor changed is neither overwritten nor added again beside it. The set is loaded once per
database (remembered in ``SearchState``), so a starter group an editor deleted stays deleted.
"""

from search import text
from search.data import SYNONYMS_FILE
from search.models import Synonym
from search.state import EDITORIAL, STARTER_SYNONYMS, SYNONYMS, state_get, state_set, version_bump

STARTER_NOTE = "starter set"


def starter_synonyms() -> list[list[str]]:
    """The groups of the file, each its list of words or phrases as written."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        terms = [t.strip() for t in line.replace("،", ",").split(",") if t.strip()]
        if len(terms) > 1:
            groups.append(terms)
    return groups


def _key(term: str) -> str:
    return " ".join(text.tokens(term))


def synonyms_bootstrap(*, report) -> None:
    """Add the starter groups none of whose words is in a synonym group yet, once per database."""
    if state_get(STARTER_SYNONYMS):
        return
    if Synonym.objects.filter(note=STARTER_NOTE).exists():
        # Loaded before this was remembered: what is missing now was deleted by an editor.
        state_set(key=STARTER_SYNONYMS, value="1")
        return
    known = {_key(t) for synonym in Synonym.objects.only("terms") for t in synonym.term_list()}
    added = []
    for terms in starter_synonyms():
        keys = {_key(t) for t in terms}
        if keys & known:
            continue
        added.append(Synonym(terms=", ".join(terms), note=STARTER_NOTE))
        known |= keys
    Synonym.objects.bulk_create(added)  # no save signals: the versions are moved here
    state_set(key=STARTER_SYNONYMS, value="1")
    version_bump(key=SYNONYMS)
    version_bump(key=EDITORIAL)
    if added:
        report.add(f"{len(added)} search synonym groups")
