"""Small text helpers shared by the loader stages."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKUP = re.compile(r"\*\*")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, single spaces: the key used to compare labels.

    >>> fold("  Parità  di GENERE ")
    'parita di genere'
    """
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.lower()).strip()


def strip_markup(text: str) -> str:
    """Drop the `**bold**` markers the PDF export left in titles and themes."""
    return _SPACES.sub(" ", _MARKUP.sub("", text)).strip()


def letters(text: str) -> list[str]:
    return _LETTER.findall(text)


def is_upper_text(text: str) -> bool:
    """True for a line set in capitals, as card titles and theme labels are.

    >>> is_upper_text("P.I.C.C.O.L.I.")
    True
    >>> is_upper_text("Regione Lombardia")
    False
    """
    sample = strip_markup(text[:400])  # a heading is short; a long line is body text whatever its start
    upper = sum(map(str.isupper, sample))
    cased = upper + sum(map(str.islower, sample))
    return cased >= 2 and upper / cased >= 0.85


def slugify(text: str, max_words: int = 8) -> str:
    """A lower-case, dash-separated identifier.

    >>> slugify("Centri di Competenza: supporto ai Comuni (2024)")
    'centri-di-competenza-supporto-ai-comuni-2024'
    """
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(words[:max_words]) or "card"
