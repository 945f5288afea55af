"""Text analysis shared by both search backends: normalisation, tokens, light stemming, n-grams.

The CI Elasticsearch has no analysis-common module (no arabic/english analyzers, no stemmer or
edge_ngram filters), so all language work happens here and Elasticsearch only splits on spaces
and lowercases. The database backend uses the very same functions, so both agree on what a word
is. See docs/search.md.
"""

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import Stemmer

# Bump when what the analysis produces changes (stemming, lexicons, stop words): the stems stored
# in both backends are then stale until ``manage.py search_index rebuild``. 2: issue 14 (Arabic
# lexicon of broken plurals, English lexicon, PyStemmer).
ANALYSIS_VERSION = 2
DATA = Path(__file__).resolve().parent / "data"

_ALEF = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", "ؤ": "ء", "ئ": "ء"}
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Harakat, Quranic marks, superscript alef, tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_ARABIC = re.compile("[\u0600-\u06ff]")

AR_STOPWORDS = frozenset(
    "في من على الى عن مع او ثم ان لا ما هل كيف اين متي هذا هذه ذلك تلك التي الذي و يا عند لدي قبل بعد كل اي".split()
)
EN_STOPWORDS = frozenset(
    "a an the of for to in on at by and or is are be do does how i my me we our can with from what where when which this that s".split()
)

# Light10-style affixes (after normalisation, so ة is already ه), plus a lexicon of the municipal
# vocabulary's broken plurals (search/data/lexicon_ar.tsv). Snowball, ISRI, Tashaphyne and Qalsadi
# were measured against this on the relevance set (benchmarks/stemmers.py, docs/search.md): the
# root stemmers conflate too much (تجديد → جدد, معرض → عرض) and Snowball stems singular and plural
# apart (شهادة → شهاد, شهادات → شهادا).
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")

# British spellings folded to one form; both documents and queries pass through this.
_EN_WORDS = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "defence": "defense",
    "offence": "offense",
    "programme": "program",
    "programmes": "programs",
    "cheque": "check",
    "cheques": "checks",
    "tyre": "tire",
    "tyres": "tires",
    "kerb": "curb",
    "grey": "gray",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
}
_EN_RULES = (
    (re.compile(r"(\w{3,})isation(s?)$"), r"\1ization\2"),
    (re.compile(r"(\w{3,})is(e|es|ed|ing)$"), r"\1iz\2"),
    (re.compile(r"(\w{2,}[^aeiou])our(s|ed|ing|ite|ites)?$"), r"\1or\2"),
    (re.compile(r"(\w{2,}[^aeiou])tre(s?)$"), r"\1ter\2"),
    (re.compile(r"(\w{3,})ogue(s?)$"), r"\1og\2"),
    (re.compile(r"(\w{2,}e)ll(ed|ing|er|ers)$"), r"\1l\2"),
)
_EN_RULE_EXCEPTIONS = frozenset({"compelled", "propelled", "expelled", "repelled", "dispelled", "excelled", "rebelled"})

_english = Stemmer.Stemmer("english")
_english.maxCacheSize = 0  # stem() has its own cache


def lexicon_load(name: str) -> dict[str, str]:
    """A lexicon file of search/data: ``lemma<TAB>form form …`` lines → {normalised form: normalised lemma}."""
    found: dict[str, str] = {}
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, forms = line.partition("\t")
        lemma = normalise(lemma.strip())
        for form in [lemma, *forms.split()]:
            found.setdefault(normalise(form), lemma)
    return found


def normalise(text: str) -> str:
    """Fold the spellings people mix up: hamza and alef forms, ى/ي, ة/ه, Persian letters, digits."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _MARKS.sub("", text)
    return text.translate(_ALEF).translate(_DIGITS).casefold()


@lru_cache(maxsize=65536)
def fold_english(word: str) -> str:
    """British/American spelling tolerance (licence → license, colour → color, centre → center)."""
    if word in _EN_WORDS:
        return _EN_WORDS[word]
    if word in _EN_RULE_EXCEPTIONS or len(word) < 5:
        return word
    for pattern, replacement in _EN_RULES:
        folded, count = pattern.subn(replacement, word)
        if count:
            return folded
    return word


def tokens(text: str) -> list[str]:
    """Normalised words of a text (unstemmed), English spellings folded."""
    words = _TOKEN.findall(normalise(text))
    return [w if _ARABIC.search(w) else fold_english(w) for w in words if w != "_"]


def _arabic_prefix_strip(word: str) -> str:
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            # لل is ل + ال before a word, but ل + a word beginning with ل too (للوحة = ل + لوحة).
            if prefix == "لل" and word[1:] in AR_LEXICON:
                return word[1:]
            word = word[len(prefix) :]
            break
    if word.startswith("و") and len(word) >= 4 and word not in AR_LEXICON:
        word = word[1:]
    return word


def _arabic_suffix_strip(word: str) -> str:
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def arabic_light(word: str) -> str:
    """Light10-style: one prefix (article, و, ب, ك, ف, لل), then one suffix, kept to ≥ 2 letters."""
    return _arabic_suffix_strip(_arabic_prefix_strip(word))


def arabic_light_lexicon(word: str) -> str:
    """Light stemming with the lexicon: a broken plural becomes its singular before the suffix goes."""
    bare = _arabic_prefix_strip(word)
    lemma = AR_LEXICON.get(bare)
    if lemma is None:
        # A suffix on a listed word (مواقفها, ورشه → ورش): look the shorter form up too.
        lemma = AR_LEXICON.get(_arabic_suffix_strip(bare), bare)
    return _arabic_suffix_strip(lemma)


def english_stem(word: str) -> str:
    """Snowball (Porter2) English, after the lexicon (driver → drive, learner → learn)."""
    return _english.stemWord(EN_LEXICON.get(word, word))


AR_LEXICON = lexicon_load("lexicon_ar.tsv")
EN_LEXICON = lexicon_load("lexicon_en.tsv")
_arabic_stemmer: list[Callable[[str], str]] = [arabic_light_lexicon]


def arabic_stemmer_use(stemmer: Callable[[str], str]) -> None:
    """Use another Arabic stemmer (benchmarks/stemmers.py compares them); clears the stem cache."""
    _arabic_stemmer[0] = stemmer
    stem.cache_clear()
    _short_stems.cache_clear()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's stem: Arabic light stemming with the lexicon, English Porter2 with its lexicon."""
    if _ARABIC.search(word):
        return _arabic_stemmer[0](word) or word
    if word.isdigit():
        return word
    return english_stem(word)


def is_stopword(word: str) -> bool:
    return word in AR_STOPWORDS or word in EN_STOPWORDS


def stems(text: str) -> list[str]:
    """Stemmed words of a text without stop words (all of them when only stop words are left)."""
    if len(text or "") <= 100:
        # Queries and synonym terms (every synonym group is re-read for each search) repeat.
        return list(_short_stems(text))
    return _stems(text)


def _stems(text: str) -> list[str]:
    words = tokens(text)
    kept = [w for w in words if not is_stopword(w)] or words
    return [stem(w) for w in kept]


@lru_cache(maxsize=16384)
def _short_stems(text: str) -> tuple[str, ...]:
    return tuple(_stems(text))


def edge_ngrams(words: list[str], *, low: int = 2, high: int = 15) -> list[str]:
    """Leading fragments of each word, for type-ahead ("رخ", "رخص", ...)."""
    grams = []
    for word in words:
        for size in range(low, min(len(word), high) + 1):
            grams.append(word[:size])
        # The stripped form too, so "الرخ" and "رخ" both find "الرخصة".
        bare = stem(word)
        if bare != word:
            for size in range(low, min(len(bare), high) + 1):
                grams.append(bare[:size])
    return grams


def joined(words: list[str]) -> str:
    """Space-separated with a space on each side, so that LIKE '% word %' matches whole words."""
    return " " + " ".join(words) + " " if words else ""


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance with transpositions, stopping early beyond ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# A word as written, diacritics and tatweel included, so highlighting keeps the original text.
_SURFACE = re.compile("[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+", re.UNICODE)


def surface_words(text: str) -> list[tuple[str, str]]:
    """(word as written without marks, normalised word) pairs, for "did you mean" display."""
    pairs = []
    for match in _SURFACE.finditer(text or ""):
        pairs += _surface_pairs(match.group())
    return pairs


@lru_cache(maxsize=65536)
def _surface_pairs(match: str) -> tuple[tuple[str, str], ...]:
    # Vocabularies repeat (every service says "الخدمة"): each distinct word is analysed once.
    written = _MARKS.sub("", match)
    words = tokens(written)
    # Arabic as written (with its ة and hamza); other scripts in their folded form.
    return tuple((written if _ARABIC.search(written) and len(words) == 1 else word, word) for word in words)


def surface_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised word) of each word in the original text."""
    spans = []
    for match in _SURFACE.finditer(text or ""):
        words = tokens(match.group())
        if len(words) == 1:
            spans.append((match.start(), match.end(), words[0]))
    return spans
