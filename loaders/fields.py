"""Parsers for single card fields: amounts, dates, publications, and the casing of titles."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from .layout import AMOUNT_PENDING_RE, DATE_PATTERN, MONTHS, STATUS_RE
from .text import fold, is_upper_text, strip_markup


class FieldError(ValueError):
    """A field whose text could not be read; the message says why."""


def parse_amount(raw: str) -> Decimal | None:
    """Euros from a printed amount; None when the amount is not defined yet.

    >>> [parse_amount(t) for t in ("8.739.950,00 €", "60,000,00 €", "525.000.00€", "€ 00,000,008")]
    [Decimal('8739950.00'), Decimal('60000.00'), Decimal('525000.00'), Decimal('800000.00')]
    >>> parse_amount("IN VIA DI DEFINIZIONE") is None
    True
    """
    text = strip_markup(raw)  # as the layout saw it when it took the line for an amount
    if AMOUNT_PENDING_RE.match(text):
        return None
    digits = re.sub(r"(?i)[€\s]|\beur(?:o)?\b", "", text)
    if re.match(r"[-–−]\d", digits):
        raise FieldError(f"amount {raw!r} is negative")
    if not re.fullmatch(r"[\d.,]+", digits) or not re.search(r"\d", digits):
        raise FieldError(f"amount {raw!r} is not a number")
    if re.match(r"0\d", digits):
        # Printed mirrored ("€ 00,000,008" is "800.000,00 €" read right to left): leading zeros give it away
        # (a single zero before a separator is an amount under one euro, "0,50 €").
        digits = digits[::-1]
    groups = re.split(r"[.,]", digits)
    decimals = "00"
    if len(groups) > 1 and len(groups[-1]) in (1, 2):
        decimals = groups.pop().ljust(2, "0")
    if not groups[0] or len(groups[0]) > 3 and len(groups) > 1 or any(len(g) != 3 for g in groups[1:]):
        raise FieldError(f"amount {raw!r} has misplaced thousands separators")
    return Decimal(f"{''.join(groups)}.{decimals}")


def parse_date(text: str) -> str | None:
    """ISO date (YYYY-MM-DD) or month (YYYY-MM) from a printed date; None for a bare year.

    >>> [parse_date(t) for t in ("27/11/2020", "02/2024", "APRILE 2018", "2021")]
    ['2020-11-27', '2024-02', '2018-04', None]
    """
    text = " ".join(text.split()).lower().replace(" / ", "/")
    if m := re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", text):
        day, month, year = (int(g) for g in m.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError as exc:
            raise FieldError(f"{text!r} is not a calendar date") from exc
    if m := re.fullmatch(r"(\d{1,2})\s*/\s*(\d{4})", text):
        month, year = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise FieldError(f"{text!r} has no month {month}")
        return f"{year:04d}-{month:02d}"
    if m := re.fullmatch(rf"({'|'.join(MONTHS)})\s+(\d{{4}})", text):
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1)]:02d}"
    if m := re.fullmatch(r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})", text):
        return parse_date(f"{m.group(1)}/{MONTHS[m.group(2)]}/{m.group(3)}")
    if re.fullmatch(r"\d{4}", text):
        return None
    raise FieldError(f"{text!r} is not a date")


def parse_status(raw: str) -> tuple[str | None, str | None]:
    """Start and end from a card's date line.

    >>> parse_status("DAL 09/09/2017 AL 11/2019")
    ('2017-09-09', '2019-11')
    >>> parse_status("ATTIVO")
    (None, None)
    """
    m = STATUS_RE.match(strip_markup(raw))  # as the layout saw it; single spaces, or the pattern backtracks
    if not m:
        raise FieldError(f"date line {raw!r} not understood")
    return (parse_date(m.group("start")) if m.group("start") else None,
            parse_date(m.group("end")) if m.group("end") else None)


_LONG_DATE = rf"(?:\d{{1,2}}\s+(?:{'|'.join(MONTHS)})\s+\d{{4}}|{DATE_PATTERN})"
_END_IN_BODY = re.compile(
    rf"\b(?:durer[àa]|si prolungher[àa]|proseguir[àa]|terminer[àa]|si concluder[àa]|scadr[àa]|avr[àa] durata)"
    rf"\s+(?:sino|fino)\s+(?P<whole>a tutto il|a tutto l'anno)?\s*(?:al\s+|all'\s*)?(?P<date>{_LONG_DATE})",
    re.IGNORECASE,
)
_START_IN_BODY = re.compile(
    rf"\bnel mese di\s+(?P<month>{'|'.join(MONTHS)})\s+(?P<year>\d{{4}})[^.]{{0,160}}?"
    rf"\b(?:sottoscritt|siglat|firmat|stipulat)\w*",
    re.IGNORECASE,
)


def dates_in_body(text: str) -> tuple[str | None, str | None]:
    """Start and end stated in prose, for cards without a date line.

    >>> dates_in_body("Nel mese di aprile 2024 le parti hanno sottoscritto un Accordo, "
    ...               "che durerà sino al 31 dicembre 2026.")
    ('2024-04', '2026-12-31')
    >>> dates_in_body("L'iniziativa, che si prolungherà fino a tutto il 2025, ha come obiettivo")
    (None, '2025-12-31')
    """
    text = " ".join(text.split())  # single spaces: runs of them would make the patterns backtrack
    start = end = None
    if m := _START_IN_BODY.search(text):
        start = f"{m.group('year')}-{MONTHS[m.group('month').lower()]:02d}"
    if m := _END_IN_BODY.search(text):
        printed = m.group("date")
        if re.fullmatch(r"\d{4}", printed):
            end = f"{printed}-12-31" if m.group("whole") else None
        else:
            try:
                end = parse_date(printed)
            except FieldError:
                end = None
    return start, end


_QUOTED_START = re.compile(r"^[\"“”«'‘]")
_PUBLICATION_MARK = re.compile(
    r"[,.]?\s*(?:volume|pubblicazione|e-?book|report|quaderno|guida|dossier|manuale)?\s*"
    r"(?:finale\s+)?(?:a cura d\w*|nell'ambito del progetto|edito da)\b.*$",
    re.IGNORECASE,
)
_INLINE_PUBLICATION = re.compile(
    r"\b(?:e-?book|volume|pubblicazion[ei]|paper(?: informativo)?|report|quaderno|guida|manuale|dossier)"
    r"(?:\s+dal titolo|\s+intitolat[oa])?\s*[\"“«]([^\"”»]{5,220})[\"”»]"
    r"(?:\s+e\s+[\"“«]([^\"”»]{5,220})[\"”»])?",
    re.IGNORECASE,
)


def is_publication_line(text: str) -> bool:
    """A caption under a book cover: the quoted title, then 'volume a cura di …'."""
    stripped = text.strip()
    return bool(_QUOTED_START.match(stripped)) and bool(
        re.search(r"\b(?:a cura d|pubblicazione finale|volume|e-?book)", stripped, re.IGNORECASE))


def publication_title(text: str) -> str:
    """The title part of a publication caption.

    >>> publication_title('"Norme e modelli di gestione", volume a cura di AnciLab Editore.')
    'Norme e modelli di gestione'
    """
    title = _PUBLICATION_MARK.sub("", " ".join(text.split()))  # single spaces: runs of them make it backtrack
    title = title.replace(" _ ", " – ")
    return " ".join(re.sub(r"[\"“”«»]", "", title).split()).strip(" ,.;:")


def inline_publications(text: str) -> list[str]:
    """Titles of publications named in running text ('l'E-book dal titolo "…"')."""
    found = []
    for m in _INLINE_PUBLICATION.finditer(text):
        found.extend(" ".join(g.split()).strip(" ,.;:") for g in m.groups() if g)
    return found


class Casing:
    """How words are usually written in the catalogue's running text, to set capitalised titles in it."""

    def __init__(self, lines: Iterable[str], names: Iterable[str] = ()) -> None:
        counts: dict[str, Counter] = {}
        for line in lines:
            if is_upper_text(line):
                continue
            for sentence in re.split(r"(?<=[.!?:])\s+", line):
                for n, word in enumerate(re.findall(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9+]+", sentence)):
                    if n == 0:
                        continue  # the first word of a sentence is capitalised whatever it is
                    counts.setdefault(fold(word), Counter())[word] += 1
        self._forms = {key: forms.most_common(1)[0][0] for key, forms in counts.items()}
        for name in names:  # proper names the loader knows, for words the document itself does not use
            for word in re.findall(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9+]+", name):
                if word[:1].isupper() and len(word) > 3:
                    self._forms.setdefault(fold(word), word)

    def title(self, text: str) -> str:
        """A title printed in capitals, written as in running text.

        >>> Casing(["le concessioni di Stogit e Regione Lombardia"]).title("CONCESSIONI STOGIT IN REGIONE LOMBARDIA")
        'Concessioni Stogit in Regione Lombardia'
        """
        if not is_upper_text(text):
            return text
        out = []
        first = True
        pieces = re.split(r"([A-Za-zÀ-ÖØ-öø-ÿ0-9+]+)", text)
        for n, piece in enumerate(pieces):
            if not piece or not re.match(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]", piece):
                out.append(piece)
                continue
            if len(piece) == 1 and "." in (pieces[n + 1][:1] if n + 1 < len(pieces) else ""):
                out.append(piece)  # a letter of a dotted acronym: P.I.C.C.O.L.I.
                first = False
                continue
            form = self._forms.get(fold(piece))
            if form is not None and form.lower() != piece.lower():
                form = None  # same letters but other accents: "È" (is) is not "e" (and)
            if form is None:
                form = piece if _looks_like_acronym(piece) else piece.lower()
            if first:
                form = form[:1].upper() + form[1:]
                first = False
            out.append(form)
        return "".join(out)


def _looks_like_acronym(word: str) -> bool:
    return len(word) <= 5 and (not re.search(r"[AEIOUÀÈÉÌÒÙ]", word) or any(ch.isdigit() for ch in word))
