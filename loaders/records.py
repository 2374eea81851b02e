"""Stage 2: one card → one record, with every field that could not be read turned into a diagnostic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .entities import Recogniser
from .fields import (
    Casing,
    FieldError,
    dates_in_body,
    inline_publications,
    is_publication_line,
    parse_amount,
    parse_status,
    publication_title,
)
from .layout import Layout, is_noise
from .model import Card, Diagnostic, Record
from .passage import Passage
from .text import fold, strip_markup
from .themes import ThemeVocabulary

_ANCILAB = re.compile(r"\bAnci\s*-?\s*Lab\b(?!\s+Editore)", re.IGNORECASE)
_LIST_LINE = re.compile(r"^\s*(?:[-–•]|\d{1,2}\s)")
_YEAR_ONLY = re.compile(r"\b(?:DALL?|DA|AL)\s+\d{4}\b", re.IGNORECASE)
_MAX_BUDGET = Decimal(10) ** 12  # a thousand billion euros, five times the PNRR: a larger figure is a misreading


@dataclass(frozen=True)
class CardContext:
    """What the record stage needs from the whole document."""

    layout: Layout
    themes: ThemeVocabulary  # with the labels printed in this document
    casing: Casing
    recogniser: Recogniser


def to_record(card: Card, ctx: CardContext, record_id: str) -> tuple[Record, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    title = _title(card, ctx)
    theme = None
    if card.theme:
        printed = " ".join(strip_markup(line.text) for line in card.theme)
        theme, repaired = ctx.themes.repair(printed)
        if repaired:
            diagnostics.append(Diagnostic(line=card.theme[0].number, level="info", code="theme-repaired",
                                          message=f"theme {printed!r} read as {theme!r}"))
    start = end = None
    status_text = " ".join(card.status.text.split()) if card.status else None
    if card.status:
        try:
            start, end = parse_status(card.status.text)
        except FieldError as exc:
            diagnostics.append(Diagnostic(line=card.status.number, code="unparsed-date", message=str(exc)))
        if _YEAR_ONLY.search(card.status.text):
            diagnostics.append(Diagnostic(line=card.status.number, level="info", code="year-only-date",
                                          message=f"{status_text!r} gives only a year: left out of start/end"))
    body_lines = [line for line in card.body if not is_noise(line.text)]
    publication_lines = [line for line in body_lines if is_publication_line(line.text)]
    text_lines = [line for line in body_lines if line not in publication_lines]
    body_text = "\n".join(line.text for line in text_lines)
    if start is None and card.status is None or end is None:
        body_start, body_end = dates_in_body(body_text)
        if start is None and card.status is None and body_start:
            start = body_start
            diagnostics.append(Diagnostic(line=card.line_start, level="info", code="date-from-text",
                                          message=f"start {body_start} read from the card's text"))
        if end is None and body_end:
            end = body_end
            diagnostics.append(Diagnostic(line=card.line_start, level="info", code="date-from-text",
                                          message=f"end {body_end} read from the card's text"))
    if start and end and end[:len(start)] < start[:len(end)]:  # compared at the precision both have
        diagnostics.append(Diagnostic(line=card.status.number if card.status else card.line_start,
                                      code="end-before-start",
                                      message=f"ends ({end}) before it starts ({start}): the end is left out"))
        end = None
    budget = None
    budget_raw = " ".join(card.amount.text.split()) if card.amount else None
    if card.amount:
        try:
            budget = parse_amount(card.amount.text)
        except FieldError as exc:
            diagnostics.append(Diagnostic(line=card.amount.number, code="unparsed-amount", message=str(exc)))
        if budget is not None and budget > _MAX_BUDGET:
            diagnostics.append(Diagnostic(line=card.amount.number, code="implausible-amount",
                                          message=f"{budget_raw!r} is more than any public programme: left out"))
            budget = None
    publications = _publications(publication_lines, body_text, diagnostics)
    passage = Passage.from_lines(card.title, text_lines)
    short_lines = [(line.number, line.text) for line in text_lines
                   if len(line.text.strip()) <= 70 and (_LIST_LINE.match(line.text) or len(line.text.split()) <= 8)]
    entities = ctx.recogniser.recognise(passage, short_lines)
    diagnostics.extend(entities.diagnostics)
    record = Record(
        id=record_id,
        title=title,
        section=card.section,
        kind=_kind(card, ctx.layout, start, end),
        theme=theme,
        start=start,
        end=end,
        status_text=status_text,
        budget_eur=budget,
        budget_raw=budget_raw,
        ancilab=bool(card.badges) or any(_ANCILAB.search(line.text) for line in text_lines),
        organizations=entities.organizations,
        programmes=entities.programmes,
        territories=entities.territories,
        publications=publications,
        line_start=card.line_start,
        line_end=card.line_end,
    )
    return record, diagnostics


def _title(card: Card, ctx: CardContext) -> str | None:
    if card.title:
        printed = " ".join(strip_markup(line.text) for line in card.title)
        printed = re.sub(r"\s+([,.:;])", r"\1", " ".join(printed.split()))
        return ctx.casing.title(printed)
    return card.toc_title


def _kind(card: Card, layout: Layout, start: str | None, end: str | None) -> str:
    """A service is offered to the Comuni on request; a project has a budget or a dated run."""
    words = fold(strip_markup(card.title[0].text)).split() if card.title else []
    if words and words[0] in layout.project_title_words:
        return "project"
    if words and words[0] in layout.service_title_words:
        return "service"
    if card.section == "ongoing" and card.amount is None and start is None and end is None:
        return "service"
    return "project"


def _publications(lines, body_text: str, diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    titles: list[str] = []
    for line in lines:
        title = publication_title(line.text)
        if title:
            titles.append(title)
    for title in inline_publications(body_text):
        if all(fold(title) not in fold(t) and fold(t) not in fold(title) for t in titles):
            titles.append(title)
    return tuple(dict.fromkeys(titles))
