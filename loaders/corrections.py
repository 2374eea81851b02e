"""The curation loop: what a person decided about the loader's readings, applied to the records.

A corrections file (YAML, in the knowledge folder by default) lists decisions, each applying to the entities of
one card (`card: record-id`) or of every card, matched by name as the loader printed it:

    corrections:
      - reject: Gruppo Civico            # not an organisation taking part
        card: rete-dei-musei
      - rename: Fondaz. Cariplo           # an OCR slip: becomes the registry's Fondazione Cariplo
        to: Fondazione Cariplo
      - merge: [Consorzio Sol.Co, Consorzio SolCo Mantova]
        into: Consorzio Sol.Co. Mantova
      - add_role: Comune di Lecco
        role: funder
        card: bando-cultura
      - accept: Jugendnetzwerk Oberland   # checked: right as read
      - add: Legambiente Lombardia        # the loader missed it
        kind: organization
        roles: [partner]
        card: fiumi-puliti

Every change is kept on the entity (`curation`: the decision, the file and its line), so the graph says which
facts a person corrected; decisions that match nothing are reported, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .cues import ROLE_ORDER
from .model import ROLES, TERRITORY_TYPES, Diagnostic, Finding, Organization, Programme, Record, Territory
from .registry import Registry
from .text import fold

if TYPE_CHECKING:
    from .knowledge import Knowledge

ACTIONS = ("accept", "reject", "rename", "merge", "add_role", "add")
KINDS = ("organization", "programme", "territory")
_LISTS = {"organization": "organizations", "programme": "programmes", "territory": "territories"}


class CorrectionsError(ValueError):
    """The corrections file cannot be read as corrections (the message names the file and line)."""


@dataclass(frozen=True)
class Correction:
    action: str
    names: tuple[str, ...]  # the entity names it applies to, as the loader prints them
    line: int  # in the corrections file
    card: str | None = None  # a record id; None: every card
    kind: str | None = None  # organization | programme | territory; None: any
    to: str | None = None  # the new name (rename, merge)
    roles: tuple[str, ...] = ()  # add_role, add
    type: str | None = None  # a territory's type (add)
    note: str | None = None

    def matches(self, record: Record, kind: str, name: str) -> bool:
        return (self.card in (None, record.id) and self.kind in (None, kind)
                and fold(name) in {fold(n) for n in self.names})


@dataclass(frozen=True)
class Corrections:
    items: tuple[Correction, ...] = ()
    source: str = "corrections.yaml"  # the file's name, as provenance notes cite it

    @classmethod
    def read(cls, path: Path) -> Corrections:
        """The corrections in `path`; an absent file is no corrections."""
        if not path.is_file():
            return cls(source=path.name)
        return cls.parse(path.read_text(encoding="utf-8"), source=path.name)

    @classmethod
    def parse(cls, text: str, source: str = "corrections.yaml") -> Corrections:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise CorrectionsError(f"{source}: not YAML: {exc}") from None
        if root is None:
            return cls(source=source)
        entries = _entries(root, source)
        return cls(items=tuple(_correction(node, source) for node in entries), source=source)

    def apply(self, records: Sequence[Record], knowledge: Knowledge) -> tuple[tuple[Record, ...], list[Diagnostic]]:
        """The records as corrected, and a diagnostic for each decision applied or left unused."""
        used: set[int] = set()
        diagnostics: list[Diagnostic] = []
        out = []
        for record in records:
            corrected = record
            for kind, field in _LISTS.items():
                items, applied = self._apply_to(record, kind, getattr(record, field), knowledge)
                for correction, item in applied:
                    used.add(correction.line)
                    diagnostics.append(Diagnostic(
                        line=item.line, level="info", code="correction-applied",
                        message=f"{self.source} line {correction.line}: {correction.action} {item.name!r}"))
                corrected = replace(corrected, **{field: items})
            out.append(corrected)
        for correction in self.items:
            if correction.line not in used:
                where = f"card {correction.card!r}" if correction.card else "any card"
                diagnostics.append(Diagnostic(
                    line=0, code="correction-unused",
                    message=f"{self.source} line {correction.line}: {correction.action} "
                            f"{' / '.join(correction.names)!r} matches nothing in {where}"))
        return tuple(out), diagnostics

    def _apply_to(self, record: Record, kind: str, items: Iterable, knowledge: Knowledge):
        applied: list[tuple[Correction, object]] = []
        out: list = []
        for item in items:
            keep = True
            for c in self.items:
                if c.action == "add" or not c.matches(record, kind, item.name):
                    continue
                applied.append((c, item))
                if c.action == "reject":
                    keep = False
                    break
                item = _corrected(item, c, self.source, knowledge)
            if keep:
                out.append(item)
        for c in self.items:
            if c.action == "add" and c.card == record.id and (c.kind or "organization") == kind:
                item = _added(c, kind, record, self.source)
                applied.append((c, item))
                out.append(item)
        return _merged(out), applied


def _entries(root: yaml.Node, source: str) -> list[yaml.MappingNode]:
    if isinstance(root, yaml.MappingNode):
        value = next((v for k, v in root.value if k.value == "corrections"), None)
        if value is None:
            raise CorrectionsError(f"{source} line {root.start_mark.line + 1}: expected a 'corrections:' list")
        root = value
    if isinstance(root, yaml.ScalarNode) and root.value in ("", "null", "~"):
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise CorrectionsError(f"{source} line {root.start_mark.line + 1}: 'corrections' must be a list")
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            raise CorrectionsError(f"{source} line {node.start_mark.line + 1}: each correction is a mapping "
                                   f"with one of {', '.join(ACTIONS)}")
    return root.value


def _correction(node: yaml.MappingNode, source: str) -> Correction:
    line = node.start_mark.line + 1
    spec = yaml.safe_load(yaml.serialize(node))
    where = f"{source} line {line}"
    actions = [a for a in ACTIONS if a in spec]
    if len(actions) != 1:
        raise CorrectionsError(f"{where}: give exactly one of {', '.join(ACTIONS)}")
    action = actions[0]
    unknown = set(spec) - {action, "card", "kind", "to", "into", "role", "roles", "type", "note"}
    if unknown:
        raise CorrectionsError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    names = spec[action]
    names = tuple(str(n) for n in names) if isinstance(names, list) else (str(names),)
    roles = spec.get("roles") or ([spec["role"]] if spec.get("role") else [])
    roles = tuple(str(r) for r in (roles if isinstance(roles, list) else [roles]))
    correction = Correction(action=action, names=names, line=line, card=spec.get("card"), kind=spec.get("kind"),
                            to=spec.get("to") or spec.get("into"), roles=roles, type=spec.get("type"),
                            note=spec.get("note"))
    problems = []
    if correction.kind not in (None, *KINDS):
        problems.append(f"kind must be one of {', '.join(KINDS)}")
    if bad := [r for r in roles if r not in ROLES]:
        problems.append(f"unknown roles {bad}: use {', '.join(ROLES)}")
    if action in ("rename", "merge") and not correction.to:
        problems.append(f"{action} needs the new name ({'to' if action == 'rename' else 'into'}:)")
    if action == "add_role" and not roles:
        problems.append("add_role needs role:")
    if action == "add":
        if not correction.card:
            problems.append("add needs the card: it goes to")
        if (correction.kind or "organization") == "territory" and correction.type not in TERRITORY_TYPES:
            problems.append(f"a territory needs type: one of {', '.join(TERRITORY_TYPES)}")
    if problems:
        raise CorrectionsError(f"{where}: " + "; ".join(problems))
    return correction


def _note(c: Correction, source: str, detail: str) -> str:
    return f"{detail} ({source} line {c.line}{': ' + c.note if c.note else ''})"


def _corrected(item, c: Correction, source: str, knowledge: Knowledge):
    found = item.found
    if c.action == "accept":
        return replace(item, found=replace(found, confidence=1.0,
                                           curation=(*found.curation, _note(c, source, "accepted"))))
    if c.action in ("rename", "merge"):
        # Renamed to a name the registry or the gazetteer knows: it becomes that entity (one node in the graph).
        changes = _known_as(item, c.to, knowledge)
        note = _note(c, source, f"{'renamed' if c.action == 'rename' else 'merged'} from {item.name!r}")
        return replace(item, **changes, found=replace(found, confidence=1.0, curation=(*found.curation, note)))
    if c.action == "add_role":
        roles = {*item.roles, *c.roles} - ({"other"} if set(c.roles) - {"other"} else set())
        note = _note(c, source, f"role {', '.join(c.roles)} added")
        return replace(item, roles=tuple(r for r in ROLE_ORDER if r in roles),
                       found=replace(found, confidence=1.0, curation=(*found.curation, note)))
    return item


def _added(c: Correction, kind: str, record: Record, source: str):
    found = Finding("correction", 1.0, (_note(c, source, "added"),))
    evidence = c.note or f"added by {source}"
    name = c.names[0]
    if kind == "organization":
        return Organization(name=name, roles=c.roles or ("other",), evidence=evidence, line=record.line_start,
                            found=found)
    if kind == "programme":
        return Programme(name=name, evidence=evidence, line=record.line_start, found=found)
    return Territory(name=name, type=c.type, evidence=evidence, line=record.line_start, found=found)


def _known_as(item, name: str, knowledge: Knowledge) -> dict:
    """The fields of `item` renamed to `name`: the known entity's name and key where there is one."""
    if isinstance(item, Territory):
        key = fold(name)
        place = knowledge.gazetteer.comune(name) or next(
            (p for p in knowledge.gazetteer.places if key in {fold(p.name), *map(fold, p.aliases)}), None)
        if place is None:
            return {"name": name, "ref": None, "istat_code": None}
        return {"name": place.name, "ref": place.id, "type": place.type, "istat_code": place.istat_code}
    registry = knowledge.organizations if isinstance(item, Organization) else knowledge.programmes
    entity = _registry_entity(registry, name)
    changes = {"name": entity.name, "ref": entity.id} if entity else {"name": name, "ref": None}
    if isinstance(item, Programme):
        changes["codes"] = ()
    return changes


def _registry_entity(registry: Registry, name: str):
    key = fold(name)
    return next((e for e in registry.entities.values()
                 if not e.is_self and key in {fold(e.name), *(fold(p.text) for p in e.aliases)}), None)


def _merged(items: list) -> tuple:
    """Entities that now share a name (or registry key) are one, with the roles and notes of both."""
    out: dict[tuple, object] = {}
    for item in items:
        # a fund and a programme it feeds share a registry key but are two programmes
        key = (getattr(item, "type", None), item.ref or fold(item.name),
               fold(item.name) if isinstance(item, Programme) else None)
        if key not in out:
            out[key] = item
            continue
        first = out[key]
        found = replace(first.found, confidence=max(first.found.confidence, item.found.confidence),
                        curation=tuple(dict.fromkeys((*first.found.curation, *item.found.curation))))
        changes: dict = {"found": found}
        if isinstance(first, Organization):
            roles = set(first.roles) | set(item.roles)
            if len(roles) > 1:
                roles.discard("other")
            changes["roles"] = tuple(r for r in ROLE_ORDER if r in roles)
        out[key] = replace(first, **changes)
    return tuple(out.values())
