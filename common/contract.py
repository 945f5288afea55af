"""Names fixed by docs/CONTRACTS.md that more than one app writes: kept once, here."""

# §2: the service spreadsheet's columns, in export order (the catalogue's import and export, and
# the open-data CSV).
SERVICE_COLUMNS = (
    "code",
    "department",
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "description_ar",
    "description_en",
    "channels",
    "audiences",
    "fee_aed",
    "processing_time_ar",
    "processing_time_en",
    "documents_ar",
    "documents_en",
    "steps_ar",
    "steps_en",
    "e_payment",
    "uae_pass",
    "keywords_ar",
    "keywords_en",
    "status",
)
