"""Relevance per backend and per failure kind (issue 14): MRR and recall@5 over the judgement set.

    .venv/bin/python benchmarks/relevance.py [--backend database|elasticsearch] [--set all|issue5|issue14]
                                             [--misses] [--json FILE]

Publishes the fixture catalogue (the demo services, tests/search/catalogue.py's extras and the
transport catalogue, tests/search/transport_catalogue.py) through the real pipeline into a fresh
SQLite database in a temporary folder, then runs the judgements (tests/search/judgements.py) and
prints one table: overall, per kind (plain, extra-word, other-language, broken-plural, synonym,
typo) and per language. Elasticsearch is measured when ELASTICSEARCH_URL is set (indices with a
throwaway prefix, deleted at the end); without --backend, every available backend is measured.
"""

import argparse
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# benchmarks/import_export.py would shadow the django-import-export package: drop this folder.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))


def setup() -> None:
    """A throwaway SQLite database (never DATABASE_URL), migrated and bootstrapped."""
    workdir = tempfile.mkdtemp(prefix="baladiya-relevance-")
    os.environ["BALADIYA_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ["SEARCH_INDEX_PREFIX"] = f"rel-{uuid.uuid4().hex[:8]}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.core.management import call_command

    quiet = open(os.devnull, "w")
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)


def publish() -> None:
    from django.test import override_settings

    from catalogue.services import deferred_indexing, service_upsert
    from tests.search.catalogue import relevance_services

    with override_settings(ELASTICSEARCH_URL=""), deferred_indexing():
        for row in relevance_services():
            service_upsert(data=row)


def reindex(backends: list[str]) -> None:
    """Re-analyse every document (after a change to search/text.py), for the given backends."""
    from search.services import search_entries_rebuild, search_index_rebuild

    search_entries_rebuild()
    if "elasticsearch" in backends:
        search_index_rebuild()


def judgements(which: str) -> list:
    from tests.search.catalogue import QUERIES
    from tests.search.judgements import JUDGEMENTS, TRANSPORT_QUERIES

    return {"all": JUDGEMENTS, "issue5": QUERIES, "issue14": TRANSPORT_QUERIES}[which]


def measure(backend: str, queries: list) -> dict:
    from search.selectors import SearchParams, search_run
    from tests.search.catalogue import relevance_measure

    def search(lang, q):
        response = search_run(params=SearchParams(q=q, lang=lang, size=10), backend=backend)
        return [r["code"] for r in response["results"]]

    return relevance_measure(search=search, queries=queries)


def table(figures: dict[str, dict]) -> str:
    """A Markdown table: one row per slice, MRR and recall@5 per backend."""
    backends = list(figures)
    first = figures[backends[0]]
    slices = [("all", first["all"]["queries"])]
    slices += [(f"kind: {k}", v["queries"]) for k, v in first["by_kind"].items()]
    slices += [(f"lang: {k}", v["queries"]) for k, v in first["by_lang"].items()]
    head = "| slice | queries | " + " | ".join(f"{b} MRR | {b} recall@5" for b in backends) + " |"
    lines = [head, "|---|---|" + "---|---|" * len(backends)]
    for name, count in slices:
        cells = []
        for b in backends:
            f = figures[b]
            row = f["all"] if name == "all" else f["by_" + name.split(":")[0]][name.split(": ")[1]]
            cells += [f"{row['mrr']:.3f}", f"{row['recall_at_5']:.3f}"]
        lines.append(f"| {name} | {count} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cleanup() -> None:
    from django.conf import settings

    from search import es

    if settings.ELASTICSEARCH_URL:
        client = es.es_client()
        names = list(client.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}-*", allow_no_indices=True))
        if names:
            client.indices.delete(index=",".join(names), ignore_unavailable=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["database", "elasticsearch"])
    parser.add_argument("--set", dest="which", choices=["all", "issue5", "issue14"], default="all")
    parser.add_argument("--misses", action="store_true", help="list the queries whose service was not first")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    setup()

    from django.conf import settings

    if args.backend == "elasticsearch" and not settings.ELASTICSEARCH_URL:
        parser.error("--backend elasticsearch needs ELASTICSEARCH_URL")
    backends = (
        [args.backend] if args.backend else ["database"] + (["elasticsearch"] if settings.ELASTICSEARCH_URL else [])
    )
    try:
        publish()
        if "elasticsearch" in backends:
            reindex(backends)
        queries = judgements(args.which)
        figures = {backend: measure(backend, queries) for backend in backends}
        print(table(figures))
        if args.misses:
            for backend, result in figures.items():
                print(f"\n{backend} misses (lang, query, expected, kind, rank):")
                for miss in result["misses"]:
                    print("  ", miss)
        if args.json:
            Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    finally:
        cleanup()


if __name__ == "__main__":
    main()
