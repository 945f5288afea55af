"""The vocabularies of the open-data export: namespaces, the JSON-LD context, EU authority IRIs."""

from django.utils.translation import gettext_lazy as _

CPSV = "http://purl.org/vocab/cpsv#"
CV = "http://data.europa.eu/m8g/"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LOCN = "http://www.w3.org/ns/locn#"
TIME = "http://www.w3.org/2006/time#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ADMS = "http://www.w3.org/ns/adms#"

PREFIXES = {
    "cpsv": CPSV,
    "cv": CV,
    "dct": DCT,
    "dcat": DCAT,
    "foaf": FOAF,
    "org": ORG,
    "skos": SKOS,
    "locn": LOCN,
    "time": TIME,
    "schema": SCHEMA,
    "xsd": XSD,
    "adms": ADMS,
}

# The class CPSV-AP 3.2.0 gives the range of a public organisation's dct:spatial.
ATU_TYPE = "http://data.europa.eu/88u/dataset/atu-type"
# EU Publications Office authority tables (the identifiers CPSV-AP and DCAT-AP recommend).
LANGUAGE = {
    "ar": "http://publications.europa.eu/resource/authority/language/ARA",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
CURRENCY_AED = "http://publications.europa.eu/resource/authority/currency/AED"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
DATA_THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
CPSV_AP_SPEC = "https://semiceu.github.io/CPSV-AP/releases/3.2.0/"

# schema.org days, Monday first (the catalogue's weekday 0 is Monday).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Names of the catalogue's channel types and service statuses, in both languages.
CHANNEL_TYPES = {
    "in-person": _("In person"),
    "self-service": _("Self-service"),
    "drive-through": _("Drive-through"),
    "online": _("Online"),
    "smart-app": _("Smart app"),
    "remote": _("Remote"),
    "mobile": _("Mobile"),
}
SERVICE_STATUSES = {
    "available": _("Available"),
    "temporarily-unavailable": _("Temporarily unavailable"),
}


def _iri(term: str) -> dict:
    return {"@id": term, "@type": "@id"}


def _text(term: str) -> dict:
    return {"@id": term, "@container": "@language"}


# One inline context (a harvester never fetches it): texts are language maps, links are IRIs.
CONTEXT = {
    **PREFIXES,
    "identifier": "dct:identifier",
    "title": _text("dct:title"),
    "description": _text("dct:description"),
    "prefLabel": _text("skos:prefLabel"),
    "keyword": _text("dcat:keyword"),
    "fullAddress": _text("locn:fullAddress"),
    "language": _iri("dct:language"),
    "audience": _iri("dct:audience"),
    "spatial": _iri("dct:spatial"),
    "type": _iri("dct:type"),
    "status": _iri("adms:status"),
    "inScheme": _iri("skos:inScheme"),
    "subOrganizationOf": _iri("org:subOrganizationOf"),
    "homepage": _iri("foaf:homepage"),
    "page": _iri("foaf:page"),
    "address": _iri("locn:address"),
    "hasCompetentAuthority": _iri("cv:hasCompetentAuthority"),
    "hasChannel": _iri("cv:hasChannel"),
    "hasCost": _iri("cv:hasCost"),
    "holdsRequirement": _iri("cv:holdsRequirement"),
    "hasSupportingEvidence": _iri("cv:hasSupportingEvidence"),
    "supportsRequirement": _iri("cv:supportsRequirement"),
    "hasInput": _iri("cpsv:hasInput"),
    "produces": _iri("cpsv:produces"),
    "contactPoint": _iri("cv:contactPoint"),
    "contactPage": _iri("cv:contactPage"),
    "ownedBy": _iri("cv:ownedBy"),
    "openingHours": _iri("cv:openingHours"),
    "specialOpeningHoursSpecification": _iri("cv:specialOpeningHoursSpecification"),
    "isDefinedBy": _iri("cv:isDefinedBy"),
    "currency": _iri("cv:currency"),
    "telephone": "cv:telephone",
    "hasValue": {"@id": "cv:hasValue", "@type": "xsd:double"},
    "processingTime": {"@id": "cv:processingTime", "@type": "xsd:duration"},
    "dayOfWeek": _iri("schema:dayOfWeek"),
    "opens": {"@id": "schema:opens", "@type": "xsd:time"},
    "closes": {"@id": "schema:closes", "@type": "xsd:time"},
    "validFrom": {"@id": "schema:validFrom", "@type": "xsd:date"},
    "validThrough": {"@id": "schema:validThrough", "@type": "xsd:date"},
    "latitude": {"@id": "schema:latitude", "@type": "xsd:double"},
    "longitude": {"@id": "schema:longitude", "@type": "xsd:double"},
    # DCAT-AP (catalog.jsonld)
    "publisher": _iri("dct:publisher"),
    "license": _iri("dct:license"),
    "modified": {"@id": "dct:modified", "@type": "xsd:dateTime"},
    "dataset": _iri("dcat:dataset"),
    "distribution": _iri("dcat:distribution"),
    "accessURL": _iri("dcat:accessURL"),
    "downloadURL": _iri("dcat:downloadURL"),
    "mediaType": _iri("dcat:mediaType"),
    "format": _iri("dct:format"),
    "conformsTo": _iri("dct:conformsTo"),
    "landingPage": _iri("dcat:landingPage"),
    "theme": _iri("dcat:theme"),
}
