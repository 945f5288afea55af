"""The search document of a service (see search/documents.py for the shared fields)."""

from search.documents import SearchDocument, register


@register
class ServiceSearchDocument(SearchDocument):
    """A live service: also searchable by its department, required documents and steps."""

    type_name = "service"

    @classmethod
    def extra_text(cls, payload: dict) -> list[str]:
        department = payload.get("department") or {}
        return [
            str(department.get("name") or ""),
            *(str(d) for d in payload.get("documents") or []),
            *(str(s) for s in payload.get("steps") or []),
            str(payload.get("processing_time") or ""),
        ]
