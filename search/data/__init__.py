"""Data files of search: the Arabic and English lexicons (search/text.py) and the starter synonyms."""

from pathlib import Path

DATA = Path(__file__).resolve().parent
SYNONYMS_FILE = DATA / "synonyms.tsv"
