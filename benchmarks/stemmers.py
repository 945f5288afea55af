"""Arabic stemmers compared on the relevance set (issue 14): MRR, recall@5 and words per second.

    .venv/bin/python benchmarks/stemmers.py [--backend database|elasticsearch] [--only NAME ...]

For each candidate, search/text.py's Arabic stemmer is swapped (``text.arabic_stemmer_use``),
every document is re-analysed (database entries, and the Elasticsearch indices with
--backend elasticsearch) and the whole judgement set (tests/search/judgements.py) is searched.
Speed is measured on the catalogue's distinct Arabic words (normalised, as the stemmer sees
them), without the stem cache. Candidates: today's light stemmer, light + the lexicon of broken
plurals (search/data/lexicon_ar.tsv), Snowball Arabic (PyStemmer), ISRI (nltk), Tashaphyne
(light stem and root) and Qalsadi (lemmatizer).
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from benchmarks import relevance  # noqa: E402


def candidates() -> dict:
    import Stemmer
    from nltk.stem.isri import ISRIStemmer
    from qalsadi.lemmatizer import Lemmatizer
    from tashaphyne.stemming import ArabicLightStemmer

    from search import text

    snowball = Stemmer.Stemmer("arabic")
    snowball.maxCacheSize = 0
    isri = ISRIStemmer()
    tashaphyne = ArabicLightStemmer()
    qalsadi = Lemmatizer()

    def tashaphyne_stem(word):
        tashaphyne.light_stem(word)
        return tashaphyne.get_stem()

    def tashaphyne_root(word):
        tashaphyne.light_stem(word)
        return tashaphyne.get_root()

    def qalsadi_lemma(word):
        lemma = qalsadi.lemmatize(word)
        return text.normalise(lemma if isinstance(lemma, str) else word)

    return {
        "light (before)": text.arabic_light,
        "light + lexicon": text.arabic_light_lexicon,
        "snowball": snowball.stemWord,
        "isri": isri.stem,
        "tashaphyne stem": tashaphyne_stem,
        "tashaphyne root": tashaphyne_root,
        "qalsadi lemma": qalsadi_lemma,
    }


def arabic_words() -> list[str]:
    from publication.models import Publication
    from search import text

    words = set()
    for body, payload in Publication.objects.filter(lang="ar").values_list("search_text", "payload"):
        words.update(
            text.tokens(" ".join([body or "", str(payload.get("title", "")), str(payload.get("summary", ""))]))
        )
    return sorted(w for w in words if text._ARABIC.search(w))


def speed(stemmer, words: list[str], seconds: float = 1.0) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for word in words:
            stemmer(word)
        done += len(words)
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["database", "elasticsearch"], default="database")
    parser.add_argument("--only", nargs="*", help="candidate names to run (default: all)")
    args = parser.parse_args()
    relevance.setup()

    from search import text
    from tests.search.judgements import JUDGEMENTS

    backends = [args.backend]
    chosen = text._arabic_stemmer[0]
    rows = []
    try:
        relevance.publish()
        words = arabic_words()
        for name, stemmer in candidates().items():
            if args.only and name not in args.only:
                continue
            text.arabic_stemmer_use(stemmer)
            relevance.reindex(backends)
            figures = relevance.measure(args.backend, JUDGEMENTS)
            rate = speed(stemmer, words)
            rows.append((name, figures, rate))
            print(f"{name}: MRR {figures['all']['mrr']:.3f}", file=sys.stderr, flush=True)
    finally:
        text.arabic_stemmer_use(chosen)
        relevance.cleanup()
    print(f"{len(JUDGEMENTS)} queries, {args.backend}; speed over {len(words)} distinct Arabic words, uncached\n")
    print("| Arabic stemmer | MRR | recall@5 | Arabic MRR | Arabic recall@5 | broken plurals MRR | words/s |")
    print("|---|---|---|---|---|---|---|")
    for name, f, rate in rows:
        print(
            f"| {name} | {f['all']['mrr']:.3f} | {f['all']['recall_at_5']:.3f} | {f['by_lang']['ar']['mrr']:.3f} | "
            f"{f['by_lang']['ar']['recall_at_5']:.3f} | {f['by_kind']['broken-plural']['mrr']:.3f} | {rate:,.0f} |"
        )


if __name__ == "__main__":
    main()
