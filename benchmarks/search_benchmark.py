"""Search benchmark, both backends in one run: relevance, rebuild throughput and query latency.

    .venv/bin/python benchmarks/search_benchmark.py [--services 10000] [--queries 300]

Runs on a fresh SQLite database in a temporary folder (never on your DATABASE_URL unless
--use-env-database is given). With ELASTICSEARCH_URL set, Elasticsearch is measured too, on
indices with a throwaway prefix that are deleted at the end.

1. Relevance: the fixture catalogue of tests/search (published through the real pipeline) and its
   71 queries; mean reciprocal rank and recall@5 per backend.
2. Scale: N generated services (Publication rows in both languages, shaped like the catalogue's
   representation; the Wagtail write path is benchmarked by benchmarks/import_export.py), then
   rebuild throughput (documents/s) and search latency p50/p95 over a mixed query set.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# benchmarks/import_export.py would shadow the django-import-export package: drop this folder.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

ACTIONS = [
    ("إصدار", "Issue"),
    ("تجديد", "Renew"),
    ("إلغاء", "Cancel"),
    ("تعديل", "Amend"),
    ("تصديق", "Attest"),
    ("تسجيل", "Register"),
    ("حجز", "Book"),
    ("طلب", "Request"),
]
OBJECTS = [
    ("رخصة تجارية", "trade licence"),
    ("رخصة بناء", "building permit"),
    ("عقد إيجار", "lease contract"),
    ("شهادة صحية", "health card"),
    ("تصريح حفر", "excavation permit"),
    ("لوحة إعلانية", "signboard"),
    ("شهادة إنجاز", "completion certificate"),
    ("تصريح فعالية", "event permit"),
    ("شكوى مستهلك", "consumer complaint"),
    ("مخطط أرض", "site plan"),
    ("موعد زيارة", "visit appointment"),
    ("نقل نفايات", "waste transport"),
]
PLACES = [("الفجيرة", "Fujairah"), ("مسافي", "Masafi"), ("قدفع", "Qidfa"), ("دبا", "Dibba"), ("مربح", "Murbah")]
DEPARTMENTS = [
    "licensing",
    "leasing",
    "consumer-protection",
    "public-health",
    "buildings",
    "environment",
    "customer-happiness",
]
CHANNELS = ["counter", "mall-centre", "kiosk", "dreesha", "website", "app-smart-fujairah", "call-centre"]
AUDIENCES = ["individuals", "businesses", "elderly", "people-of-determination"]


def setup(use_env_database: bool) -> None:
    workdir = tempfile.mkdtemp(prefix="baladiya-search-bench-")
    os.environ["BALADIYA_VAR_DIR"] = workdir
    if not use_env_database:
        os.environ.pop("DATABASE_URL", None)
    os.environ["SEARCH_INDEX_PREFIX"] = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.core.management import call_command

    quiet = open(os.devnull, "w")
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)


def relevance(backends: list[str]) -> dict:
    from django.conf import settings
    from django.test import override_settings

    from catalogue.services import deferred_indexing, service_upsert
    from search.selectors import SearchParams, search_run
    from search.services import search_index_rebuild
    from tests.search.catalogue import relevance_measure, relevance_services

    with override_settings(ELASTICSEARCH_URL=""), deferred_indexing():
        for row in relevance_services():
            service_upsert(data=row)
    if settings.ELASTICSEARCH_URL:
        search_index_rebuild()
    figures = {}
    for backend in backends:

        def search(lang, q, backend=backend):
            response = search_run(params=SearchParams(q=q, lang=lang), backend=backend)
            return [r["code"] for r in response["results"]]

        figures[backend] = relevance_measure(search=search)
    return figures


def generate(count: int) -> int:
    from django.utils import timezone

    from publication.models import Publication
    from publication.services import payload_etag

    rng = random.Random(5)
    now = timezone.now()
    rows = []
    for i in range(count):
        (act_ar, act_en), (obj_ar, obj_en), (place_ar, place_en) = (
            rng.choice(ACTIONS),
            rng.choice(OBJECTS),
            rng.choice(PLACES),
        )
        department = DEPARTMENTS[i % len(DEPARTMENTS)]
        channels = [c for j, c in enumerate(CHANNELS) if (i >> j) & 1] or ["counter"]
        audiences = AUDIENCES[: 1 + i % len(AUDIENCES)]
        code = f"GEN-{i:05d}"
        for lang, title, summary, body in (
            (
                "ar",
                f"{act_ar} {obj_ar} في {place_ar} {i}",
                f"خدمة {act_ar} {obj_ar} للمتعاملين في {place_ar}.",
                f"تتيح هذه الخدمة {act_ar} {obj_ar} عبر القنوات المتاحة مع متابعة الطلب رقم {i}.",
            ),
            (
                "en",
                f"{act_en} a {obj_en} in {place_en} {i}",
                f"{act_en} a {obj_en} for customers in {place_en}.",
                f"This service lets customers {act_en.lower()} a {obj_en} through any channel, request {i}.",
            ),
        ):
            payload = {
                "code": code,
                "lang": lang,
                "title": title,
                "summary": summary,
                "url": f"https://example.test/{lang}/services/{code.lower()}/",
            }
            rows.append(
                Publication(
                    type="service",
                    code=code,
                    lang=lang,
                    payload=payload,
                    etag=payload_etag(payload),
                    department=department,
                    channels="|" + "|".join(channels) + "|",
                    audiences="|" + "|".join(audiences) + "|",
                    search_text=f"{code} {body}",
                    updated_at=now,
                )
            )
    Publication.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def queries(count: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    mix = []
    for _ in range(count):
        (act_ar, act_en), (obj_ar, obj_en), (place_ar, _place_en) = (
            rng.choice(ACTIONS),
            rng.choice(OBJECTS),
            rng.choice(PLACES),
        )
        kind = rng.randrange(5)
        if kind == 0:
            mix.append(("ar", f"{act_ar} {obj_ar}"))
        elif kind == 1:
            mix.append(("ar", f"{obj_ar} {place_ar}".replace("ة", "ه").replace("إ", "ا")))
        elif kind == 2:
            mix.append(("en", f"{act_en} {obj_en}"))
        elif kind == 3:
            word = obj_en.split()[0]
            mix.append(("en", word[:2] + word[3:] if len(word) > 4 else word))  # a typo
        else:
            mix.append(("ar", obj_ar.split()[0]))  # one common word
    return mix


def latency(backend: str, mix: list[tuple[str, str]]) -> dict:
    from search.selectors import SearchParams, search_run

    times = []
    for lang, q in mix:
        started = time.perf_counter()
        search_run(params=SearchParams(q=q, lang=lang), backend=backend)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "queries": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--use-env-database", action="store_true")
    args = parser.parse_args()
    setup(args.use_env_database)

    from django.conf import settings

    from publication.models import Publication
    from search import es
    from search.services import search_entries_rebuild, search_index_rebuild

    backends = ["database"] + (["elasticsearch"] if settings.ELASTICSEARCH_URL else [])
    print(f"backends: {', '.join(backends)}; database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    try:
        figures = relevance(backends)
        for backend, result in figures.items():
            print(
                f"relevance {backend:13}: MRR {result['all']['mrr']:.3f}, recall@5 {result['all']['recall_at_5']:.3f} "
                f"over {result['all']['queries']} queries (without typos MRR {result['without_typos']['mrr']:.3f}; "
                f"typos MRR {result['typos']['mrr']:.3f}); misses: {[(m[1], m[4]) for m in result['misses']]}"
            )
        Publication.objects.filter(type="service").delete()
        started = time.perf_counter()
        documents = generate(args.services)
        print(f"generated {args.services} services ({documents} documents) in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        search_entries_rebuild()
        seconds = time.perf_counter() - started
        print(f"rebuild database     : {documents} documents in {seconds:.1f}s = {documents / seconds:.0f} documents/s")
        if "elasticsearch" in backends:
            started = time.perf_counter()
            result = search_index_rebuild()
            seconds = time.perf_counter() - started
            print(
                f"rebuild elasticsearch: {result.documents} documents in {seconds:.1f}s = {result.documents / seconds:.0f} documents/s"
            )
        mix = queries(args.queries)
        results = {backend: latency(backend, mix) for backend in backends}
        for backend, result in results.items():
            print(
                f"latency {backend:13}: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms over {result['queries']} queries"
            )
        if len(results) == 2:
            ratio = results["database"]["p50_ms"] / max(results["elasticsearch"]["p50_ms"], 0.1)
            print(f"database / elasticsearch p50 ratio: {ratio:.1f}")
    finally:
        if settings.ELASTICSEARCH_URL:
            client = es.es_client()
            names = list(client.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}-*", allow_no_indices=True))
            if names:
                client.indices.delete(index=",".join(names), ignore_unavailable=True)


if __name__ == "__main__":
    main()
