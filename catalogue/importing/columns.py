"""Column names of the service spreadsheet and the cell conventions shared by import and export."""

from decimal import Decimal, InvalidOperation

from common.contract import SERVICE_COLUMNS  # noqa: F401  (the catalogue's name for it)

LIST_COLUMNS = (
    "channels",
    "audiences",
    "documents_ar",
    "documents_en",
    "steps_ar",
    "steps_en",
    "keywords_ar",
    "keywords_en",
)
STATUSES = ("published", "draft", "withdrawn")
SEPARATOR = "|"
_TRUE = {"yes", "true", "1", "نعم", "y"}
_FALSE = {"no", "false", "0", "لا", "n"}
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def join_list(values) -> str:
    return SEPARATOR.join(values)


def parse_bool(value: str) -> bool | None:
    """``yes``/``no`` and the spellings the contract allows; None when it is none of them."""
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def format_bool(value: bool) -> str:
    return "yes" if value else "no"


def parse_fee(value: str) -> Decimal | None:
    """A fee in dirhams: ≥ 0, at most two decimals, Arabic-Indic digits allowed; None if bad."""
    text = value.strip().translate(_ARABIC_DIGITS)
    # No fee is written with more characters; 60 digits or "1e400" are refused before arithmetic.
    if not text or len(text) > 40:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    # The bound comes first: quantize() raises on numbers of more digits than the context holds.
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e8"):
        return None
    if amount != amount.quantize(Decimal("0.01")):
        return None
    return amount


def format_fee(amount: Decimal) -> str:
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount:.2f}"
