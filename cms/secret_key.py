"""How strong a ``SECRET_KEY`` is: production refuses to start with a weak one, and
``check --deploy`` reports it (docs/security.md).

Plain Python, no Django imports: ``cms/settings.py`` uses it before Django is set up.
"""

import math
from collections import Counter

# Values that appear in our own files or in Django's, and words a person types into a
# placeholder; a key drawn at random contains none of them by chance.
PLACEHOLDER_KEYS = frozenset(
    {
        "change-me-to-a-random-string-of-at-least-50-characters",
    }
)
PLACEHOLDER_WORDS = ("change", "secret", "password", "example", "placeholder", "insecure", "replace", "random")
MIN_LENGTH = 50
# Django's get_random_secret_key() (50 characters out of 50) shows about 32 distinct characters
# and 4.9 bits of Shannon entropy per character; a phrase or a repeated pattern shows far fewer.
MIN_DISTINCT_CHARACTERS = 24
MIN_BITS_PER_CHARACTER = 4.0


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is too weak to sign sessions and tokens in production, or None if it is fine."""
    if len(key) < MIN_LENGTH:
        return f"it is shorter than {MIN_LENGTH} characters"
    lowered = key.lower()
    if key in PLACEHOLDER_KEYS or lowered.startswith("django-insecure-"):
        return "it is a published placeholder"
    for word in PLACEHOLDER_WORDS:
        if word in lowered:
            return f"it contains the word “{word}”, so it was typed rather than generated"
    counts = Counter(key)
    if len(counts) < MIN_DISTINCT_CHARACTERS:
        return f"it uses only {len(counts)} distinct characters"
    bits = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    if bits < MIN_BITS_PER_CHARACTER:
        return f"it has {bits:.1f} bits of entropy per character"
    return None
