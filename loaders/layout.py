"""What each line of the catalogue is, judged from its own text: title, theme, date, amount, badge…"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .text import fold, is_upper_text, letters, strip_markup

MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
}
_MONTH_NAMES = "|".join(MONTHS)
DATE_PATTERN = (rf"(?:\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*\d{{4}}|\d{{1,2}}\s*/\s*\d{{4}}"
                rf"|(?:{_MONTH_NAMES})\s+\d{{4}}|\d{{4}})")
STATUS_RE = re.compile(
    rf"^(?P<state>attiv[oa]|conclus[oa]|in corso)?\s*"
    rf"(?:(?:dal|da|dall')\s*(?P<start>{DATE_PATTERN}))?\s*"
    rf"(?:(?:al|a|fino al)\s*(?P<end>{DATE_PATTERN}))?\s*$",
    re.IGNORECASE,
)
AMOUNT_RE = re.compile(r"^(?:(?:€|eur|euro)\s*)?\d[\d.,\s]*\d\s*(?:€|eur|euro)?$", re.IGNORECASE)
# A budget line as the OCR misread it (letters for digits: O for 0, l or I for 1, S for 5, B for 8) or with a minus
# sign: taken as a budget line, so parse_amount says what is wrong instead of the line passing as body text.
_FIGURES = r"[-–−]?(?=\D*\d)[\d.,'\sOIlSB]+"  # a lookahead for the digit: one pass, however long the line
_MISPRINTED_AMOUNT_RE = re.compile(rf"^(?:(?:€|eur\b|euro\b)\s*{_FIGURES}|{_FIGURES}(?:€|eur|euro))$", re.IGNORECASE)
AMOUNT_PENDING_RE = re.compile(r"^(?:in (?:via di )?definizione|da definire|n\.?\s*d\.?)$", re.IGNORECASE)
PAGE_NUMBER_RE = re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$")


class Kind(enum.Enum):
    BLANK = "blank"
    TOC_HEADER = "toc-header"
    SECTION = "section"
    BADGE = "badge"
    STATUS = "status"
    AMOUNT = "amount"
    NOISE = "noise"  # page numbers and OCR specks
    HEADING = "heading"  # a line set in capitals: a title or a theme label
    TEXT = "text"


@dataclass(frozen=True)
class Layout:
    """The layout vocabulary of an edition (from `knowledge/layout.yaml`)."""

    sections: dict[str, str]  # folded header → ongoing|planned|completed
    badges: frozenset[str]  # folded badge texts
    toc_headers: frozenset[str]
    service_title_words: frozenset[str]
    project_title_words: frozenset[str]

    @classmethod
    def from_mapping(cls, data: dict) -> Layout:
        return cls(
            sections={fold(h): section for section, headers in data["sections"].items() for h in headers},
            badges=frozenset(fold(b) for b in data["badges"]),
            toc_headers=frozenset(fold(h) for h in data["toc_headers"]),
            service_title_words=frozenset(fold(w) for w in data["service_title_words"]),
            project_title_words=frozenset(fold(w) for w in data["project_title_words"]),
        )

    def section_of(self, text: str) -> str | None:
        """The section a header line opens, tolerating OCR slips."""
        key = fold(strip_markup(text))
        if not key or not is_upper_text(text):
            return None
        if key in self.sections:
            return self.sections[key]
        best = max(self.sections, key=lambda h: fuzz.ratio(key, h))
        return self.sections[best] if len(key) >= 8 and fuzz.ratio(key, best) >= 90 else None

    def is_badge(self, text: str) -> bool:
        key = fold(strip_markup(text))
        return key in self.badges or ("ancilab" in key and len(key.split()) <= 5 and is_upper_text(text))

    def classify(self, text: str) -> Kind:
        return _classify(self, text)


def _classify(layout: Layout, text: str) -> Kind:
    stripped = strip_markup(text).strip()
    if not stripped:
        return Kind.BLANK
    key = fold(stripped)
    if key in layout.toc_headers:
        return Kind.TOC_HEADER
    if layout.section_of(stripped):
        return Kind.SECTION
    if layout.is_badge(stripped):
        return Kind.BADGE
    if is_status(stripped):
        return Kind.STATUS
    if is_amount(stripped):
        return Kind.AMOUNT
    if is_noise(stripped):
        return Kind.NOISE
    if is_upper_text(stripped):
        return Kind.HEADING
    return Kind.TEXT


@lru_cache(maxsize=4096)
def is_status(text: str) -> bool:
    """A card's date line.

    >>> [is_status(t) for t in ("ATTIVO DAL 27/11/2020", "DA APRILE 2018 AL 31/12/2020", "ATTIVO", "ATTIVITÀ")]
    [True, True, True, False]
    """
    match = STATUS_RE.match(" ".join(text.split()))  # single spaces: runs of them would make the pattern backtrack
    return bool(match and any(match.group(g) for g in ("state", "start", "end")))


def is_amount(text: str) -> bool:
    """A card's budget line, including the 'not yet defined' forms and misprinted ones.

    >>> [is_amount(t) for t in ("8.739.950,00 €", "€ 00,000,008", "IN VIA DI DEFINIZIONE", "2.O9O.OOO,OO €", "2021")]
    [True, True, True, True, False]
    """
    text = text.strip()
    if AMOUNT_PENDING_RE.match(text) or _MISPRINTED_AMOUNT_RE.match(text):
        return True
    return bool(AMOUNT_RE.match(text)) and ("€" in text or "eur" in text.lower()
                                             or re.search(r"\d[.,]\d{3}[.,]", text) is not None)


def is_noise(text: str) -> bool:
    """Page numbers and specks the OCR read off images.

    >>> [is_noise(t) for t in ("24", "- 2", "J.", "DoteComune")]
    [True, True, True, False]
    """
    text = text.strip()
    return bool(PAGE_NUMBER_RE.match(text)) or (len(text) <= 3 and len(letters(text)) <= 2)


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER_RE.match(text.strip()))
