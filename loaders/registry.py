"""Known organisations and programmes (from `knowledge/*.yaml`) and how they are printed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .matcher import Match, Phrase, PhraseMatcher
from .passage import Passage

_ACRONYM = re.compile(r"^[A-Z0-9.&+]{2,8}$")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[Phrase, ...]
    patterns: tuple[re.Pattern, ...] = ()
    ipa: str | None = None
    wikidata: str | None = None
    parent: str | None = None
    is_self: bool = False  # the catalogue's publisher and its in-house company
    cue_required: bool = False
    keeps_period: bool = False
    codes: re.Pattern | None = None
    refines: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    eu_programme: str | None = None  # code in the EU Publications Office's eu-programme authority table


def _phrases(entry: dict, target: str) -> Iterable[Phrase]:
    english_safe = entry.get("english_safe", True)
    items = [entry["name"], re.sub(r"\s*\([^)]*\)\s*$", "", entry["name"]), *entry.get("aliases", [])]
    seen = set()
    for item in items:
        spec = item if isinstance(item, dict) else {"text": item}
        text = spec["text"]
        if not text or text in seen:
            continue
        seen.add(text)
        case = spec.get("case") or ("exact" if _ACRONYM.match(text) else "fold")
        yield Phrase(
            text=text, target=target, case=case, standalone=spec.get("standalone", False),
            not_before=frozenset(w.lower() for w in spec.get("not_before", [])), english_safe=english_safe,
            fuzzy=case != "exact", cue_required=spec.get("cue_required", False),
        )


@dataclass(frozen=True)
class Registry:
    entities: dict[str, Entity]
    phrases: tuple[Phrase, ...] = field(repr=False)

    @classmethod
    def from_entries(cls, entries: Iterable[dict]) -> Registry:
        entities: dict[str, Entity] = {}
        phrases: list[Phrase] = []
        for entry in entries:
            if entry["id"] in entities:
                raise ValueError(f"duplicate registry id {entry['id']!r}")
            own = tuple(_phrases(entry, entry["id"]))
            phrases.extend(own)
            entities[entry["id"]] = Entity(
                id=entry["id"], name=entry["name"], type=entry.get("type", "altro"), aliases=own,
                patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry.get("patterns", [])),
                ipa=entry.get("ipa"), wikidata=entry.get("wikidata"), parent=entry.get("parent"),
                is_self=entry.get("self", False), cue_required=entry.get("cue_required", False),
                keeps_period=entry.get("period", False),
                codes=re.compile(entry["codes"]) if entry.get("codes") else None,
                refines=tuple(entry.get("refines", [])), countries=tuple(entry.get("countries", [])),
                eu_programme=entry.get("eu_programme"),
            )
        return cls(entities=entities, phrases=tuple(phrases))

    @cached_property
    def matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self.phrases)

    def __getitem__(self, key: str) -> Entity:
        return self.entities[key]

    def find(self, passage: Passage) -> list[Match]:
        """Every mention of a known entity in the passage (overlaps included)."""
        found = self.matcher.find_all(passage)
        for entity in self.entities.values():
            for pattern in entity.patterns:
                for m in pattern.finditer(passage.text):
                    phrase = Phrase(text=m.group(), target=entity.id)
                    first = next((i for i, t in enumerate(passage.tokens) if t.end > m.start()), 0)
                    last = next((i for i, t in enumerate(passage.tokens) if t.start >= m.end()), len(passage.tokens))
                    found.append(Match(m.start(), m.end(), phrase, first, last))
        return found
