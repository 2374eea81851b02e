"""Finding known names in running text: a token trie, tolerant of case, accents, hyphenation and OCR slips."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .passage import Passage, Token
from .text import fold

_ALIAS_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+\+?")
CONNECTORS = frozenset("di del della dei degli delle dello dell d e ed al alla allo ai agli alle in sul sulla "
                       "con per da dal dalla la lo il le gli i a".split())


@dataclass(frozen=True)
class Phrase:
    """One printed form of a known entity."""

    text: str
    target: Any
    case: str = "fold"  # fold: any case | exact: as written (acronyms) | proper: capitalised words
    standalone: bool = False  # must not run on into a capitalised word
    not_before: frozenset[str] = frozenset()  # folded words that may not follow
    english_safe: bool = True  # False: ignore inside English phrases, where it is a common word
    fuzzy: bool = True
    cue_required: bool = False  # report only where the wording gives a role (a vague short form)

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(fold(t) for t in _ALIAS_TOKEN.findall(self.text))

    @property
    def raw_tokens(self) -> tuple[str, ...]:
        return tuple(_ALIAS_TOKEN.findall(self.text))


@dataclass(frozen=True)
class Match:
    start: int  # character offsets in the passage
    end: int
    phrase: Phrase
    first_token: int
    last_token: int  # exclusive

    @property
    def target(self) -> Any:
        return self.phrase.target

    def text(self, passage: Passage) -> str:
        return passage.text[self.start:self.end]


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)


class PhraseMatcher:
    """All occurrences of many phrases in a passage, longest first, in one left-to-right pass."""

    def __init__(self, phrases: Iterable[Phrase], *, fuzzy_min_length: int = 7) -> None:
        self._root = _Node()
        vocabulary: set[str] = set()
        for phrase in phrases:
            tokens = phrase.tokens
            if not tokens:
                continue
            node = self._root
            for token in tokens:
                node = node.children.setdefault(token, _Node())
                if phrase.fuzzy and len(token) >= fuzzy_min_length:
                    vocabulary.add(token)
            node.phrases.append(phrase)
        self._vocabulary = sorted(vocabulary)
        self._fuzzy_min_length = fuzzy_min_length
        self._corrections: dict[str, str | None] = {}

    def _correct(self, token: str) -> str | None:
        """The known word an OCR-damaged word stands for (one letter off), if any."""
        if token in self._corrections:
            return self._corrections[token]
        found = None
        if len(token) >= self._fuzzy_min_length and self._vocabulary:
            best = process.extractOne(token, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=1)
            if best is not None and best[1] == 1:
                found = best[0]
        self._corrections[token] = found
        return found

    def find_all(self, passage: Passage) -> list[Match]:
        """Every match, overlapping ones included; callers choose among overlaps."""
        tokens = passage.tokens
        text = passage.text
        out: list[Match] = []
        roots = self._root.children
        for i in range(len(tokens)):
            token = tokens[i]
            if token.folded not in roots and text[token.end:token.end + 1] != "-" and (
                    len(token.folded) < self._fuzzy_min_length or not token.text[:1].isupper()):
                continue  # nothing can start here: skip the walk
            for end, node, fuzzy_used in self._walk(tokens, text, i):
                for phrase in node.phrases:
                    if fuzzy_used and not phrase.fuzzy:
                        continue
                    if self._accepts(phrase, tokens, text, i, end, passage):
                        out.append(Match(tokens[i].start, tokens[end - 1].end, phrase, i, end))
        return out

    def _walk(self, tokens: Sequence[Token], text: str, i: int):
        """Yield (end index, node, fuzzy) for every trie path starting at token i."""
        stack = [(i, self._root, False)]
        while stack:
            pos, node, fuzzy_used = stack.pop()
            if node.phrases and pos > i:
                yield pos, node, fuzzy_used
            if pos >= len(tokens):
                continue
            token = tokens[pos].folded
            child = node.children.get(token)
            if child is not None:
                stack.append((pos + 1, child, fuzzy_used))
            # "TER-NA", "Re-gione": a word split by a hyphen that the OCR kept.
            if pos + 1 < len(tokens) and text[tokens[pos].end:tokens[pos + 1].start] == "-":
                joined = node.children.get(token + tokens[pos + 1].folded)
                if joined is not None:
                    stack.append((pos + 2, joined, fuzzy_used))
            if child is None and not fuzzy_used:
                corrected = self._correct(token)
                if corrected is not None and corrected in node.children and tokens[pos].text[:1].isupper():
                    stack.append((pos + 1, node.children[corrected], True))
                # "La Sa- [other column] pienza": a word cut by hyphenation whose end went elsewhere.
                if len(token) >= 2 and tokens[pos].text[:1].isupper() and re.match(
                        r"-\s", text[tokens[pos].end:tokens[pos].end + 2]):
                    for word, grandchild in node.children.items():
                        if word.startswith(token) and grandchild.phrases:
                            stack.append((pos + 1, grandchild, True))

    @staticmethod
    def _accepts(phrase: Phrase, tokens: Sequence[Token], text: str, i: int, end: int, passage: Passage) -> bool:
        span = tokens[i:end]
        if phrase.case == "exact":
            raw = [t.text for t in span]
            if raw != list(phrase.raw_tokens):
                return False
        elif phrase.case == "proper":
            for token in span:
                if token.folded in CONNECTORS:
                    continue
                if not token.text[:1].isupper() and not token.text[:1].isdigit():
                    return False
        if end < len(tokens):
            gap = text[span[-1].end:tokens[end].start]
            nxt = tokens[end]
            if phrase.standalone and gap.strip() == "" and nxt.text[:1].isupper():
                return False
            if phrase.not_before and gap.strip() == "" and nxt.folded in phrase.not_before:
                return False
        if not phrase.english_safe and passage.is_english(span[0].start):
            return False
        return True


def longest_non_overlapping(matches: Iterable[Match], rank=lambda m: 0) -> list[Match]:
    """Keep the longest match where matches overlap (ties broken by `rank`, lower first), in text order."""
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), rank(m), m.start)):
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        chosen.append(m)
        taken.append((m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)
