"""Open-data export figures: build time and size of services.jsonld, services.ttl and services.csv
for the demo catalogue and for a large generated one, and the pyshacl validation time.

    .venv/bin/python benchmarks/opendata_export.py [--services 10000] [--shapes FILE] [--skip-large-validation]

Runs on a fresh SQLite database in a temporary folder: bootstrap, the catalogue's demo services
(through the service layer, so their Publication rows are the real ones), then N generated services
written straight as Publication rows cloned from the demo payloads (new codes, titles and URLs), as
benchmarks/search_benchmark.py does. Each figure is one cold build (cache and memo emptied), in this
process, as the first request after a publish would pay it. ``--shapes`` validates against another
SHACL file as well (e.g. the official CPSV-AP 3.2.0 shapes saved locally).
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

FILES = ("services.jsonld", "services.ttl", "services.csv", "catalog.jsonld")


def setup() -> None:
    os.environ["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-opendata-bench-")
    for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME", "CACHE_URL"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)
    from catalogue.demo import catalogue_seed_demo

    catalogue_seed_demo(stdout=quiet)


def generate(count: int) -> None:
    """``count`` more live services, cloned from the demo payloads, straight into Publication."""
    from django.utils import timezone

    from publication.models import ChangeLog, Publication
    from publication.services import payload_etag

    demo = {}
    for row in Publication.objects.filter(type="service"):
        demo.setdefault(row.code, {})[row.lang] = row
    templates = list(demo.values())
    now = timezone.now()
    rows = []
    for i in range(count):
        by_lang = templates[i % len(templates)]
        code = f"GEN-{i:05d}"
        for lang, source in by_lang.items():
            payload = dict(source.payload)
            payload["code"] = code
            payload["title"] = f"{payload['title']} {i}"
            payload["url"] = payload["url"].rstrip("/") + f"-{i}/"
            rows.append(
                Publication(
                    type="service",
                    code=code,
                    lang=lang,
                    payload=payload,
                    etag=payload_etag(payload),
                    department=source.department,
                    channels=source.channels,
                    audiences=source.audiences,
                    search_text="",
                    updated_at=now,
                )
            )
    Publication.objects.bulk_create(rows, batch_size=1000)
    # A new content version, as the pipeline would log it.
    ChangeLog.objects.create(type="service", code="GEN-00000", lang="ar", op="upsert")


def measure(label: str, shapes: list[str], validate: bool) -> list[str]:
    from django.core.cache import cache

    from opendata import services
    from opendata.validation import opendata_validate
    from publication.models import Publication

    count = Publication.objects.filter(type="service", lang="ar").count()
    services.memo.clear()
    cache.clear()
    lines = []
    for name in FILES:
        started = time.perf_counter()
        entry = services.opendata_file(name=name)
        total = time.perf_counter() - started
        lines.append(f"| {label} ({count} services) | {name} | {total:.2f} s | {len(entry.body) / 1e6:.2f} MB |")
    if validate:
        body = services.opendata_file(name="services.jsonld").body
        for shapes_file in [None, *shapes]:
            result = opendata_validate(body=body, shapes=shapes_file)
            which = "project shapes" if shapes_file is None else Path(shapes_file).name
            lines.append(
                f"| {label} ({count} services) | pyshacl, {which} | {result.seconds:.2f} s | "
                f"{result.triples:,} triples, {result.violations} violations, {result.warnings} warnings |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--shapes", action="append", default=[], help="another SHACL shapes file to validate with")
    parser.add_argument("--skip-large-validation", action="store_true")
    args = parser.parse_args()
    setup()
    lines = ["| catalogue | file / check | time | size / result |", "|---|---|---|---|"]
    lines += measure("demo", args.shapes, validate=True)
    print("\n".join(lines), flush=True)
    generate(args.services)
    large = measure("generated", args.shapes, validate=not args.skip_large_validation)
    print("\n".join(large), flush=True)


if __name__ == "__main__":
    main()
