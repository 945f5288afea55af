"""Fees no decimal arithmetic can hold ("1e400", 60 digits, NaN, negatives) are row errors in the
person's language, never a 500, and nothing is written."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from catalogue.importing.runner import import_apply, import_preview
from common.spreadsheets import ImportFileError
from tests.catalogue.test_import import isolated_media, rows_csv, sample_rows, world_state  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("fee-importer", "fee@example.com", "pw-fee-1")


BAD_FEES = ["1e400", "9" * 60, "1" * 60 + ".5", "NaN", "sNaN", "Infinity", "-1e400", "-5", "1e-400"]


def rows_with_fees(fees: list[str]) -> bytes:
    template = sample_rows()[0]
    return rows_csv(
        [{**template, "code": f"LIC-{800 + i}", "fee_aed": fee, "title_ar": f"خدمة {i}"} for i, fee in enumerate(fees)]
    )


def test_every_unholdable_fee_is_a_row_error_and_nothing_is_written(admin_user):
    before = world_state()
    data = rows_with_fees(BAD_FEES)
    report = import_preview(name="fees.csv", data=data, user=admin_user)
    assert [row.outcome for row in report.rows] == ["invalid"] * len(BAD_FEES)
    for row, fee in zip(report.rows, BAD_FEES, strict=True):
        assert f"The fee {fee} is not an amount in dirhams" in " ".join(row.errors)
    with pytest.raises(ImportFileError, match="nothing was imported"):
        import_apply(name="fees.csv", data=data, user=admin_user)
    assert world_state() == before


def test_the_fee_error_speaks_arabic(admin_user):
    with translation.override("ar"):
        (row,) = import_preview(name="fees.csv", data=rows_with_fees(["1e400"]), user=admin_user).rows
    assert "الرسوم 1e400 ليست مبلغاً بالدرهم" in " ".join(row.errors)


def test_the_admin_preview_lists_the_rows_instead_of_failing(client, admin_user):
    before = world_state()
    client.force_login(admin_user)
    response = client.post(
        "/admin/catalogue/import/",
        {"file": SimpleUploadedFile("fees.csv", rows_with_fees(["1e400", "9" * 60])), "encoding": "auto"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The fee 1e400 is not an amount in dirhams" in page
    assert "The fee " + "9" * 60 + " is not an amount in dirhams" in page
    assert world_state() == before  # an invalid file is not even kept for confirmation


def test_good_fees_still_import(admin_user):
    report = import_preview(name="fees.csv", data=rows_with_fees(["0", "1500", "12.50", "١٢٫٥٠"]), user=admin_user)
    assert [row.outcome for row in report.rows] == ["new"] * 4
    assert [str(row.data.fee_aed) for row in report.rows] == ["0", "1500", "12.50", "12.50"]
