"""django-import-export resources for services and outlets, and the safe file writers.

A service row spans two pages (Arabic and its English translation) written through Wagtail
revisions, so ``ServiceResource`` declares the columns and exports them, while its import goes
through ``catalogue.importing.validation`` (preview without side effects) and
``catalogue.services.service_import``. Outlets are plain models and use the library end to end.
"""

import csv
import io
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from import_export import fields, resources, widgets

from django.utils.translation import gettext as _

from catalogue.importing.columns import SERVICE_COLUMNS
from catalogue.importing.selectors import service_row
from catalogue.models import Channel, Outlet
from catalogue.selectors import service_pairs
from catalogue.writing.context import catalogue_context_load
from common.spreadsheets import neutralise

OUTLET_COLUMNS = (
    "code",
    "channel",
    "name_ar",
    "name_en",
    "address_ar",
    "address_en",
    "latitude",
    "longitude",
    "phone",
    "priority_service",
)


class ServiceResource(resources.Resource):
    """The service spreadsheet of docs/CONTRACTS.md §2, one field per column."""

    def __init__(self, *, departments=None, **kwargs):
        super().__init__(**kwargs)
        self.departments = departments

    def get_export_headers(self, selected_fields=None):
        return list(SERVICE_COLUMNS)

    def get_export_fields(self, selected_fields=None):
        return self.get_fields()

    def get_fields(self, **kwargs):
        return [
            fields.Field(attribute=column, column_name=column, widget=widgets.CharWidget())
            for column in SERVICE_COLUMNS
        ]

    def get_queryset(self):
        context = catalogue_context_load()
        for _code, pair in service_pairs(departments=self.departments):
            yield SimpleNamespace(**service_row(pair=pair, context=context))

    def export_field(self, field, instance, **kwargs):
        return getattr(instance, field.attribute)


class PlainDecimalWidget(widgets.Widget):
    """Decimals written and read with a dot whatever the language, so files travel between locales."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation as error:
            raise ValueError(_("%(value)s is not a number.") % {"value": text}) from error

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class OutletResource(resources.ModelResource):
    """Outlets by code; the channel is written as its code (docs/spreadsheets.md)."""

    channel = fields.Field(
        attribute="channel", column_name="channel", widget=widgets.ForeignKeyWidget(Channel, field="code")
    )
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=PlainDecimalWidget())
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=PlainDecimalWidget())
    priority_service = fields.Field(
        attribute="priority_service", column_name="priority_service", widget=widgets.BooleanWidget()
    )

    class Meta:
        model = Outlet
        fields = OUTLET_COLUMNS
        export_order = OUTLET_COLUMNS
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True


def _safe(value) -> str:
    return neutralise("" if value is None else str(value))


def dataset_rows(dataset) -> list[list[str]]:
    return [[_safe(v) for v in row] for row in dataset]


def write_csv(headers, rows) -> bytes:
    """CSV with a byte-order mark so that Excel shows Arabic; formula cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_safe(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(headers, rows, *, title: str = "services") -> bytes:
    """An XLSX workbook written in streaming mode; every cell is text, none a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.sheet_view.rightToLeft = True
    sheet.append(list(headers))
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_safe(value))
            cell.data_type = "s"  # never let openpyxl read a leading "=" as a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def services_export(*, file_format: str, departments=None) -> bytes:
    """The services (of some departments, or all) as a CSV or XLSX file."""
    dataset = ServiceResource(departments=departments).export()
    writer = write_xlsx if file_format == "xlsx" else write_csv
    return writer(dataset.headers, dataset)


def outlets_export(*, file_format: str) -> bytes:
    dataset = OutletResource().export()
    writer = write_xlsx if file_format == "xlsx" else write_csv
    if file_format == "xlsx":
        return write_xlsx(dataset.headers, dataset, title="outlets")
    return writer(dataset.headers, dataset)


def outlets_import(*, sheet, dry_run: bool) -> dict:
    """Import outlet rows with django-import-export; all rows or none."""
    import tablib

    dataset = tablib.Dataset(headers=sheet.header)
    numbers = []
    for number, cells in sheet.rows:
        dataset.append(cells + [""] * (len(sheet.header) - len(cells)))
        numbers.append(number)
    result = OutletResource().import_data(dataset, dry_run=dry_run, raise_errors=False, collect_failed_rows=True)
    errors = []
    for index, row_errors in result.row_errors():
        for error in row_errors:
            errors.append((numbers[index - 1], str(error.error)))
    for invalid in result.invalid_rows:
        messages = "; ".join(f"{field}: {' '.join(map(str, errs))}" for field, errs in invalid.error_dict.items())
        errors.append((numbers[invalid.number - 1], messages))
    return {"errors": sorted(errors), "totals": dict(result.totals)}
