"""Every HTML page carries a Content-Security-Policy, and the feed's API docs load nothing from a CDN."""

import re

import pytest

from cms.csp import media_origins

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize("path", ["/ar/", "/en/", "/en/services/", "/ar/search/?q=رخصة", "/api/feed/v1/docs"])
def test_public_pages_forbid_inline_scripts_and_other_origins(client, bootstrapped, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_feed_api_docs_serve_swagger_ui_from_our_static_files(client, bootstrapped):
    html = client.get("/api/feed/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/") for s in sources), sources
    # No inline script runs: the only <script> without src is the JSON settings block.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attributes for attributes in inline), inline


def test_admin_allows_wagtails_inline_scripts_but_no_other_origin(admin_client):
    response = admin_client.get("/admin/")
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["connect-src"] == ["'self'"]
    assert "https:" not in response.headers["Content-Security-Policy"]


def test_images_on_s3_are_allowed_by_the_policy(settings):
    settings.AWS_STORAGE_BUCKET_NAME = "baladiya-media"
    settings.AWS_S3_ENDPOINT_URL = "https://objects.example.ae:9000/"
    assert media_origins() == ["https://objects.example.ae:9000"]
    settings.AWS_S3_ENDPOINT_URL = None
    settings.AWS_S3_REGION_NAME = "me-central-1"
    assert media_origins() == [
        "https://baladiya-media.s3.amazonaws.com",
        "https://baladiya-media.s3.me-central-1.amazonaws.com",
    ]


def test_feed_api_docs_do_not_send_the_spec_to_an_outside_validator(client, bootstrapped):
    html = client.get("/api/feed/v1/docs").content.decode()
    assert '"validatorUrl": null' in html
