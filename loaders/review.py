"""What a person should check after an extraction: the uncertain readings, the bodies the registry does not
know, the corrections that matched nothing; each with a corrections entry ready to paste."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .model import Extraction

KIND_OF_LIST = {"organizations": "organization", "programmes": "programme", "territories": "territory"}


@dataclass(frozen=True)
class Reading:
    card: str
    kind: str  # organization | programme | territory
    name: str
    line: int
    found_by: str
    confidence: float
    detail: str  # roles, or the territory's type
    evidence: str

    def suggestion(self) -> str:
        """Two corrections entries a reviewer picks from: keep it as read, or drop it from this card."""
        name = json.dumps(self.name, ensure_ascii=False)
        return (f"- accept: {name}\n  kind: {self.kind}\n  card: {self.card}\n"
                f"# or\n- reject: {name}\n  kind: {self.kind}\n  card: {self.card}")

    def to_dict(self) -> dict:
        return {"card": self.card, "kind": self.kind, "name": self.name, "line": self.line,
                "found_by": self.found_by, "confidence": self.confidence, "detail": self.detail,
                "evidence": self.evidence}


@dataclass(frozen=True)
class Review:
    uncertain: tuple[Reading, ...]
    unknown_organizations: tuple[Reading, ...]  # found by their form, not in the registry
    unused_corrections: tuple[str, ...]
    checked: int  # entities looked at
    below: float

    def to_dict(self) -> dict:
        return {"below": self.below, "checked": self.checked,
                "uncertain": [r.to_dict() for r in self.uncertain],
                "unknown_organizations": [r.to_dict() for r in self.unknown_organizations],
                "unused_corrections": list(self.unused_corrections)}


def review(extraction: Extraction, below: float = 0.7) -> Review:
    """The readings under `below` confidence (a person has not accepted them), and the unknown bodies."""
    readings = []
    for record in extraction.records:
        for field, kind in KIND_OF_LIST.items():
            for item in getattr(record, field):
                detail = ", ".join(item.roles) if kind == "organization" else getattr(item, "type", "")
                readings.append(Reading(card=record.id, kind=kind, name=item.name, line=item.line,
                                        found_by=item.found.by, confidence=item.found.confidence, detail=detail,
                                        evidence=item.evidence))
    uncertain = tuple(sorted((r for r in readings if r.confidence < below), key=lambda r: (r.confidence, r.line)))
    unknown = tuple(r for r in readings if r.kind == "organization" and r.found_by in ("pattern", "list")
                    and r.confidence < 1.0)
    unused = tuple(d.message for d in extraction.diagnostics if d.code == "correction-unused")
    return Review(uncertain=uncertain, unknown_organizations=unknown, unused_corrections=unused,
                  checked=len(readings), below=below)
