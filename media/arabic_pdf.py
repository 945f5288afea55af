"""Just enough Arabic shaping to draw Arabic lines with ReportLab, which has no shaper of its own.

Letters are replaced by their contextual presentation forms (Unicode block FE70–FEFF) and each
line is laid out right to left. Extractors such as pypdf put RTL runs back in logical order, so
search only needs ``normalise_extracted`` (NFKC turns presentation forms into plain letters).
"""

import re
import unicodedata

# (first code point, number of forms): isolated, final[, initial, medial]
_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
_FORM_COUNTS = [
    1,
    2,
    2,
    2,
    2,
    4,
    2,
    4,
    2,
    4,
    4,
    4,
    4,
    4,
    2,
    2,
    2,
    2,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    2,
    2,
    4,
]
FORMS: dict[str, tuple[str, ...]] = {}
_code = 0xFE80
for _letter, _count in zip(_LETTERS, _FORM_COUNTS, strict=True):
    FORMS[_letter] = tuple(chr(_code + i) for i in range(_count))
    _code += _count
ARABIC_WORD = re.compile(r"[\u0600-\u06ff]")
LAM_ALEF = {"آ": ("\ufef5", "\ufef6"), "أ": ("\ufef7", "\ufef8"), "إ": ("\ufef9", "\ufefa"), "ا": ("\ufefb", "\ufefc")}
PRESENTATION = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")


def _joins_forward(letter: str) -> bool:
    return len(FORMS.get(letter, ())) == 4


def shape_word(word: str) -> str:
    """Contextual forms of one Arabic word, still in logical order."""
    out = []
    i = 0
    while i < len(word):
        letter = word[i]
        prev_joins = i > 0 and _joins_forward(word[i - 1])
        if letter == "ل" and i + 1 < len(word) and word[i + 1] in LAM_ALEF:
            out.append(LAM_ALEF[word[i + 1]][1 if prev_joins else 0])
            i += 2
            continue
        forms = FORMS.get(letter)
        if forms is None:
            out.append(letter)
            i += 1
            continue
        next_exists = i + 1 < len(word) and word[i + 1] in FORMS
        if len(forms) == 1:
            out.append(forms[0])
        elif prev_joins and next_exists and len(forms) == 4:
            out.append(forms[3])
        elif prev_joins:
            out.append(forms[1])
        elif next_exists and len(forms) == 4:
            out.append(forms[2])
        else:
            out.append(forms[0])
        i += 1
    return "".join(out)


def logical_to_visual(line: str) -> str:
    """An Arabic line as it must be drawn left to right: shaped, words and letters reversed."""
    words = line.split(" ")
    return " ".join(shape_word(w)[::-1] if ARABIC_WORD.search(w) else w for w in reversed(words))


def normalise_extracted(text: str) -> str:
    """Plain Arabic letters instead of presentation forms in extracted text."""
    return unicodedata.normalize("NFKC", text) if PRESENTATION.search(text) else text
