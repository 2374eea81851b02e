"""Stage 1: the catalogue's lines → cards (title, theme, date, amount, body, badges) and diagnostics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .layout import Kind, Layout, is_page_number
from .model import Card, Diagnostic, Line, Segmentation, TocEntry
from .text import fold, strip_markup
from .themes import ThemeVocabulary

_TOC_PAGE = re.compile(r"\t\s*\.?\s*(\S*)\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-–•▪*]|\d{1,2}[.)]?\s)")
_CONNECTOR_START = re.compile(r"^(?:E|ED|DI|DEL|DELLA|DELLE|DEI|DEGLI|PER|ALLA|ALLE|AI|AGLI|NEL|NELLA|NEI|TRA|CON|"
                              r"IL|LO|LA|LE|GLI|I|UN|UNA|A|IN|SU|SUL|SULLA)\b")
_CONNECTOR_END = re.compile(r"\b(?:E|ED|DI|DEL|DELLA|DELLE|DEI|DEGLI|PER|ALLA|ALLE|AI|AGLI|NEL|NELLA|NEI|TRA|CON|"
                            r"IL|LO|LA|LE|GLI|UN|UNA|A|IN|SU|SUL|SULLA|L'|DELL')$")
_HEADER_ZONE = (Kind.HEADING, Kind.STATUS, Kind.AMOUNT, Kind.NOISE)


@dataclass(frozen=True, slots=True)  # slots: one per line of the document
class _Numbered:
    index: int  # 0-based position in the document
    kind: Kind
    text: str

    @property
    def number(self) -> int:
        return self.index + 1

    def line(self) -> Line:
        return Line(self.number, self.text)


def segment(lines: Sequence[str], layout: Layout, themes: ThemeVocabulary) -> Segmentation:
    """Split the catalogue into cards.

    Every non-blank line after the table of contents ends up in a card or in a diagnostic.
    """
    items = [_Numbered(i, layout.classify(text), text) for i, text in enumerate(lines)]
    diagnostics: list[Diagnostic] = []
    toc, toc_lines, body_start = _table_of_contents(items)
    sections = [(it.index, layout.section_of(it.text)) for it in items[body_start:] if it.kind is Kind.SECTION]
    first_section = sections[0][0] if sections else len(items)
    _report_unassigned(items[body_start:first_section], "before the first section header (front matter)",
                       diagnostics)
    drafts: list[_Draft] = []
    for start, section in sections:
        diagnostics.append(Diagnostic(line=start + 1, level="info", code="section-header",
                                      message=f"section {items[start].text.strip()!r} ({section}) starts here"))
    for n, (start, section) in enumerate(sections):
        stop = sections[n + 1][0] if n + 1 < len(sections) else len(items)
        drafts.extend(_cards_in_section(items[start + 1:stop], section or "ongoing", diagnostics))
    vocabulary = themes.with_printed(d.theme_text for d in drafts if d.theme_text)
    cards = [_finish(d, vocabulary, diagnostics) for d in drafts]
    cards = _titles_from_toc(cards, toc, diagnostics)
    return Segmentation(cards=tuple(cards), toc=tuple(toc), toc_lines=toc_lines, diagnostics=tuple(diagnostics))


def _table_of_contents(items: list[_Numbered]) -> tuple[list[TocEntry], tuple[int, int] | None, int]:
    """The entries of the table of contents, its first and last line, and the index where the body starts."""
    header = next((it.index for it in items if it.kind is Kind.TOC_HEADER), None)
    if header is None:
        return [], None, 0
    prose = next((it.index for it in items[header + 1:] if it.kind is Kind.TEXT and _is_prose(it.text)), len(items))
    last = header
    for it in items[header + 1:prose]:
        if "\t" in it.text or (it.kind is Kind.TEXT and not is_page_number(it.text)):
            last = it.index
    entries = []
    for it in items[header + 1:last + 1]:
        if it.kind in (Kind.BLANK, Kind.SECTION, Kind.NOISE):
            continue
        page = _TOC_PAGE.search(it.text)
        text = _TOC_PAGE.sub("", it.text).strip(" .\t")
        if text:
            entries.append(TocEntry(line=it.number, text=text, page=(page.group(1) or None) if page else None))
    return entries, (header + 1, last + 1), last + 1


def _is_prose(text: str) -> bool:
    """A sentence of running text (a table-of-contents line has a tab before its page number)."""
    stripped = text.strip()
    return ("\t" not in text and len(stripped) >= 60 and len(stripped.split()) >= 8
            and sum(ch.islower() for ch in stripped) > len(stripped) / 2)


def _is_sentence(text: str) -> bool:
    """A card's introductory sentence: shorter than body prose, but words in running text all the same."""
    stripped = text.strip()
    return ("\t" not in text and len(stripped.split()) >= 5
            and sum(ch.islower() for ch in stripped) > len(stripped) / 2)


def _report_unassigned(items: Sequence[_Numbered], why: str, diagnostics: list[Diagnostic]) -> None:
    content = [it for it in items if it.kind is not Kind.BLANK]
    if content:
        diagnostics.append(Diagnostic(line=content[0].number, line_end=content[-1].number, level="info",
                                      code="unassigned-lines", message=f"{len(content)} lines {why} belong to no card"))


@dataclass
class _Draft:
    section: str
    zone: list[_Numbered]
    body: list[_Numbered]
    trailing_badges: int = 0

    @property
    def headings(self) -> list[_Numbered]:
        return [it for it in self.zone if it.kind is Kind.HEADING]

    @property
    def theme_text(self) -> str | None:
        heads = self.headings
        return strip_markup(heads[-1].text) if len(heads) >= 2 and _theme_like(heads[-1].text) else None


def _cards_in_section(items: Sequence[_Numbered], section: str, diagnostics: list[Diagnostic]) -> list[_Draft]:
    content = [it for it in items if it.kind is not Kind.BLANK]
    starts: list[tuple[int, int]] = []  # (position of the first zone line, position after the zone)
    pos = 0
    while pos < len(content):
        zone_end = _card_zone_end(content, pos)
        if zone_end is not None:
            starts.append((pos, zone_end))
            pos = zone_end
        else:
            pos += 1
    if not starts:
        _report_unassigned(content, "in a section without cards", diagnostics)
        return []
    _report_unassigned(content[:starts[0][0]], "between a section header and its first card", diagnostics)
    drafts = []
    for n, (begin, zone_end) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(content)
        body = _close_body(content[zone_end:stop], diagnostics)
        drafts.append(_Draft(section=section, zone=list(content[begin:zone_end]), body=body))
    for draft in drafts:
        draft.trailing_badges = _trailing_badges(draft.body)
    return drafts


def _card_zone_end(content: Sequence[_Numbered], pos: int) -> int | None:
    """If a card starts at `pos`, where its header block (title, theme, date, amount) ends."""
    if content[pos].kind is not Kind.HEADING:
        return None
    end = pos + 1
    while end < len(content) and content[end].kind in _HEADER_ZONE:
        end += 1
    zone = content[pos:end]
    if any(it.kind in (Kind.STATUS, Kind.AMOUNT) for it in zone):
        return end
    headings = sum(it.kind is Kind.HEADING for it in zone)
    # A card without date and amount still has a title followed by an introductory sentence.
    if headings <= 3 and end < len(content) and content[end].kind is Kind.TEXT \
            and _is_sentence(content[end].text) and not _LIST_ITEM.match(content[end].text):
        return end
    return None


def _close_body(body: Sequence[_Numbered], diagnostics: list[Diagnostic]) -> list[_Numbered]:
    """Cut the card where unrelated material begins, and leave trailing page numbers out of it."""
    for n, it in enumerate(body):
        if it.kind is Kind.HEADING:
            rest = [r for r in body[n + 1:] if r.kind is Kind.TEXT]
            # A caption followed by a list is a figure of the card; followed by loose lines, or by nothing (a
            # card cut short by the end of the file), it is not part of the card.
            if not any(_LIST_ITEM.match(r.text) for r in rest):
                _report_unassigned(body[n:], "after the last card (no title, date or introduction)", diagnostics)
                body = body[:n]
                break
    kept = list(body)
    while kept and kept[-1].kind is Kind.NOISE:
        dropped = kept.pop()
        what = "page number" if is_page_number(dropped.text) else "OCR speck"
        diagnostics.append(Diagnostic(line=dropped.number, level="info", code="noise-line",
                                      message=f"{what} {dropped.text.strip()!r} between cards, skipped"))
    return kept


def _trailing_badges(body: Sequence[_Numbered]) -> int:
    count = 0
    for it in reversed(body):
        if it.kind is Kind.BADGE:
            count += 1
        elif it.kind is not Kind.NOISE:
            break
    return count


def _theme_like(text: str) -> bool:
    words = strip_markup(text).split()
    return 1 <= len(words) <= 5 and len(strip_markup(text)) <= 40 and not _CONNECTOR_START.match(strip_markup(text))


def _finish(draft: _Draft, vocabulary: ThemeVocabulary, diagnostics: list[Diagnostic]) -> Card:
    heads = draft.headings
    status = next((it for it in draft.zone if it.kind is Kind.STATUS), None)
    amount = next((it for it in draft.zone if it.kind is Kind.AMOUNT), None)
    after_dates = [h for h in heads if status and h.index > status.index or amount and h.index > amount.index]
    before = [h for h in heads if h not in after_dates]
    title: list[_Numbered] = []
    theme: list[_Numbered] = []
    if len(heads) == 1 and vocabulary.knows(heads[0].text):
        theme = heads[:]
    elif before:
        title = [before[0]]
        rest = before[1:]
        # The last capitalised line is the theme label, unless the line above runs on into it.
        previous = rest[-2] if len(rest) > 1 else before[0]
        if rest and _theme_like(rest[-1].text) and (
                vocabulary.knows(rest[-1].text) or not _CONNECTOR_END.search(strip_markup(previous.text))):
            theme = [rest[-1]]
            rest = rest[:-1]
        title.extend(rest)
    displaced = [h for h in after_dates if not (not theme and _theme_like(h.text) and vocabulary.knows(h.text))]
    theme = theme or [h for h in after_dates if h not in displaced][:1]
    split_theme = None
    if displaced:
        # The OCR moved the first title line below the date; a theme glued to the title's end is split off.
        title = displaced + title
        if not theme:
            split_theme = vocabulary.trailing_theme(strip_markup(title[-1].text))
    lines = [it for it in (*draft.zone, *draft.body)]
    first = min(it.number for it in lines)
    last = max(it.number for it in lines)
    if not title:
        diagnostics.append(Diagnostic(line=first, level="warning", code="missing-title",
                                      message="card has no title line (it starts at its theme label)"))
    title_lines = tuple(it.line() for it in title)
    theme_lines = tuple(it.line() for it in theme)
    if split_theme:
        head = title_lines[-1]
        cut = strip_markup(head.text)[: -len(split_theme)].rstrip()
        title_lines = (*title_lines[:-1], Line(head.number, cut))
        theme_lines = (Line(head.number, split_theme),)
        diagnostics.append(Diagnostic(line=head.number, level="info", code="title-reordered",
                                      message=f"title printed out of order; theme {split_theme!r} was glued to it"))
    badges = tuple(it.line() for it in draft.body if it.kind is Kind.BADGE)
    return Card(
        section=draft.section,
        title=title_lines,
        theme=theme_lines,
        status=status.line() if status else None,
        amount=amount.line() if amount else None,
        body=tuple(it.line() for it in draft.body if it.kind is not Kind.BADGE),
        badges=badges,
        line_start=first,
        line_end=last,
        badge_for_previous=max(0, draft.trailing_badges - 1),
    )


def _titles_from_toc(cards: list[Card], toc: Sequence[TocEntry], diagnostics: list[Diagnostic]) -> list[Card]:
    """A card whose title line is missing takes the table-of-contents entry between its neighbours'."""
    if not toc or all(card.title for card in cards):
        return cards
    spans = _align_with_toc(cards, toc)
    out = list(cards)
    for n, card in enumerate(cards):
        if card.title:
            continue
        before = next((spans[k] for k in range(n - 1, -1, -1) if spans[k]), None)
        after = next((spans[k] for k in range(n + 1, len(cards)) if spans[k]), None)
        if before is None or after is None or not 1 <= after[0] - before[1] - 1 <= 2:
            continue
        text = " ".join(e.text for e in toc[before[1] + 1:after[0]])
        out[n] = Card(**{**card.__dict__, "toc_title": text})
        diagnostics.append(Diagnostic(line=card.line_start, level="info", code="title-from-toc",
                                      message=f"title taken from the table of contents: {text!r}"))
    return out


def _align_with_toc(cards: Sequence[Card], toc: Sequence[TocEntry]) -> list[tuple[int, int] | None]:
    """Pair cards with table-of-contents entries (one or two lines each), keeping both in order.

    A small dynamic programme: the best total similarity over order-preserving pairings, where cards
    and entries may stay unpaired (front-matter entries, cards the contents do not list).
    """
    titles = [fold(" ".join(strip_markup(line.text) for line in card.title)) for card in cards]
    entries = [fold(e.text) for e in toc]

    def score(title: str, first: int, last: int) -> float:
        entry = " ".join(entries[first:last + 1])
        value = (fuzz.token_set_ratio(title, entry) + fuzz.token_sort_ratio(title, entry)) / 2
        return value if value >= 60 else 0.0

    rows, cols = len(cards), len(toc)
    # Only the last row of totals is kept, and each cell's choice is one byte (0: entry unpaired, 1: card unpaired,
    # 2 or 3: card paired with one or two entries), so a catalogue of many cards does not fill the memory.
    previous = [0.0] * (cols + 1)
    choices = [bytearray(cols + 1)]
    for i in range(1, rows + 1):
        current = [0.0] * (cols + 1)
        row = bytearray(cols + 1)
        for j in range(1, cols + 1):
            options = [(current[j - 1], 0), (previous[j], 1)]
            if titles[i - 1]:
                for span in (1, 2):
                    if j - span >= 0:
                        gain = score(titles[i - 1], j - span, j - 1)
                        if gain:
                            options.append((previous[j - span] + gain, span + 1))
            current[j], row[j] = max(options, key=lambda o: o[0])
        previous = current
        choices.append(row)
    spans: list[tuple[int, int] | None] = [None] * rows
    i, j = rows, cols
    while i > 0 and j > 0:
        move = choices[i][j]
        if move == 0:
            j -= 1
        elif move == 1:
            i -= 1
        else:
            spans[i - 1] = (j - move + 1, j - 1)
            i, j = i - 1, j - move + 1
    return spans
