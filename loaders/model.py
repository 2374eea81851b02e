"""Typed values passed between the loader stages: text → cards → records."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SECTIONS = ("ongoing", "planned", "completed")
KINDS = ("project", "service")
ROLES = ("funder", "partner", "lead", "beneficiary", "other")
TERRITORY_TYPES = (
    "comune",
    "provincia",
    "citta_metropolitana",
    "regione",
    "area_interna",
    "comunita_montana",
    "ambito",
    "stato",
    "area_estera",
    "altro",
)


@dataclass(frozen=True, slots=True)  # slots: a long catalogue makes millions of them
class Line:
    """One line of the source, numbered from 1 as editors do."""

    number: int
    text: str


@dataclass(frozen=True)
class Diagnostic:
    """A problem or a decision worth telling the reader, tied to source lines."""

    line: int
    message: str
    code: str
    level: str = "warning"  # info | warning | error
    line_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "line_end": self.line_end if self.line_end is not None else self.line,
            "level": self.level,
            "code": self.code,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.line}" if not self.line_end or self.line_end == self.line else f"{self.line}-{self.line_end}"
        return f"line {where}: {self.level}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Card:
    """Stage 1 output: the lines of one catalogue card, sorted into their layout roles."""

    section: str
    title: tuple[Line, ...]
    theme: tuple[Line, ...]
    status: Line | None
    amount: Line | None
    body: tuple[Line, ...]
    badges: tuple[Line, ...]
    line_start: int
    line_end: int
    toc_title: str | None = None
    badge_for_previous: int = 0  # trailing badges printed here that belong to earlier cards

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(sorted((*self.title, *self.theme, *filter(None, (self.status, self.amount)), *self.body),
                            key=lambda line: line.number))


@dataclass(frozen=True)
class TocEntry:
    line: int
    text: str
    page: str | None


@dataclass(frozen=True)
class Segmentation:
    """Stage 1 result for a whole document."""

    cards: tuple[Card, ...]
    toc: tuple[TocEntry, ...]
    toc_lines: tuple[int, int] | None  # first and last line of the table of contents
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Mention:
    """Where in the source an entity was read, and the words that show it."""

    evidence: str
    line: int


FOUND_BY = ("registry", "gazetteer", "pattern", "list", "correction")


@dataclass(frozen=True)
class Finding:
    """How an entity was read, for the people who check the uncertain ones (`kg review`)."""

    by: str = "registry"  # one of FOUND_BY
    confidence: float = 1.0  # 0-1: how sure the loader is that the text names this entity in this role
    curation: tuple[str, ...] = ()  # what the corrections file changed, each with the file and line

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"found_by": self.by, "confidence": self.confidence}
        if self.curation:
            out["curation"] = list(self.curation)
        return out


@dataclass(frozen=True)
class Organization:
    name: str
    roles: tuple[str, ...]
    evidence: str
    line: int
    ref: str | None = None  # registry id; None for names found only by pattern
    found: Finding = Finding()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "roles": list(self.roles), "evidence": self.evidence,
                "line": self.line, "ref": self.ref, **self.found.to_dict()}


@dataclass(frozen=True)
class Programme:
    name: str
    evidence: str
    line: int
    ref: str | None = None
    codes: tuple[str, ...] = ()  # e.g. PNRR mission/component codes such as M1C3
    found: Finding = Finding()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "evidence": self.evidence, "line": self.line, "ref": self.ref,
                "codes": list(self.codes), **self.found.to_dict()}


@dataclass(frozen=True)
class Territory:
    name: str
    type: str
    evidence: str
    line: int
    istat_code: str | None = None
    ref: str | None = None
    found: Finding = Finding(by="gazetteer")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.istat_code:
            out["istat_code"] = self.istat_code
        out.update({"evidence": self.evidence, "line": self.line, "ref": self.ref, **self.found.to_dict()})
        return out


@dataclass(frozen=True)
class Record:
    """Stage 2 output: one card as checked, typed facts (the `kg extract` JSON contract)."""

    id: str
    title: str | None
    section: str
    kind: str
    theme: str | None
    start: str | None
    end: str | None
    status_text: str | None
    budget_eur: Decimal | None
    budget_raw: str | None
    ancilab: bool
    organizations: tuple[Organization, ...]
    programmes: tuple[Programme, ...]
    territories: tuple[Territory, ...]
    publications: tuple[str, ...]
    line_start: int
    line_end: int

    def to_dict(self) -> dict[str, Any]:
        budget: float | int | None = None
        if self.budget_eur is not None:
            whole = self.budget_eur == self.budget_eur.to_integral()
            budget = int(self.budget_eur) if whole else float(self.budget_eur)
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "kind": self.kind,
            "theme": self.theme,
            "start": self.start,
            "end": self.end,
            "status_text": self.status_text,
            "budget_eur": budget,
            "budget_raw": self.budget_raw,
            "ancilab": self.ancilab,
            "organizations": [o.to_dict() for o in self.organizations],
            "programmes": [p.to_dict() for p in self.programmes],
            "territories": [t.to_dict() for t in self.territories],
            "publications": list(self.publications),
            "source": {"line_start": self.line_start, "line_end": self.line_end},
        }


@dataclass(frozen=True)
class Source:
    """What was read: the file, how it was decoded, and how many lines it has."""

    name: str
    encoding: str
    newline: str
    lines: int
    sha256: str
    contents: tuple[int, int] | None = None  # lines of the table of contents, if the edition has one

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "encoding": self.encoding, "newline": self.newline,
                               "lines": self.lines, "sha256": self.sha256, "contents": None}
        if self.contents:
            out["contents"] = {"line_start": self.contents[0], "line_end": self.contents[1]}
        return out


@dataclass(frozen=True)
class Extraction:
    """The whole result of `extract`: records plus everything that did not become one."""

    source: Source
    records: tuple[Record, ...]
    diagnostics: tuple[Diagnostic, ...]
    cards_found: int
    rejected: tuple[Diagnostic, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "summary": {
                "cards_found": self.cards_found,
                "records_written": len(self.records),
                "cards_rejected": len(self.rejected),
            },
            "records": [r.to_dict() for r in self.records],
            "diagnostics": [d.to_dict() for d in sorted(self.diagnostics, key=lambda d: (d.line, d.code))],
        }
