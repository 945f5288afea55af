"""Build the open-data files from the published representations (docs/CONTRACTS.md §8).

Pure functions of a ``Source`` (the live Publication payloads): no database access here, so the
benchmark and the tests can feed them any catalogue. Every node gets a stable IRI under the public
site's domain, made from codes only (never database ids), so a harvester sees the same service,
organisation, channel or cost across runs.
"""

import csv
import datetime as dt
import html
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from common.contract import SERVICE_COLUMNS
from common.spreadsheets import neutralise
from opendata import vocab

LANGS = ("ar", "en")
MUNICIPALITY = "municipality"
PLACE = "fujairah"

CSV_COLUMNS = SERVICE_COLUMNS  # docs/CONTRACTS.md §2

Payloads = dict[str, dict[str, dict]]  # code -> {lang: payload}

# Labels the export writes in both languages (translations in docs/i18n/opendata.tsv).
CHANNEL_TYPES_TITLE = _("Channel types")
AUDIENCES_TITLE = _("Audiences")
STATUSES_TITLE = _("Service statuses")
FREE = _("Free of charge")
SERVICE_FEE = _("Service fee")
CLOSED = _("closed")
DISTRIBUTION_TITLE = _("Public services (%(file)s)")
DATASET_TITLE = _("Public services of the municipality")
DATASET_DESCRIPTION = _(
    "Every live public service of the municipality with its channels, opening hours, fees, required "
    "documents and forms, outputs and competent department, in Arabic and English."
)
CATALOG_TITLE = _("Open data of the municipality")
CATALOG_DESCRIPTION = _("The datasets the municipality publishes for reuse.")


@dataclass
class Source:
    """The live catalogue as the pipeline published it."""

    services: Payloads = field(default_factory=dict)
    departments: Payloads = field(default_factory=dict)
    channels: Payloads = field(default_factory=dict)
    audiences: Payloads = field(default_factory=dict)
    outlets: Payloads = field(default_factory=dict)
    modified: dt.datetime | None = None


@dataclass(frozen=True)
class Site:
    """Where the datasets live and under which licence they are published."""

    base: str  # the public site's root URL, no trailing slash
    licence: str
    publisher: dict[str, str]  # lang -> name of the municipality
    place: dict[str, str]  # lang -> name of the area it serves


class Ids:
    """Stable IRIs: ``{base}/id/<kind>/<code>[/<part>...]``."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def __call__(self, kind: str, *parts) -> str:
        return "/".join([self.base, "id", kind, *(quote(str(p), safe="") for p in parts)])


# --- small helpers ------------------------------------------------------------------------------


def _texts(values: dict[str, str | None]) -> dict[str, str]:
    """A language map without empty entries."""
    return {lang: value.strip() for lang, value in values.items() if value and value.strip()}


def _plain(fragment: str | None) -> str:
    return re.sub(r"\s+", " ", html.unescape(strip_tags(fragment or ""))).strip()


def _both(payloads: dict[str, dict], key: str) -> dict[str, str]:
    return _texts({lang: payloads[lang].get(key) for lang in LANGS if lang in payloads})


def _nth(payloads: dict[str, dict], key: str, index: int) -> dict[str, str]:
    values = {}
    for lang in LANGS:
        items = (payloads.get(lang) or {}).get(key) or []
        if index < len(items):
            values[lang] = items[index]
    return _texts(values)


def _longest(payloads: dict[str, dict], key: str) -> int:
    return max((len(p.get(key) or []) for p in payloads.values()), default=0)


def _in_both_languages(label, **params) -> dict[str, str]:
    values = {}
    for lang in LANGS:
        with translation.override(lang):
            values[lang] = str(label) % params if params else str(label)
    return values


_DURATION = re.compile(r"(\d+)\s*(?:working\s+|business\s+)?(minute|hour|day|week|month)s?\b", re.I)


def processing_duration(text: str | None) -> str | None:
    """An xsd:duration for "3 working days", "2 hours"...; None when the text says no number."""
    match = _DURATION.search(text or "")
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2).lower()
    if unit == "week":
        return f"P{amount * 7}D"
    return {"minute": f"PT{amount}M", "hour": f"PT{amount}H", "day": f"P{amount}D", "month": f"P{amount}M"}[unit]


def _money(value: str | None) -> str:
    return f"{float(value or 0):.2f}"


# --- the CPSV-AP graph --------------------------------------------------------------------------


class _Graph:
    """Nodes by IRI, in insertion order, each emitted once."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}

    def add(self, node: dict) -> str:
        self.nodes.setdefault(node["@id"], node)
        return node["@id"]

    def document(self) -> dict:
        return {"@context": vocab.CONTEXT, "@graph": list(self.nodes.values())}


def _organisations(graph: _Graph, ids: Ids, source: Source, site: Site) -> None:
    place = ids("place", PLACE)
    graph.add(
        {
            "@id": place,
            "@type": ["dct:Location", vocab.ATU_TYPE],
            "identifier": PLACE,
            "prefLabel": _texts(site.place),
        }
    )
    graph.add(
        {
            "@id": ids("organisation", MUNICIPALITY),
            "@type": ["cv:PublicOrganisation", "org:Organization", "foaf:Agent"],
            "identifier": MUNICIPALITY,
            "prefLabel": _texts(site.publisher),
            "title": _texts(site.publisher),
            "spatial": place,
            "homepage": site.base + "/",
        }
    )
    for code, payloads in sorted(source.departments.items()):
        names = _both(payloads, "name") or {"en": code}
        graph.add(
            {
                "@id": ids("organisation", code),
                "@type": ["cv:PublicOrganisation", "org:Organization", "foaf:Agent"],
                "identifier": code,
                "prefLabel": names,
                "title": names,
                "spatial": place,
                "subOrganizationOf": ids("organisation", MUNICIPALITY),
            }
        )


def _outlet_hours(graph: _Graph, ids: Ids, code: str, payloads: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Opening hours and special periods of an outlet as time:TemporalEntity nodes."""
    hours, special = [], []
    master = payloads.get("ar") or next(iter(payloads.values()))
    for n, interval in enumerate(master.get("opening_hours") or []):
        labels = {}
        for lang, payload in payloads.items():
            local = (payload.get("opening_hours") or [])[n : n + 1]
            day = local[0]["day"] if local else interval["day"]
            labels[lang] = f"{day} {interval['opens']}–{interval['closes']}"
        hours.append(
            graph.add(
                {
                    "@id": ids("outlet", code, "hours", n + 1),
                    "@type": ["time:TemporalEntity", "schema:OpeningHoursSpecification"],
                    "description": _texts(labels),
                    "dayOfWeek": vocab.SCHEMA + vocab.WEEKDAYS[interval["weekday"]],
                    "opens": interval["opens"] + ":00",
                    "closes": interval["closes"] + ":00",
                }
            )
        )
    for n, period in enumerate(master.get("special_periods") or []):
        labels = {}
        for lang, payload in payloads.items():
            local = (payload.get("special_periods") or [])[n : n + 1]
            name = local[0]["name"] if local else period["name"]
            with translation.override(lang):
                when = str(CLOSED) if period["closed"] else f"{period.get('opens') or ''}–{period.get('closes') or ''}"
            labels[lang] = f"{name}: {period['start_date']} – {period['end_date']} ({when})"
        node = {
            "@id": ids("outlet", code, "special", n + 1),
            "@type": ["time:TemporalEntity", "schema:OpeningHoursSpecification"],
            "description": _texts(labels),
            "validFrom": period["start_date"],
            "validThrough": period["end_date"],
        }
        if not period["closed"] and period.get("opens") and period.get("closes"):
            node["opens"], node["closes"] = period["opens"] + ":00", period["closes"] + ":00"
        special.append(graph.add(node))
    return hours, special


def _channels(graph: _Graph, ids: Ids, source: Source) -> dict[str, list[str]]:
    """Channels with the hours of their outlets; returns channel code -> its outlets' IRIs."""
    outlets_of: dict[str, list[str]] = {}
    hours_of: dict[str, tuple[list[str], list[str]]] = {}
    for code, payloads in sorted(source.outlets.items()):
        master = payloads.get("ar") or next(iter(payloads.values()))
        hours, special = _outlet_hours(graph, ids, code, payloads)
        address = ids("outlet", code, "address")
        addresses = _both(payloads, "address")
        if addresses:
            graph.add({"@id": address, "@type": "locn:Address", "fullAddress": addresses})
        node = {
            "@id": ids("outlet", code),
            "@type": ["cv:ContactPoint", "schema:Place"],
            "identifier": code,
            "title": _both(payloads, "name") or {"en": code},
            "openingHours": hours,
            "specialOpeningHoursSpecification": special,
        }
        if addresses:
            node["address"] = address
        if master.get("phone"):
            node["telephone"] = master["phone"]
        if master.get("latitude") is not None and master.get("longitude") is not None:
            node["latitude"], node["longitude"] = str(master["latitude"]), str(master["longitude"])
        graph.add(node)
        channel = (master.get("channel") or {}).get("code")
        if channel:
            outlets_of.setdefault(channel, []).append(node["@id"])
            hours_of.setdefault(channel, ([], []))
            hours_of[channel][0].extend(hours)
            hours_of[channel][1].extend(special)
    scheme = ids("channel-type")
    for code, payloads in sorted(source.channels.items()):
        master = payloads.get("ar") or next(iter(payloads.values()))
        kind = master.get("type") or "other"
        concept = ids("channel-type", kind)
        if concept not in graph.nodes:
            graph.add({"@id": scheme, "@type": "skos:ConceptScheme", "title": _in_both_languages(CHANNEL_TYPES_TITLE)})
            label = vocab.CHANNEL_TYPES.get(kind)
            graph.add(
                {
                    "@id": concept,
                    "@type": "skos:Concept",
                    "prefLabel": _in_both_languages(label) if label else {"en": kind},
                    "inScheme": scheme,
                }
            )
        hours, special = hours_of.get(code, ([], []))
        graph.add(
            {
                "@id": ids("channel", code),
                "@type": "cv:Channel",
                "identifier": code,
                "title": _both(payloads, "name") or {"en": code},
                "type": concept,
                "ownedBy": ids("organisation", MUNICIPALITY),
                "openingHours": hours,
                "specialOpeningHoursSpecification": special,
            }
        )
    return outlets_of


def _reference_concepts(graph: _Graph, ids: Ids, source: Source) -> None:
    for lang, iri in vocab.LANGUAGE.items():
        graph.add({"@id": iri, "@type": "dct:LinguisticSystem", "identifier": lang})
    graph.add({"@id": vocab.CURRENCY_AED, "@type": "skos:Concept", "identifier": "AED"})
    scheme = ids("audience")
    graph.add({"@id": scheme, "@type": "skos:ConceptScheme", "title": _in_both_languages(AUDIENCES_TITLE)})
    for code, payloads in sorted(source.audiences.items()):
        graph.add(
            {
                "@id": ids("audience", code),
                "@type": "skos:Concept",
                "identifier": code,
                "prefLabel": _both(payloads, "name") or {"en": code},
                "inScheme": scheme,
            }
        )
    statuses = ids("service-status")
    graph.add({"@id": statuses, "@type": "skos:ConceptScheme", "title": _in_both_languages(STATUSES_TITLE)})
    for code, label in vocab.SERVICE_STATUSES.items():
        graph.add(
            {
                "@id": ids("service-status", code),
                "@type": "skos:Concept",
                "identifier": code,
                "prefLabel": _in_both_languages(label),
                "inScheme": statuses,
            }
        )


def _document(graph: _Graph, url: str) -> str:
    return graph.add({"@id": url, "@type": "foaf:Document"})


def _service(graph: _Graph, ids: Ids, code: str, payloads: dict[str, dict], outlets_of, known) -> None:
    master = payloads.get("ar") or next(iter(payloads.values()))
    me = ids("service", code)
    department = (master.get("department") or {}).get("code")
    authority = ids("organisation", department) if department in known["departments"] else None
    authority = authority or ids("organisation", MUNICIPALITY)
    descriptions = _texts({lang: _plain(p.get("description")) or p.get("summary") for lang, p in payloads.items()})
    node: dict = {
        "@id": me,
        "@type": "cpsv:PublicService",
        "identifier": code,
        "title": _both(payloads, "title"),
        "description": descriptions or _both(payloads, "title"),
        "language": [vocab.LANGUAGE[lang] for lang in LANGS if lang in payloads],
        "spatial": ids("place", PLACE),
        "hasCompetentAuthority": authority,
        # A status this export has no concept for is left out rather than pointing nowhere.
        "status": ids("service-status", master.get("status") or "available")
        if (master.get("status") or "available") in vocab.SERVICE_STATUSES
        else None,
        "page": [_document(graph, payloads[lang]["url"]) for lang in LANGS if payloads.get(lang, {}).get("url")],
    }
    keywords = {lang: p.get("keywords") for lang, p in payloads.items() if p.get("keywords")}
    if keywords:
        node["keyword"] = keywords
    node["audience"] = [ids("audience", a) for a in master.get("audiences") or [] if a in known["audiences"]]
    duration = processing_duration((payloads.get("en") or {}).get("processing_time"))
    if duration:
        node["processingTime"] = duration

    # Channels, and contact points: the service's own link or number on a channel, and the
    # outlets of its in-person channels (with their hours).
    channels, contacts = [], []
    for link in master.get("channels") or []:
        if link["code"] not in known["channels"]:
            continue
        channels.append(ids("channel", link["code"]))
        contacts.extend(outlets_of.get(link["code"], []))
        if link.get("url") or link.get("phone"):
            names = {
                lang: next((c["name"] for c in p.get("channels") or [] if c["code"] == link["code"]), "")
                for lang, p in payloads.items()
            }
            contact = {
                "@id": ids("contact-point", code, link["code"]),
                "@type": "cv:ContactPoint",
                "identifier": f"{code}/{link['code']}",
                "title": _texts(names) or {"en": link["code"]},
            }
            if link.get("url"):
                contact["contactPage"] = _document(graph, link["url"])
            if link.get("phone"):
                contact["telephone"] = link["phone"]
            contacts.append(graph.add(contact))
    node["hasChannel"] = channels
    node["contactPoint"] = list(dict.fromkeys(contacts))

    # Costs: one per fee (amount from the Arabic original, labels from each language); a free
    # service has one cost of 0 so that "free" is stated, not left unknown.
    costs = []
    fee_count = _longest(payloads, "fees")
    for n in range(max(fee_count, 1)):
        fee = ((master.get("fees") or [])[n : n + 1] or [{}])[0]
        if fee_count == 0:
            amount = master.get("fee_aed") or "0"
            labels = _in_both_languages(FREE if float(amount) == 0 else SERVICE_FEE)
        else:
            amount = fee.get("amount_aed") or "0"
            labels = {}
            for lang, payload in payloads.items():
                local = ((payload.get("fees") or [])[n : n + 1] or [{}])[0]
                text = local.get("label") or ""
                if local.get("exemptions"):
                    text = f"{text} — {local['exemptions']}" if text else local["exemptions"]
                labels[lang] = text
        costs.append(
            graph.add(
                {
                    "@id": ids("cost", code, n + 1),
                    "@type": "cv:Cost",
                    "identifier": f"{code}/cost/{n + 1}",
                    "hasValue": _money(amount),
                    "currency": vocab.CURRENCY_AED,
                    "description": _texts(labels),
                    "isDefinedBy": authority,
                }
            )
        )
    node["hasCost"] = costs

    # Requirements (the documents asked for), each with the evidence that proves it; a
    # downloadable form is the page of the evidence whose name it bears, or an evidence of its own.
    requirements, evidence = [], []
    by_title: dict[str, str] = {}
    for n in range(_longest(payloads, "documents")):
        names = _nth(payloads, "documents", n)
        if not names:
            continue
        requirement, proof = ids("requirement", code, n + 1), ids("evidence", code, n + 1)
        graph.add(
            {
                "@id": requirement,
                "@type": "cv:Requirement",
                "identifier": f"{code}/requirement/{n + 1}",
                "title": names,
                "hasSupportingEvidence": proof,
            }
        )
        graph.add(
            {
                "@id": proof,
                "@type": "cv:Evidence",
                "identifier": f"{code}/evidence/{n + 1}",
                "title": names,
                "supportsRequirement": requirement,
            }
        )
        requirements.append(requirement)
        evidence.append(proof)
        for name in names.values():
            by_title.setdefault(name.casefold(), proof)
    forms: dict[str, dict[str, dict]] = {}
    for lang, payload in payloads.items():
        for form in payload.get("forms") or []:
            forms.setdefault(form["code"], {})[lang] = form
    for form_code, by_lang in sorted(forms.items()):
        pages = [_document(graph, by_lang[lang]["url"]) for lang in LANGS if lang in by_lang]
        titles = _texts({lang: f["title"] for lang, f in by_lang.items()})
        proof = next((by_title[t.casefold()] for t in titles.values() if t.casefold() in by_title), None)
        if proof is not None:
            graph.nodes[proof].setdefault("page", []).extend(pages)
            continue
        proof = graph.add(
            {
                "@id": ids("evidence", code, "form", form_code),
                "@type": "cv:Evidence",
                "identifier": f"{code}/evidence/form/{form_code}",
                "title": titles or {"en": form_code},
                "page": pages,
            }
        )
        evidence.append(proof)
    node["holdsRequirement"] = requirements
    node["hasInput"] = evidence

    outputs = []
    for n in range(_longest(payloads, "outputs")):
        names = _nth(payloads, "outputs", n)
        if names:
            outputs.append(
                graph.add(
                    {
                        "@id": ids("output", code, n + 1),
                        "@type": "cv:Output",
                        "identifier": f"{code}/output/{n + 1}",
                        "title": names,
                    }
                )
            )
    node["produces"] = outputs
    graph.add({key: value for key, value in node.items() if value not in ([], {}, None, "")})


def services_jsonld(source: Source, site: Site) -> dict:
    """The live catalogue as one CPSV-AP 3.2.0 JSON-LD document (a flat ``@graph``)."""
    ids = Ids(site.base)
    graph = _Graph()
    _organisations(graph, ids, source, site)
    _reference_concepts(graph, ids, source)
    outlets_of = _channels(graph, ids, source)
    known = {
        "departments": set(source.departments),
        "channels": set(source.channels),
        "audiences": set(source.audiences),
    }
    for code, payloads in sorted(source.services.items()):
        if payloads:
            _service(graph, ids, code, payloads, outlets_of, known)
    # Empty lists would be dropped by any JSON-LD processor anyway; leave them out of the file.
    for node in graph.nodes.values():
        for key in [k for k, v in node.items() if v == []]:
            del node[key]
    return graph.document()


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _turtle_iri(iri: str) -> str:
    # IRIREF forbids a few characters; UCHAR escapes (\uXXXX) keep the IRI exactly as in the JSON-LD.
    return "<" + "".join(f"\\u{ord(c):04X}" if c in _IRI_ESCAPE or ord(c) <= 0x20 else c for c in iri) + ">"


_IRI_ESCAPE = set('<>"{}|^`\\')
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _turtle_string(value: str) -> str:
    return '"' + str(value).translate(_STRING_ESCAPES) + '"'


def _expand(term: str) -> str:
    prefix, _, rest = term.partition(":")
    return vocab.PREFIXES[prefix] + rest if prefix in vocab.PREFIXES and not rest.startswith("//") else term


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def turtle_from_document(document: dict) -> str:
    """The JSON-LD document's graph as Turtle, written straight from its flat nodes.

    rdflib takes minutes for 10,000 services (parsing the JSON-LD and serialising Turtle, about 5,000
    triples a second); the nodes here are flat and every term is in ``vocab.CONTEXT``, so writing
    them directly is exact and a hundred times faster. The tests read both files back with rdflib
    and check that the graphs are isomorphic.
    """
    out = io.StringIO()
    for prefix, namespace in vocab.PREFIXES.items():
        out.write(f"@prefix {prefix}: <{namespace}> .\n")
    context = vocab.CONTEXT
    for node in document["@graph"]:
        lines = []
        types = _as_list(node.get("@type", []))
        if types:
            lines.append("a " + ", ".join(_turtle_iri(_expand(t)) for t in types))
        for key, value in node.items():
            if key.startswith("@"):
                continue
            definition = context[key]
            if isinstance(definition, str):
                predicate, kind = definition, None
            else:
                predicate, kind = definition["@id"], definition.get("@type") or definition.get("@container")
            objects = []
            if kind == "@language":
                for lang, texts in value.items():
                    objects.extend(f"{_turtle_string(t)}@{lang}" for t in _as_list(texts))
            elif kind == "@id":
                objects.extend(_turtle_iri(v) for v in _as_list(value))
            elif kind:
                objects.extend(f"{_turtle_string(v)}^^{_turtle_iri(_expand(kind))}" for v in _as_list(value))
            else:
                objects.extend(_turtle_string(v) for v in _as_list(value))
            if objects:
                lines.append(_turtle_iri(_expand(predicate)) + " " + ", ".join(objects))
        if lines:
            out.write("\n" + _turtle_iri(node["@id"]) + "\n    " + " ;\n    ".join(lines) + " .\n")
    return out.getvalue()


# --- CSV ----------------------------------------------------------------------------------------


def _joined(values) -> str:
    return "|".join(str(v) for v in values or [])


def services_csv(source: Source) -> str:
    """The spreadsheet of docs/CONTRACTS.md §2, live services only; formula cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for code, payloads in sorted(source.services.items()):
        master = payloads.get("ar") or next(iter(payloads.values()), None)
        if master is None:
            continue
        row = {
            "code": code,
            "department": (master.get("department") or {}).get("code", ""),
            "channels": _joined(c["code"] for c in master.get("channels") or []),
            "audiences": _joined(master.get("audiences")),
            "fee_aed": master.get("fee_aed") or "0.00",
            "e_payment": "yes" if master.get("e_payment") else "no",
            "uae_pass": "yes" if master.get("uae_pass") else "no",
            "status": "published",
        }
        for lang in LANGS:
            payload = payloads.get(lang) or {}
            row[f"title_{lang}"] = payload.get("title", "")
            row[f"summary_{lang}"] = payload.get("summary", "")
            row[f"description_{lang}"] = payload.get("description", "")
            row[f"processing_time_{lang}"] = payload.get("processing_time", "")
            row[f"documents_{lang}"] = _joined(payload.get("documents"))
            row[f"steps_{lang}"] = _joined(payload.get("steps"))
            row[f"keywords_{lang}"] = _joined(payload.get("keywords"))
        writer.writerow([neutralise(str(row[column] or "")) for column in CSV_COLUMNS])
    # A byte-order mark so that spreadsheet programs read the Arabic as UTF-8.
    return "\ufeff" + buffer.getvalue()


# --- DCAT-AP ------------------------------------------------------------------------------------

DISTRIBUTIONS = (
    # (slug, file name, IANA media type, EU file type)
    ("services-jsonld", "services.jsonld", "application/ld+json", "JSON_LD"),
    ("services-turtle", "services.ttl", "text/turtle", "RDF_TURTLE"),
    ("services-csv", "services.csv", "text/csv", "CSV"),
)


def catalog_jsonld(source: Source, site: Site, *, api_base: str, landing_page: dict[str, str]) -> dict:
    """A DCAT-AP record of the datasets: publisher, licence, modified date and distributions."""
    ids = Ids(site.base)
    graph = _Graph()
    _organisations(graph, ids, Source(), site)
    publisher = ids("organisation", MUNICIPALITY)
    modified = (source.modified or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC)
    modified_text = modified.isoformat().replace("+00:00", "Z")
    graph.add({"@id": site.licence, "@type": "dct:LicenseDocument"})
    pages = [_document(graph, url) for url in landing_page.values()]
    for lang, iri in vocab.LANGUAGE.items():
        graph.add({"@id": iri, "@type": "dct:LinguisticSystem", "identifier": lang})
    distributions = []
    for slug, name, media_type, file_type in DISTRIBUTIONS:
        url = f"{api_base}/{name}"
        distributions.append(
            graph.add(
                {
                    "@id": ids("distribution", slug),
                    "@type": "dcat:Distribution",
                    "identifier": slug,
                    "title": _in_both_languages(DISTRIBUTION_TITLE, file=name),
                    "accessURL": url,
                    "downloadURL": url,
                    "mediaType": vocab.MEDIA_TYPE + media_type,
                    "format": vocab.FILE_TYPE + file_type,
                    "license": site.licence,
                    "conformsTo": vocab.CPSV_AP_SPEC if file_type != "CSV" else None,
                    "modified": modified_text,
                }
            )
        )
    dataset = ids("dataset", "services")
    graph.add(
        {
            "@id": dataset,
            "@type": "dcat:Dataset",
            "identifier": "services",
            "title": _in_both_languages(DATASET_TITLE),
            "description": _in_both_languages(DATASET_DESCRIPTION),
            "publisher": publisher,
            "license": site.licence,
            "modified": modified_text,
            "language": list(vocab.LANGUAGE.values()),
            "spatial": ids("place", PLACE),
            "theme": vocab.DATA_THEME_GOVERNMENT,
            "landingPage": pages,
            "conformsTo": vocab.CPSV_AP_SPEC,
            "distribution": distributions,
        }
    )
    graph.add(
        {
            "@id": ids("catalog"),
            "@type": "dcat:Catalog",
            "identifier": "catalog",
            "title": _in_both_languages(CATALOG_TITLE),
            "description": _in_both_languages(CATALOG_DESCRIPTION),
            "publisher": publisher,
            "license": site.licence,
            "modified": modified_text,
            "language": list(vocab.LANGUAGE.values()),
            "homepage": pages[0] if pages else site.base + "/",
            "dataset": [dataset],
        }
    )
    for node in graph.nodes.values():
        for key in [k for k, v in node.items() if v in ([], None)]:
            del node[key]
    return graph.document()
