"""A card's running text: lines joined into one string that still knows where each character came from."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .model import Line
from .text import fold, strip_markup

_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+\+?")
_HYPHEN_BREAK = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]-$")
_SENTENCE_END = re.compile(r"(?:[.!?](?=\s+[\"«“(]?[A-ZÀ-Ý])|[;\n])")
_ENGLISH = frozenset("and the of for with into through between across from to in on by your their".split())
_ITALIAN = frozenset("il lo la le gli di del della dei degli delle per con che non una uno nel nella è".split())


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    folded: str


@dataclass(frozen=True)
class Passage:
    """Text of a card (title first, then the body) with a map from offsets back to source lines."""

    text: str
    starts: tuple[int, ...]  # offset where each piece begins
    numbers: tuple[int, ...]  # source line of each piece
    title_end: int  # offset where the title ends

    @classmethod
    def from_lines(cls, title: Iterable[Line], body: Iterable[Line]) -> Passage:
        parts: list[str] = []
        starts: list[int] = []
        numbers: list[int] = []
        offset = 0

        def add(text: str, number: int, glue: str) -> None:
            nonlocal offset
            if parts:
                parts.append(glue)
                offset += len(glue)
            starts.append(offset)
            numbers.append(number)
            parts.append(text)
            offset += len(text)

        title = list(title)
        for line in title:
            add(strip_markup(line.text), line.number, " ")
        title_end = offset
        pending_hyphen = False
        for line in body:
            text = strip_markup(line.text).strip()
            if not text:
                continue
            if pending_hyphen and text[:1].islower():
                # A word broken across two printed lines: "de-" + "gli" → "degli".
                parts[-1] = parts[-1][:-1]
                offset -= 1
                add(text, line.number, "")
            elif parts and text[:1].islower() and not re.search(r"[.!?:;]$", parts[-1]):
                add(text, line.number, " ")  # the sentence runs on into the next printed block
            else:
                add(text, line.number, "\n")
            pending_hyphen = bool(_HYPHEN_BREAK.search(text))
        return cls(text="".join(parts), starts=tuple(starts), numbers=tuple(numbers), title_end=title_end)

    def line_at(self, offset: int) -> int:
        return self.numbers[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(Token(m.group(), m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(self.text))

    @cached_property
    def _sentence_breaks(self) -> tuple[int, ...]:
        breaks = [0, self.title_end]
        breaks.extend(m.end() for m in _SENTENCE_END.finditer(self.text))
        breaks.append(len(self.text))
        return tuple(sorted(set(breaks)))

    def sentence(self, offset: int) -> tuple[int, int]:
        """Start and end of the sentence (or clause after a semicolon) holding `offset`."""
        i = bisect.bisect_right(self._sentence_breaks, offset) - 1
        start = self._sentence_breaks[max(i, 0)]
        end = self._sentence_breaks[min(i + 1, len(self._sentence_breaks) - 1)]
        return start, end

    def in_title(self, offset: int) -> bool:
        return offset < self.title_end

    def quote(self, start: int, end: int, width: int = 90) -> str:
        """The words around a mention, within its sentence, as evidence."""
        s_start, s_end = self.sentence(start)
        left = max(s_start, start - width)
        right = min(max(s_end, end), end + width)
        snippet = self.text[left:right]
        if left > s_start:
            snippet = snippet.split(" ", 1)[-1]
        if right < s_end:
            snippet = snippet.rsplit(" ", 1)[0]
        return " ".join(snippet.split()).strip(" ,;:")

    def is_english(self, offset: int) -> bool:
        """Whether the clause around `offset` is written in English (titles of EU projects often are)."""
        start, end = self.sentence(offset)
        clause = self.text[start:end]
        for sep in (" - ", " – ", ": ", ". "):
            pieces = clause.split(sep)
            if len(pieces) > 1:
                position = offset - start
                for piece in pieces:
                    if position <= len(piece):
                        clause = piece
                        break
                    position -= len(piece) + len(sep)
        words = [w.lower() for w in re.findall(r"[A-Za-z']+", clause)]
        english = sum(w in _ENGLISH for w in words)
        italian = sum(w in _ITALIAN for w in words)
        return english >= 1 and english > italian
