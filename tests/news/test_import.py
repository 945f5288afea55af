"""Indicator values imported from a spreadsheet: all or nothing, with row numbers on errors."""

import pytest
from openpyxl import Workbook

from news.services import indicator_values_import
from publication.models import Publication
from tests.news.conftest import make_indicator

pytestmark = pytest.mark.django_db


def test_csv_adds_and_replaces_values(bootstrapped, tmp_path):
    make_indicator()
    path = tmp_path / "figures.csv"
    path.write_text(
        "indicator,period_start,period_end,value,label_ar,label_en\n"
        'calls-received,2020-01-01,2020-07-24,"36,000",,\n'
        "calls-received,2021-01-01,2021-07-24,41000,2021,2021\n",
        encoding="utf-8-sig",
    )
    result = indicator_values_import(path=path)
    assert result.errors == [] and result.changed == ["calls-received"]
    payload = Publication.objects.get(type="figure", code="calls-received", lang="en").payload
    assert [v["value"] for v in payload["values"]] == [36000, 41000]
    assert indicator_values_import(path=path).changed == []  # the same file again changes nothing


def test_invalid_rows_change_nothing(bootstrapped, tmp_path):
    make_indicator()
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period_start", "period_end", "value"])
    sheet.append(["calls-received", "2021-01-01", "2021-07-24", 5])
    sheet.append(["no-such-figure", "2021-01-01", "2021-07-24", 5])
    sheet.append(["calls-received", "2021-07-24", "2021-01-01", 5])
    path = tmp_path / "figures.xlsx"
    book.save(path)
    result = indicator_values_import(path=path)
    assert len(result.errors) == 2
    assert result.errors[0].startswith("Row 3") and "no-such-figure" in result.errors[0]
    assert result.errors[1].startswith("Row 4")
    payload = Publication.objects.get(type="figure", code="calls-received", lang="en").payload
    assert [v["value"] for v in payload["values"]] == [35211]


def test_admin_upload_needs_permission(client, admin_client, django_user_model, bootstrapped, tmp_path):
    make_indicator()
    user = django_user_model.objects.create_user("viewer", password="pw-viewer-12345")
    client.force_login(user)
    assert client.get("/admin/news/figures/import/").status_code in (302, 403)
    path = tmp_path / "f.csv"
    path.write_text("indicator,period_start,period_end,value\ncalls-received,2022-01-01,2022-12-31,7\n")
    with path.open("rb") as upload:
        response = admin_client.post("/admin/news/figures/import/", {"file": upload})
    assert response.status_code == 302
    assert Publication.objects.get(type="figure", code="calls-received", lang="ar").payload["latest"]["value"] == 7


@pytest.mark.parametrize(
    "name,content,expected",
    [
        (
            "figures.csv",
            "indicator,period_start,period_end,value\ncalls-received,2020-01-01,2020-01-31,Infinity\n",
            "not a number",
        ),
        (
            "figures.csv",
            "indicator,period_start,period_end,value\ncalls-received,2020-01-01,2020-01-31,1e30\n",
            "not a number",
        ),
        ("figures.xlsx", "not really a spreadsheet", "Excel"),
        ("figures.csv", "code,when\n", "Missing columns"),
    ],
)
def test_unreadable_files_and_values_are_reported_not_crashed(tmp_path, bootstrapped, name, content, expected):
    from news.services import indicator_values_import
    from tests.news.conftest import make_indicator

    make_indicator()
    path = tmp_path / name
    path.write_text(content)
    result = indicator_values_import(path=path)
    assert result.errors and expected in " ".join(result.errors)
    assert result.changed == []
