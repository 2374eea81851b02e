"""The loader as one call: bytes of a catalogue → records and diagnostics."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from .decode import REPLACEMENT, decode
from .entities import Recogniser
from .fields import Casing
from .knowledge import Knowledge
from .model import Card, Diagnostic, Extraction, Record, Source
from .records import CardContext, to_record
from .segment import segment
from .text import slugify, strip_markup

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # tab stays: the contents need it
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")  # soft hyphens, zero-width marks, stray BOMs


def extract(data: bytes, *, name: str, knowledge: Knowledge, recogniser: Recogniser | None = None) -> Extraction:
    """Read a catalogue and return one record per card, plus everything worth reporting.

    Raises `UnreadableInput` when the bytes are not a text catalogue at all.
    """
    decoded = decode(data)
    lines = decoded.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    lines, cleaning = _cleaned(lines)
    segmentation = segment(lines, knowledge.layout, knowledge.themes)
    cards = _with_borrowed_badges(segmentation.cards)
    printed_themes = [" ".join(strip_markup(line.text) for line in card.theme) for card in cards if card.theme]
    context = CardContext(
        layout=knowledge.layout,
        themes=knowledge.themes.with_printed(printed_themes),
        casing=Casing(lines, names=_known_names(knowledge)),
        recogniser=recogniser or Recogniser(knowledge),
    )
    diagnostics: list[Diagnostic] = [*cleaning, *segmentation.diagnostics]
    records: list[Record] = []
    rejected: list[Diagnostic] = []
    ids = _record_ids(cards)
    seen: dict[tuple[str, ...], Card] = {}
    for card, record_id in zip(cards, ids, strict=True):
        if not card.title and not card.toc_title:
            reason = Diagnostic(line=card.line_start, line_end=card.line_end, level="error", code="card-rejected",
                                message="card has no title and the table of contents does not name it")
            rejected.append(reason)
            continue
        if (first := seen.setdefault(tuple(line.text for line in card.lines), card)) is not card:
            # Kept (the reader decides which copy goes), but said: both would count in the graph.
            diagnostics.append(Diagnostic(line=card.line_start, line_end=card.line_end, code="duplicate-card",
                                          message=f"card repeats lines {first.line_start}-{first.line_end} word "
                                                  "for word"))
        record, card_diagnostics = to_record(card, context, record_id)
        records.append(record)
        diagnostics.extend(card_diagnostics)
    corrected, curation = knowledge.corrections.apply(records, knowledge)
    diagnostics.extend(curation)
    diagnostics.extend(rejected)
    source = Source(name=name, encoding=decoded.encoding, newline=decoded.newline, lines=len(lines),
                    sha256=hashlib.sha256(data).hexdigest(), contents=segmentation.toc_lines)
    return Extraction(source=source, records=corrected, diagnostics=tuple(diagnostics),
                      cards_found=len(cards), rejected=tuple(rejected))


def _cleaned(lines: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """The lines without control and invisible characters (they hide words from every pattern).

    Lines that had some, and lines with characters the decoder could not read, are reported.
    """
    diagnostics = []
    if not any(_CONTROL.search(line) or _INVISIBLE.search(line) or REPLACEMENT in line for line in lines):
        return lines, diagnostics
    out = []
    for number, line in enumerate(lines, start=1):
        clean = _INVISIBLE.sub("", _CONTROL.sub(" ", line))
        if removed := len(_CONTROL.findall(line)) + len(_INVISIBLE.findall(line)):
            diagnostics.append(Diagnostic(line=number, level="info", code="control-characters",
                                          message=f"{removed} control or invisible characters removed"))
        if unreadable := line.count(REPLACEMENT):
            diagnostics.append(Diagnostic(line=number, code="undecodable-bytes",
                                          message=f"{unreadable} characters could not be decoded (shown as U+FFFD)"))
        out.append(clean)
    return out, diagnostics


def _known_names(knowledge: Knowledge) -> list[str]:
    return [phrase.text for registry in (knowledge.organizations, knowledge.programmes) for phrase in registry.phrases]


def _with_borrowed_badges(cards: tuple[Card, ...]) -> list[Card]:
    """Badges printed in a row after a card belong to it and to the cards just before it (one each)."""
    out = list(cards)
    for n, card in enumerate(cards):
        for back in range(1, card.badge_for_previous + 1):
            if n - back >= 0 and not out[n - back].badges:
                previous = out[n - back]
                out[n - back] = Card(**{**previous.__dict__, "badges": card.badges[-1:]})
    return out


def _record_ids(cards: list[Card]) -> list[str]:
    """Slugs of the titles; where two cards share a title, the start year (or section) tells them apart."""
    base = [slugify(_raw_title(card)) for card in cards]
    counts = Counter(base)
    ids = []
    for card, slug in zip(cards, base, strict=True):
        if counts[slug] > 1:
            year = _start_year(card)
            slug = f"{slug}-{year}" if year else f"{slug}-{card.section}"
        ids.append(slug)
    seen: Counter = Counter()
    out = []
    for slug in ids:
        seen[slug] += 1
        out.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return out


def _raw_title(card: Card) -> str:
    if card.title:
        return " ".join(strip_markup(line.text) for line in card.title)
    return card.toc_title or " ".join(line.text for line in card.theme) or f"card-{card.line_start}"


def _start_year(card: Card) -> str | None:
    import re

    if card.status and (m := re.search(r"\b(\d{4})\b", card.status.text)):
        return m.group(1)
    return None
