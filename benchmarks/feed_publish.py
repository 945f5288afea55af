"""publish_feed at scale: 10,000 services in both languages, time and peak memory.

    .venv/bin/python benchmarks/feed_publish.py [--services 10000] [--use-env]

Without --use-env: a fresh SQLite database and local media in a temporary folder. With
--use-env: DATABASE_URL and the AWS_* settings of the environment (PostgreSQL + S3), on a
throwaway snapshot prefix. Services are Publication rows shaped exactly like the catalogue's
representation (one real service is rendered and varied), since publish_feed reads only those;
the Wagtail write path is measured by benchmarks/import_export.py.
The command runs in a child process, so its peak RSS is its own. Bars: < 30 s and < 400 MB.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--use-env", action="store_true")
    args = parser.parse_args()
    if not args.use_env:
        os.environ["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-feed-publish-")
        for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME"):
            os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    import django

    django.setup()
    from decimal import Decimal

    from tqdm import tqdm

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from catalogue.services import ServiceData, ServiceTexts, service_upsert
    from publication.models import Publication

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)
    texts = {
        "ar": ServiceTexts(
            title="خدمة نموذجية",
            summary="ملخص الخدمة المقدمة من بلدية الفجيرة للمتعاملين عبر جميع القنوات.",
            description="<p>تتيح هذه الخدمة للمتعاملين إنجاز المعاملة عبر القنوات المتاحة، مع متابعة الطلب حتى إنجازه.</p>",
            processing_time="يوم عمل واحد",
            documents=["صورة الهوية الإماراتية", "نموذج الطلب", "رخصة سارية"],
            steps=["تقديم الطلب", "دفع الرسوم", "مراجعة الطلب", "استلام النتيجة"],
            keywords=["رخصة", "تصريح"],
        ),
        "en": ServiceTexts(
            title="Sample service",
            summary="A Fujairah Municipality service, available through every channel.",
            description="<p>This service lets customers complete the transaction through any channel.</p>",
            processing_time="1 working day",
            documents=["Emirates ID copy", "Application form", "Valid licence"],
            steps=["Submit", "Pay the fees", "Review", "Receive the result"],
            keywords=["licence", "permit"],
        ),
    }
    if not Publication.objects.filter(type="service", code="BEN-TPL1").exists():
        service_upsert(
            data=ServiceData(
                code="BEN-TPL1",
                department="licensing",
                channels=["counter", "website", "app-smart-fujairah"],
                audiences=["individuals", "businesses"],
                fee_aed=Decimal("250"),
                e_payment=True,
                uae_pass=True,
                ar=texts["ar"],
                en=texts["en"],
            )
        )
    template = {p.lang: p for p in Publication.objects.filter(type="service", code="BEN-TPL1")}
    existing = Publication.objects.filter(type="service", code__startswith="PUB-", lang="ar").count()
    now = timezone.now()
    with tqdm(total=args.services, initial=min(existing, args.services), desc="publications", unit="service") as bar:
        for start in range(existing, args.services, 1000):
            rows = []
            for i in range(start, min(start + 1000, args.services)):
                code = f"PUB-{i:05d}"
                for lang, source in template.items():
                    payload = {**source.payload, "code": code, "title": f"{source.payload['title']} {i}"}
                    rows.append(
                        Publication(
                            type="service",
                            code=code,
                            lang=lang,
                            payload=payload,
                            etag=uuid.uuid4().hex,
                            department=source.department,
                            channels=source.channels,
                            audiences=source.audiences,
                            updated_at=now,
                        )
                    )
            with transaction.atomic():
                Publication.objects.bulk_create(rows, ignore_conflicts=True)
            bar.update(len(rows) // 2)
    total = Publication.objects.filter(type="service", code__startswith="PUB-").count()
    others = Publication.objects.filter(type="service").count() - total
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    connection.close()
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "publish_feed", "--prefix", prefix, "--verbosity", "0"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if completed.returncode:
        sys.exit(completed.stderr)
    from feed.snapshots import snapshot_manifest_read

    manifest = snapshot_manifest_read(prefix=prefix)
    service_files = [f for f in manifest["files"] if f["type"] == "service"]
    print(completed.stdout.strip())
    print(
        f"\n{total} service publications ({total // 2} services × 2 languages, plus {others} others), "
        f"database {connection.vendor}, "
        f"storage {django.conf.settings.STORAGES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    sizes = ", ".join("{} {:.1f} MB".format(f["lang"], f["bytes"] / 1e6) for f in service_files)
    print(
        f"publish_feed: {seconds:.1f} s (bar < 30 s), peak memory {peak_mb:.0f} MB (bar < 400 MB); "
        f"service files (gzip) {sizes}; manifest items {manifest['items']}"
    )
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb), "items": manifest["items"]}))


if __name__ == "__main__":
    main()
