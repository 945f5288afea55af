"""Check spreadsheet rows against the contract and the catalogue; report what an import would do.

Nothing here writes: the preview is this module's report, and applying it is
``catalogue.services.service_import`` fed with the rows this module accepted.
"""

import html
import re
from dataclasses import dataclass, field

import nh3

from django.utils.translation import gettext as _

from wagtail.models import Page

from catalogue.importing.columns import (
    LIST_COLUMNS,
    SERVICE_COLUMNS,
    STATUSES,
    format_bool,
    format_fee,
    join_list,
    parse_bool,
    parse_fee,
    split_list,
)
from catalogue.importing.selectors import service_row, user_departments, user_may_publish
from catalogue.models import SERVICE_CODE_RE
from catalogue.selectors import ServicePair, service_pairs
from catalogue.services import ServiceData, ServiceTexts
from catalogue.writing.context import CatalogueContext
from common.spreadsheets import ImportFileError, SheetData

NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"
# Lengths of the model fields each column fills.
MAX_LENGTHS = {"title": 255, "summary": 300, "processing_time": 200, "documents": 300, "steps": 500}
RICH_TAGS = {"p", "b", "strong", "i", "em", "ol", "ul", "li", "a", "h3", "br"}
TEXT_PARTS = ("title", "summary", "description", "processing_time", "documents", "steps", "keywords")
_code_re = re.compile(SERVICE_CODE_RE)


@dataclass
class RowReport:
    number: int
    code: str
    outcome: str
    changed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    data: ServiceData | None = None


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    format: str = ""
    encoding: str = ""
    # For a write (``sheet_validate(for_write=True)``): the changed rows' services as read for it.
    pairs: dict[str, ServicePair] = field(default_factory=dict, repr=False, compare=False)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not any(row.outcome == INVALID for row in self.rows)

    @property
    def has_changes(self) -> bool:
        return any(row.outcome in (NEW, CHANGED) for row in self.rows)

    def summary(self) -> str:
        return _("%(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(invalid)s invalid") % {
            "new": self.count(NEW),
            "changed": self.count(CHANGED),
            "unchanged": self.count(UNCHANGED),
            "invalid": self.count(INVALID),
        }

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "encoding": self.encoding,
            "rows": [
                {"number": r.number, "code": r.code, "outcome": r.outcome, "changed": r.changed, "errors": r.errors}
                for r in self.rows
            ],
        }


def description_clean(value: str) -> str:
    """Plain text becomes paragraphs; HTML keeps only the simple tags rich text allows."""
    value = value.strip()
    if not value:
        return ""
    if "<" not in value:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    return nh3.clean(
        value,
        tags=RICH_TAGS,
        attributes={"a": {"href", "linktype", "id"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    ).strip()


def check_header(header: list[str]) -> None:
    """The header must hold exactly the contract's columns, in any order."""
    seen = [h for h in header if h]
    duplicates = sorted({h for h in seen if seen.count(h) > 1})
    missing = [c for c in SERVICE_COLUMNS if c not in seen]
    unknown = [h for h in seen if h not in SERVICE_COLUMNS]
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
    if duplicates:
        problems.append(_("repeated columns: %(names)s") % {"names": ", ".join(duplicates)})
    if problems:
        raise ImportFileError(
            _("The header row does not match the service spreadsheet (%(problems)s).")
            % {"problems": "; ".join(problems)}
        )


def normalise(raw: dict[str, str]) -> dict[str, str]:
    """The canonical text of each column, so that equal services compare equal."""
    row = {column: (raw.get(column) or "").strip() for column in SERVICE_COLUMNS}
    for column in LIST_COLUMNS:
        row[column] = join_list(split_list(row[column]))
    row["audiences"] = join_list(sorted(set(split_list(row["audiences"]))))
    row["channels"] = join_list(dict.fromkeys(split_list(row["channels"])))
    for lang in ("ar", "en"):
        row[f"description_{lang}"] = description_clean(row[f"description_{lang}"])
    fee = parse_fee(row["fee_aed"])
    if fee is not None:
        row["fee_aed"] = format_fee(fee)
    for column in ("e_payment", "uae_pass"):
        flag = parse_bool(row[column])
        if flag is not None:
            row[column] = format_bool(flag)
    row["status"] = row["status"].lower()
    return row


def _errors(row: dict[str, str], context: CatalogueContext) -> list[str]:
    errors = []
    code = row["code"]
    if not code:
        errors.append(_("The code is missing."))
    elif not _code_re.match(code):
        errors.append(_("The code %(code)s is not a service code such as LIC-001.") % {"code": code})
    if not row["department"]:
        errors.append(_("The department is missing."))
    elif row["department"] not in context.departments:
        errors.append(_("Unknown department code %(code)s.") % {"code": row["department"]})
    for channel in split_list(row["channels"]):
        if channel not in context.channels:
            errors.append(_("Unknown channel code %(code)s.") % {"code": channel})
    for audience in split_list(row["audiences"]):
        if audience not in context.audiences:
            errors.append(_("Unknown audience code %(code)s.") % {"code": audience})
    if parse_fee(row["fee_aed"]) is None:
        errors.append(
            _("The fee %(value)s is not an amount in dirhams (a number ≥ 0 with at most two decimals; 0 means free).")
            % {"value": row["fee_aed"] or "—"}
        )
    for column in ("e_payment", "uae_pass"):
        if parse_bool(row[column]) is None:
            errors.append(
                _("%(column)s must be yes or no, not %(value)s.") % {"column": column, "value": row[column] or "—"}
            )
    if row["status"] not in STATUSES:
        errors.append(
            _("The status %(value)s is not one of published, draft or withdrawn.") % {"value": row["status"] or "—"}
        )
    if not row["title_ar"]:
        errors.append(_("The Arabic title (title_ar) is missing."))
    if not row["title_en"]:
        if row["status"] == "published":
            errors.append(_("The English title (title_en) is missing; both titles are required to publish."))
        elif any(row[f"{part}_en"] for part in TEXT_PARTS):
            errors.append(_("The English title (title_en) is missing, but other English columns are filled."))
    for lang in ("ar", "en"):
        if not row[f"title_{lang}"]:
            continue
        for part in ("summary", "description", "processing_time"):
            if not row[f"{part}_{lang}"]:
                errors.append(_("%(column)s is missing.") % {"column": f"{part}_{lang}"})
        for part, limit in MAX_LENGTHS.items():
            values = split_list(row[f"{part}_{lang}"]) if part in ("documents", "steps") else [row[f"{part}_{lang}"]]
            if any(len(v) > limit for v in values):
                errors.append(
                    _("%(column)s is longer than %(limit)s characters.") % {"column": f"{part}_{lang}", "limit": limit}
                )
    for part in ("documents", "steps"):
        ar, en = split_list(row[f"{part}_ar"]), split_list(row[f"{part}_en"])
        if ar and en and len(ar) != len(en):
            errors.append(
                _(
                    "%(column)s_ar has %(ar)s items but %(column)s_en has %(en)s; give the same number in both languages."
                )
                % {"column": part, "ar": len(ar), "en": len(en)}
            )
    return errors


def _data(row: dict[str, str]) -> ServiceData:
    def texts(lang: str) -> ServiceTexts:
        return ServiceTexts(
            title=row[f"title_{lang}"],
            summary=row[f"summary_{lang}"],
            description=row[f"description_{lang}"],
            processing_time=row[f"processing_time_{lang}"],
            documents=split_list(row[f"documents_{lang}"]),
            steps=split_list(row[f"steps_{lang}"]),
            keywords=split_list(row[f"keywords_{lang}"]),
        )

    return ServiceData(
        code=row["code"],
        department=row["department"],
        ar=texts("ar"),
        en=texts("en") if row["title_en"] else ServiceTexts(),
        channels=split_list(row["channels"]),
        audiences=split_list(row["audiences"]),
        fee_aed=parse_fee(row["fee_aed"]),
        e_payment=parse_bool(row["e_payment"]),
        uae_pass=parse_bool(row["uae_pass"]),
        status=row["status"],
    )


def _changes(row: dict[str, str], pair: ServicePair, context: CatalogueContext) -> list[str]:
    current = normalise(service_row(pair=pair, context=context))
    columns = [c for c in SERVICE_COLUMNS if c != "status" and row[c] != current[c]]
    if not row["title_en"]:
        # An empty English title leaves an existing translation as it is.
        columns = [c for c in columns if not c.endswith("_en")]
    status_now, wanted = current["status"], row["status"]
    # "draft" saves changes without publishing: a published service with no other change stays as it is.
    if wanted != status_now and not (wanted == "draft" and status_now == "published"):
        columns.append("status")
    return columns


def _slugs_in_use(*, codes: set[str], context: CatalogueContext) -> set[tuple[str, str]]:
    """(code, department) of new services whose page address (the code in lower case) another
    page under that department page already has, in either language."""
    parents = {page.path: department for (department, _lang), page in context.department_pages.items()}
    by_slug = {code.lower(): code for code in codes}
    found = set()
    for path, slug in Page.objects.filter(slug__in=list(by_slug)).values_list("path", "slug"):
        department = parents.get(path[: -Page.steplen])
        if department is not None:
            found.add((by_slug[slug], department))
    return found


def sheet_validate(*, sheet: SheetData, user, context: CatalogueContext, for_write: bool = False) -> ImportReport:
    """Report, per row, what importing the sheet would do; writes nothing.

    ``for_write``: the services are read as the write needs them (with their child rows, in the
    write's transaction) and those of changed rows are kept in ``report.pairs`` for it, so that
    they are read once; an unchanged row's are dropped as soon as it is compared."""
    check_header(sheet.header)
    report = ImportReport(format=sheet.format, encoding=sheet.encoding)
    rows = []
    for number, cells in sheet.rows:
        cells = cells + [""] * (len(sheet.header) - len(cells))
        rows.append((number, normalise(dict(zip(sheet.header, cells, strict=False)))))
    codes = [row["code"] for _number, row in rows]
    first_seen: dict[str, int] = {}
    for number, row in rows:
        first_seen.setdefault(row["code"], number)
    first_rows: dict[str, dict[str, str]] = {}
    for _number, row in rows:
        first_rows.setdefault(row["code"], row)
    pairs: dict[str, ServicePair] = {}
    departments: dict[str, int] = {}  # code of an existing service -> its department's id
    changes: dict[str, list[str]] = {}
    for code, pair in service_pairs(codes={c for c in codes if c}, for_write=for_write):
        departments[code] = pair.ar.department_id
        changes[code] = _changes(first_rows[code], pair, context)
        if for_write and changes[code]:
            pairs[code] = pair
    allowed = user_departments(user=user) if user is not None else None
    squatted = _slugs_in_use(codes={c for c in codes if c and c not in departments}, context=context)

    for number, row in rows:
        errors = _errors(row, context)
        code = row["code"]
        if code and first_seen[code] != number:
            errors.append(
                _("The code %(code)s is already used on row %(row)s of this file.")
                % {"code": code, "row": first_seen[code]}
            )
        exists = code in departments
        if allowed is not None:
            current = context.department_codes.get(departments[code]) if exists else None
            for department in {row["department"], current} - {None, ""}:
                if department not in allowed:
                    errors.append(_("You may not change services of the department %(code)s.") % {"code": department})
        if not exists and (code, row["department"]) in squatted:
            errors.append(
                _(
                    "Another page under the department %(department)s already has the address %(slug)s; rename that page first."
                )
                % {"department": row["department"], "slug": code.lower()}
            )
        if errors:
            report.rows.append(RowReport(number=number, code=code, outcome=INVALID, errors=errors))
            continue
        if not exists:
            outcome, changed = NEW, list(SERVICE_COLUMNS)
        else:
            changed = changes[code]
            outcome = CHANGED if changed else UNCHANGED
        if outcome != UNCHANGED and row["status"] in ("published", "withdrawn"):
            if not user_may_publish(user=user, department=row["department"], context=context):
                report.rows.append(
                    RowReport(
                        number=number,
                        code=code,
                        outcome=INVALID,
                        errors=[
                            _(
                                "You may not publish or withdraw services; set the status to draft to save your changes for approval."
                            )
                        ],
                    )
                )
                continue
        report.rows.append(RowReport(number=number, code=code, outcome=outcome, changed=changed, data=_data(row)))
    if not report.rows:
        raise ImportFileError(_("The file has a header row but no services."))
    if for_write:
        report.pairs = {row.code: pairs[row.code] for row in report.rows if row.outcome == CHANGED}
    return report
