"""Faults on the production stack: a server stops during writes; what is lost, and what catches up.

    .venv/bin/python benchmarks/faults.py [--settle 300] [--only elasticsearch,s3,postgres]

Starts servers of its own on 127.0.0.1 (never the shared ones the tests use): a PostgreSQL cluster
(initdb into a temporary folder), a second Elasticsearch node and a SeaweedFS S3 engine, from the
binaries .ci/services.sh installed (CI state folder, ``CI_STATE_DIR``). It seeds the demo content,
runs the django-tasks worker (``manage.py db_worker``) with production settings, then:

1. **Elasticsearch stops during a burst of publishes** (40 publishes through Wagtail's own path,
   Elasticsearch stopped after the 10th and started again after the 25th): publishes that
   succeeded, and the drift between the database and the index (documents missing, stale or extra,
   read-only) every 10 s until ``--settle`` seconds after Elasticsearch answers again.
2. **The S3 engine stops during uploads** (30 documents, stopped after the 10th, started again after
   the 20th): uploads that succeeded, refused (and with which error), and lost (reported saved but
   missing or different when read back after recovery: must be 0).
3. **PostgreSQL restarts during an import** (``manage.py import_services`` of 1,000 new services in a
   subprocess, the server restarted a few seconds in): the import's exit and the state it left
   (all or nothing), then the same import again after recovery.

Every loop is bounded in count and time; all traffic goes to 127.0.0.1. Needs root (the servers
run as the unprivileged user ``baladiya`` that .ci/services.sh creates).
"""

import argparse
import glob
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

STATE = Path(os.environ.get("CI_STATE_DIR", "/var/cache/baladiya-ci"))
USER = "baladiya"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, seconds: float, what: str) -> float:
    """Poll ``check`` until it is true; the seconds it took (exits if it never is)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if check():
                return time.monotonic() - started
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(0.5)
    sys.exit(f"{what} did not come up within {seconds:.0f} s")


def owned_tempdir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    shutil.chown(path, USER)
    return path


class Server:
    """One server process of ours that can be stopped and started again with the same data."""

    def __init__(self, name: str, command: list[str], env: dict | None = None, log: Path | None = None):
        self.name, self.command, self.env, self.log = name, command, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            user=USER,
            env={**os.environ, **(self.env or {})},
            stdout=open(self.log, "a") if self.log else subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None


class Postgres:
    """A throwaway PostgreSQL cluster, restarted with pg_ctl as an operator would."""

    def __init__(self, folder: Path):
        version = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))[-1]
        self.bin, self.data, self.port = Path(version), folder / "data", free_port()
        self.log = folder / "postgres.log"
        subprocess.run(
            [self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            user=USER,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [self.bin / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", *args],
            user=USER,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def elasticsearch(folder: Path) -> tuple[Server, str]:
    homes = sorted(STATE.glob("elasticsearch-*"))
    if not homes:
        sys.exit(f"no Elasticsearch under {STATE}: run .ci/services.sh once")
    home = homes[-1]
    java = sorted(glob.glob("/usr/lib/jvm/java-17-openjdk-*")) or sorted(glob.glob("/usr/lib/jvm/*"))
    port = free_port()
    command = [
        str(home / "bin" / "elasticsearch"),
        *("-E", f"http.port={port}", "-E", f"transport.port={free_port()}", "-E", "discovery.type=single-node"),
        *("-E", "xpack.security.enabled=false", "-E", "xpack.ml.enabled=false"),
        *("-E", f"path.data={folder / 'data'}", "-E", f"path.logs={folder / 'logs'}"),
        *("-E", "cluster.routing.allocation.disk.threshold_enabled=false"),
    ]
    env = {"ES_JAVA_OPTS": "-Xms512m -Xmx512m", "ES_JAVA_HOME": java[-1]}
    return Server("Elasticsearch", command, env, folder / "es.log"), f"http://127.0.0.1:{port}"


def seaweedfs(folder: Path, key: str, secret: str) -> tuple[Server, str]:
    binaries = sorted(STATE.glob("seaweedfs/*/weed"))
    if not binaries:
        sys.exit(f"no SeaweedFS under {STATE}: run .ci/services.sh once (it builds it)")
    port = free_port()
    command = [
        str(binaries[-1]),
        "mini",
        f"-dir={folder}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-s3.port={port}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-master.port={free_port()}",
        f"-volume.port={free_port()}",
        f"-filer.port={free_port()}",
    ]
    env = {"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret}
    return Server("SeaweedFS", command, env, folder / "weed.log"), f"http://127.0.0.1:{port}"


def http_up(url: str) -> bool:
    try:
        requests.get(url, timeout=2)
        return True
    except requests.RequestException:
        return False


def es_healthy(url: str) -> bool:
    response = requests.get(f"{url}/_cluster/health", params={"wait_for_status": "yellow", "timeout": "1s"}, timeout=5)
    return response.status_code == 200


def drift() -> dict:
    """Documents missing, stale or extra in Elasticsearch against the live publications (read-only)."""
    from elasticsearch import helpers

    from publication.models import Publication
    from search import es
    from search.documents import document_id, indexed_types

    client = es.es_client(timeout=30)
    counts = {"missing": 0, "stale": 0, "extra": 0}
    # What search_index sync compares (search/services.py), without repairing anything.
    expected = {
        (p["lang"], document_id(type_name=p["type"], code=p["code"])): p["etag"]
        for p in Publication.objects.filter(type__in=indexed_types()).values("type", "code", "lang", "etag")
    }
    for lang in es.LANGS:
        found = {
            hit["_id"]: hit["_source"].get("etag", "")
            for hit in helpers.scan(
                client, index=es.alias_name(lang), query={"query": {"match_all": {}}}, _source=["etag"]
            )
        }
        want = {doc: etag for (want_lang, doc), etag in expected.items() if want_lang == lang}
        counts["missing"] += len(set(want) - set(found))
        counts["stale"] += sum(1 for doc in set(want) & set(found) if want[doc] != found[doc])
        counts["extra"] += len(set(found) - set(want))
    return counts


def publish_one(service_ids: list[int], n: int) -> None:
    from django.db import close_old_connections

    from catalogue.models import ServicePage

    close_old_connections()
    page = ServicePage.objects.get(pk=service_ids[n % len(service_ids)])
    page.summary = f"{page.summary.split(' [')[0]} [{n}-{uuid.uuid4().hex[:4]}]"
    page.save_revision().publish()


def phase_elasticsearch(es_server: Server, es_url: str, service_ids: list[int], settle: float) -> dict:
    ok = failed = 0
    errors = []
    for n in range(40):
        if n == 10:
            es_server.stop()
        if n == 25:
            es_server.start()
        try:
            publish_one(service_ids, n)
            ok += 1
        except Exception as error:  # noqa: BLE001 - counted and reported
            failed += 1
            errors.append(f"{type(error).__name__}: {error}"[:160])
        time.sleep(0.25)
    recovered_after = wait_until(lambda: es_healthy(es_url), 180, "Elasticsearch")
    recovered = time.monotonic()
    history = []
    while True:
        elapsed = time.monotonic() - recovered
        counts = drift()
        history.append((round(elapsed), sum(counts.values()), counts))
        if elapsed >= settle:
            break
        time.sleep(min(10, max(0.0, settle - elapsed)))
    first_zero = next((t for t, total, _ in history if total == 0), None)
    return {
        "publishes": 40,
        "succeeded": ok,
        "failed": failed,
        "errors": errors[:3],
        "es_back_after_s": round(recovered_after, 1),
        "drift_first_zero_s": first_zero,
        "drift_at_end": history[-1][2],
        "drift_history": [(t, total) for t, total, _ in history],
    }


def phase_s3(s3_server: Server, s3_url: str) -> dict:
    from django.core.files.base import ContentFile
    from django.db import close_old_connections

    from wagtail.documents import get_document_model

    Document = get_document_model()
    saved: dict[int, bytes] = {}
    refused = []
    for n in range(30):
        if n == 10:
            s3_server.stop()
        if n == 20:
            s3_server.start()
            wait_until(lambda: http_up(s3_url), 60, "SeaweedFS")
        body = f"%PDF-1.4\n% fault test {n} {secrets.token_hex(16)}\n%%EOF\n".encode()
        close_old_connections()
        try:
            document = Document(title=f"Fault test {n}")
            document.file.save(f"fault-{n}.pdf", ContentFile(body), save=False)
            document.save()
            saved[document.pk] = body
        except Exception as error:  # noqa: BLE001 - a refusal: counted, and its message kept
            refused.append(f"{type(error).__name__}: {str(error)[:120]}")
        time.sleep(0.2)
    lost = 0
    for pk, body in saved.items():
        try:
            with Document.objects.get(pk=pk).file.open("rb") as handle:
                lost += handle.read() != body
        except Exception:  # noqa: BLE001 - unreadable after recovery counts as lost
            lost += 1
    # A refused upload must not leave a document row pointing at nothing.
    orphans = Document.objects.filter(title__startswith="Fault test").exclude(pk__in=saved).count()
    return {
        "uploads": 30,
        "succeeded": len(saved),
        "refused": len(refused),
        "refusal_example": refused[0] if refused else None,
        "lost": lost,
        "rows_without_file": orphans,
    }


def phase_postgres(pg: Postgres, env: dict, csv_path: Path) -> dict:
    from django.db import connections

    def imported() -> int:
        connections.close_all()
        from catalogue.models import ServicePage

        return ServicePage.objects.filter(code__startswith="FLT-").values("code").distinct().count()

    before = imported()
    connections.close_all()
    command = [sys.executable, str(ROOT / "manage.py"), "import_services", str(csv_path)]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Restart only once the import is inside its transaction (it validates the file first, and a
    # restart before it connects would test nothing).
    in_transaction = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'baladiya' AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend' AND xact_start < now() - interval '2 seconds'"
    )
    waited = time.monotonic()
    while process.poll() is None and time.monotonic() - waited < 300:
        probe = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", "baladiya", "-tAc", in_transaction],
            capture_output=True,
            text=True,
        )
        if probe.stdout.strip() not in ("", "0"):
            break
        time.sleep(0.2)
    still_running = process.poll() is None
    restarted_at = round(time.monotonic() - started, 1)
    pg.ctl("restart", "-m", "fast")
    try:
        output, _ = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    after_fault = imported()
    again = subprocess.run(command, cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=900)
    return {
        "rows": 1000,
        "import_running_when_restarted": still_running,
        "restarted_after_s": restarted_at,
        "import_exit": process.returncode,
        "import_seconds": round(time.monotonic() - started, 1),
        "last_line": output.decode(errors="replace").strip().splitlines()[-1:] if output else [],
        "services_before": before,
        "services_after_fault": after_fault,
        "all_or_nothing": after_fault in (before, before + 1000),
        "rerun_exit": again.returncode,
        "services_after_rerun": imported(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=float, default=300, help="seconds to watch the drift after recovery")
    parser.add_argument("--only", default="elasticsearch,s3,postgres")
    args = parser.parse_args()
    if not 0 <= args.settle <= 900:
        sys.exit("--settle 0..900")
    phases = set(args.only.split(","))
    if os.geteuid() != 0:
        sys.exit("run as root: the servers run as the unprivileged user baladiya")

    scratch = owned_tempdir("baladiya-faults-")
    pg = Postgres(owned_tempdir("baladiya-faults-pg-"))
    es_server, es_url = elasticsearch(owned_tempdir("baladiya-faults-es-"))
    key, secret = "faults", secrets.token_hex(16)
    s3_server, s3_url = seaweedfs(owned_tempdir("baladiya-faults-s3-"), key, secret)
    worker = None
    try:
        print("starting PostgreSQL, Elasticsearch and SeaweedFS of our own…", flush=True)
        pg.ctl("start")
        es_server.start()
        s3_server.start()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-qc", "CREATE DATABASE baladiya"],
            check=True,
        )
        wait_until(lambda: es_healthy(es_url), 180, "Elasticsearch")
        wait_until(lambda: http_up(s3_url), 60, "SeaweedFS")
        import boto3

        boto3.client(
            "s3", endpoint_url=s3_url, aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1"
        ).create_bucket(Bucket="faults")
        env = {
            **os.environ,
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": pg.url("baladiya"),
            "ELASTICSEARCH_URL": es_url,
            "SEARCH_INDEX_PREFIX": "faults",
            "AWS_S3_ENDPOINT_URL": s3_url,
            "AWS_ACCESS_KEY_ID": key,
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_STORAGE_BUCKET_NAME": "faults",
            "BALADIYA_VAR_DIR": str(scratch),
            "TQDM_DISABLE": "1",
        }
        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        quiet = io.StringIO()
        print("seeding the demo content…", flush=True)
        for command in ("migrate", "createcachetable", "bootstrap", "seed_demo"):
            call_command(command, verbosity=0, stdout=quiet, stderr=quiet)
        call_command("search_index", "rebuild", stdout=quiet, stderr=quiet)
        from catalogue.models import ServicePage

        service_ids = list(ServicePage.objects.live().order_by("pk").values_list("pk", flat=True))
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker"],
            cwd=str(ROOT),
            env=env,
            stdout=open(scratch / "worker.log", "w"),
            stderr=subprocess.STDOUT,
        )
        report = {}
        if "elasticsearch" in phases:
            print(f"1. Elasticsearch stops during 40 publishes; drift watched for {args.settle:.0f} s…", flush=True)
            report["elasticsearch"] = phase_elasticsearch(es_server, es_url, service_ids, args.settle)
        if "s3" in phases:
            print("2. the S3 engine stops during 30 uploads…", flush=True)
            report["s3"] = phase_s3(s3_server, s3_url)
        if "postgres" in phases:
            print("3. PostgreSQL restarts during an import of 1,000 services…", flush=True)
            from benchmarks.import_export import generate

            csv_path = scratch / "fault-import.csv"
            csv_path.write_bytes(generate(1000).replace(b"BEN-", b"FLT-"))
            worker.terminate()  # its connections would only add noise to the restart
            worker.wait(timeout=60)
            worker = None
            report["postgres"] = phase_postgres(pg, env, csv_path)
        print(json.dumps(report, indent=2, ensure_ascii=False))
    finally:
        from django.db import connections

        try:
            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        s3_server.stop()
        es_server.stop()
        try:
            pg.ctl("stop", "-m", "fast")
        except subprocess.CalledProcessError:
            pass


if __name__ == "__main__":
    main()
