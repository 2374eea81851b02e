"""Stage 2b: organisations, programmes and places named on a card, with the roles the wording gives them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from . import cues
from .gazetteer import Gazetteer, Place
from .knowledge import Knowledge
from .matcher import Match, Phrase, PhraseMatcher, longest_non_overlapping
from .model import Diagnostic, Organization, Programme, Territory
from .passage import Passage
from .registry import Entity
from .text import fold

# A capitalised word (hyphens and apostrophes inside allowed: "TER-NA", "Anci-Sa", "D'Annunzio").
_CAP = r"(?:[A-ZÀ-Ý][\w'’&+\-]*[\w+]|[A-ZÀ-Ý])"
_QUOTED = r"(?:\"[^\"\n]{2,40}\"|“[^”\n]{2,40}”)"
_WORD = rf"(?:{_CAP}|{_QUOTED})"
_JOIN = r"(?:di|del|della|dei|degli|delle|dello|per|la|il|in|sul|sulla|dell['’]\s*)"
NAME = rf"{_WORD}(?:[ \t]+(?:{_JOIN}[ \t]*)?{_WORD})*"

_NAMED_BODIES = (
    ("fondazione", rf"\bFondazione\s+{NAME}"),
    ("associazione", rf"\bAssociazione\s+(?:culturale\s+|sportiva\s+|di promozione sociale\s+|nazionale\s+"
                     rf"|regionale\s+|di volontariato\s+)?{NAME}"),
    ("consorzio", rf"\bConsorzio\s+{NAME}"),
    ("cooperativa", rf"\bCooperativa\s+(?:sociale\s+)?{NAME}"),
    ("universita", rf"\b(?:Università|Politecnico)\s+(?:degli\s+Studi\s+)?(?:(?:di|del|della|dell['’])\s*)?{NAME}"),
    ("impresa", rf"\b{NAME}\s+(?:S\.\s?p\.\s?A\.?|SpA|Spa|SPA|S\.\s?r\.\s?l\.?|Srl|SRL|S\.c\.r\.l\.?|Scarl|Onlus|ONLUS|APS|ETS)\b"),
    ("associazione_enti_locali", rf"\bANCI\s+{_CAP}"),
    ("gal", rf"\bGAL\s+{NAME}"),
    ("azienda_sanitaria", rf"\b(?:ATS|ASST)\s+(?:(?:di|del|della)\s+)?{NAME}"),
    ("ufficio", rf"\b(?:Sezione|Dipartimento|Centro Studi)\s+(?:[A-ZÀ-Ý][\w'’-]*|[a-zà-ÿ]+)(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|[a-zà-ÿ]+)){{0,4}}?"
                rf"(?:\s*\([A-Z]{{2,6}}\))?(?:\s+(?:del|della|dell['’]|dei|delle|di)\s*{_WORD}(?:\s+{_WORD})*)+"),
)
_NAMED_BODY_RES = tuple((kind, re.compile(pattern)) for kind, pattern in _NAMED_BODIES)
_MANAGING_AUTHORITY = re.compile(r"\bAutorità di Gestione\b")
_COMUNI_HEAD = re.compile(r"\bComun([ei])\s+di\s+")
_PROVINCE_HEAD = re.compile(r"\b[Pp]rovinc(?:ia|e)\s+(?:di|del|della|dell['’])\s*")
_METRO = re.compile(rf"(?<![/\w])Città\s+[Mm]etropoli(?:tana(?:\s+di\s+({_CAP}))?(?![/\w])|-$|-\n)", re.MULTILINE)
_MOUNTAIN = re.compile(rf"\bComunità\s+[Mm]ontana\s+(?:(?:della|del|dell['’]|di)\s*)?{NAME}")
_AMBITO = re.compile(rf"\bAmbito\s+(?:territoriale\s+|distrettuale\s+|sociale\s+)?(?:di|del|della)\s+({_CAP}(?:\s+{_CAP})*)")
_CITY = re.compile(rf"\b(?:città|municipalità|governatorato|distretto)\s+(?:di|del|della)\s+({_CAP}(?:\s+{_CAP})*)")
_SIGLA = re.compile(r"^\s*\(\s*([A-Z]{2})(?:\s*[-–/]\s*[A-Z]{2})*\s*\)")
_LIST_SEP = re.compile(r"^(?:[ \t]*,[ \t]*|[ \t]+ed?[ \t]+|[ \t]*,[ \t]*ed?[ \t]+)")
_PLACE_ITEM = re.compile(rf"{_CAP}(?:[ \t-]+(?:(?:di|del|della|de['’]|d['’]|sul|sulla|in|con|ed|e)[ \t]+)?{_CAP})*")
_FROM_ABROAD = re.compile(r"\bprovenienti\s+da\b|\bpartenariato\b[^.;]{0,40}\bper\s+(?:la|il|l['’])\s*$", re.IGNORECASE)
_PARTICIPATION = re.compile(r"\bhanno partecipato\b|\bpartenariato\b|\bin convenzione\b", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]{2,120})\)")
_REGION_CONTEXT = re.compile(r"\b(?:in|della|nella|dalla|alla|tutta la|del)\s+$", re.IGNORECASE)
_NATIONAL = re.compile(r"nazional|regional|Dipartiment|Minister|\bStato\b|\bANCI\s+[A-Z][a-z]")

RANK = {"self": 0, "org": 1, "programme": 2, "pattern": 3, "place": 4}


@dataclass
class Found:
    """One thing named in the text, before deciding what to report."""

    category: str  # self | org | programme | pattern | place
    start: int
    end: int
    name: str
    ref: str | None = None
    entity: Entity | None = None
    places: tuple[Place, ...] = ()  # for "Comune di X", "Provincia di X": the place the body governs
    place: Place | None = None  # for a place mention
    institution: bool = False  # a body named after its place (Comune, Provincia, Ambito, Comunità montana)
    needs_cue: bool = False  # reported only where the wording gives it a role
    roles: set[str] = field(default_factory=set)
    roles_ahead: set[str] = field(default_factory=set)  # from the words before it, shared with a list
    in_participation_list: bool = False

    @property
    def rank(self) -> int:
        return RANK[self.category]


@dataclass(frozen=True)
class Entities:
    organizations: tuple[Organization, ...]
    programmes: tuple[Programme, ...]
    territories: tuple[Territory, ...]
    diagnostics: tuple[Diagnostic, ...]


class Recogniser:
    """Finds what a card names, using the knowledge loaded once for the whole catalogue."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    @cached_property
    def _comuni(self) -> PhraseMatcher:
        names = {p.name for group in self.knowledge.gazetteer.comuni.values() for p in group}
        return PhraseMatcher((Phrase(text=n, target=n, case="proper", fuzzy=False) for n in names))

    @cached_property
    def _places(self) -> PhraseMatcher:
        phrases = []
        for place in self.knowledge.gazetteer.places:
            for text in (place.name, *place.aliases):
                case = "fold" if place.type == "area_interna" else "proper"
                phrases.append(Phrase(text=text, target=place.id, case=case, fuzzy=place.type == "area_interna"))
        return PhraseMatcher(phrases)

    @cached_property
    def _area_names(self) -> list[tuple[str, Place]]:
        return [(fold(n), p) for p in self.knowledge.gazetteer.of_type("area_interna") for n in (p.name, *p.aliases)]

    def recognise(self, passage: Passage, short_lines: Sequence[tuple[int, str]]) -> Entities:
        diagnostics: list[Diagnostic] = []
        found = self._candidates(passage, diagnostics)
        found = self._resolve(found, passage)
        self._assign_roles(found, passage)
        territories = self._territories(found, passage, short_lines)
        programmes = self._programmes(found, passage, territories)
        organizations = self._organizations(found, passage, programmes, diagnostics)
        return Entities(tuple(organizations), tuple(programmes), tuple(territories), tuple(diagnostics))

    # --- candidates -----------------------------------------------------------------------------------

    def _candidates(self, passage: Passage, diagnostics: list[Diagnostic]) -> list[Found]:
        k = self.knowledge
        out: list[Found] = []
        for m in k.organizations.find(passage):
            entity = k.organizations[m.target]
            category = "self" if entity.is_self or self._means_publisher(entity, m, passage) else "org"
            out.append(Found(category, m.start, m.end, entity.name, entity.id, entity,
                             needs_cue=entity.cue_required or m.phrase.cue_required))
        for m in k.programmes.find(passage):
            entity = k.programmes[m.target]
            out.append(Found("programme", m.start, m.end, entity.name, entity.id, entity))
        out.extend(self._named_bodies(passage))
        out.extend(self._institutions(passage))
        out.extend(self._partner_lists(passage))
        for m in self._places.find_all(passage):
            if not passage.in_title(m.start):
                place = k.gazetteer.by_id[m.target]
                out.append(Found("place", m.start, m.end, place.name, place.id, place=place))
        out.extend(self._bare_comuni(passage))
        return out

    @staticmethod
    def _means_publisher(entity: Entity, m: Match, passage: Passage) -> bool:
        """A bare "ANCI" is the publisher's own short name unless the sentence speaks of the national level."""
        if entity.id != "anci" or m.phrase.text != "ANCI":
            return False
        start, end = passage.sentence(m.start)
        return not _NATIONAL.search(passage.text[start:end])

    def _named_bodies(self, passage: Passage) -> Iterable[Found]:
        text = passage.text
        for kind, pattern in _NAMED_BODY_RES:
            for m in pattern.finditer(text):
                name = " ".join(m.group().split()).strip(" ,.")
                # "Sezione … del Dipartimento … del Cantone Ticino": the office of a government abroad.
                governed = tuple(self.knowledge.gazetteer.by_id[p.target] for p in self._places.find_all(passage)
                                 if m.start() <= p.start and p.end <= m.end()) if kind == "ufficio" else ()
                yield Found("pattern", m.start(), m.end(), name, ref=None, places=governed)
        for m in _MANAGING_AUTHORITY.finditer(text):
            yield Found("pattern", m.start(), m.end(), m.group(), ref="autorita-di-gestione")

    def _institutions(self, passage: Passage) -> Iterable[Found]:
        text = passage.text
        gaz = self.knowledge.gazetteer
        for m in _COMUNI_HEAD.finditer(text):
            plural = m.group(1) == "i"
            items = _place_list(text, m.end(), gaz.comune, limit=20 if plural else 1)
            for start, end, name, sigla in items:
                comune = gaz.comune(name, sigla) or _comune_prefix(gaz, name)
                place = comune or Place(id=f"estero:{fold(name).replace(' ', '-')}", name=name, type="area_estera",
                                        country="")
                org_start = m.start() if not plural or start == items[0][0] else start
                label = f"Comune di {comune.name}" if comune else f"Comune di {name}"
                yield Found("pattern", org_start, end, label, places=(place,), institution=True)
        for m in _PROVINCE_HEAD.finditer(text):
            for start, end, name, _ in _place_list(text, m.end(), gaz.province):
                province = gaz.province(name)
                if province:
                    yield Found("pattern", m.start() if start == m.end() else start, end, province.name,
                                places=(province,), institution=True)
        for m in _METRO.finditer(text):
            # A Città metropolitana named without its city is the home region's (Milano's, in Lombardy).
            province = gaz.province(m.group(1) or "Milano")
            if province and province.type == "citta_metropolitana":
                yield Found("pattern", m.start(), m.end(), province.name, places=(province,), institution=True)
        for m in _MOUNTAIN.finditer(text):
            name = "Comunità Montana " + " ".join(m.group().split()[2:])
            place = Place(id=f"comunita-montana:{fold(name).replace(' ', '-')}", name=name, type="comunita_montana")
            yield Found("pattern", m.start(), m.end(), name, places=(place,), institution=True)
        for m in _AMBITO.finditer(text):
            comune = gaz.comune(m.group(1))
            if comune:
                name = f"Ambito di {comune.name}"
                place = Place(id=f"ambito:{comune.istat_code}", name=name, type="ambito", region=comune.region)
                yield Found("pattern", m.start(), m.end(), name, places=(place,), institution=True)
        for m in _CITY.finditer(text):
            name = m.group(1)
            if passage.in_title(m.start()) or gaz.comune(name):
                continue
            if text[m.end(1):m.end(1) + 1] == "-":
                # "la città di Bet- [other column] lemme": only a known place can be recognised from its start.
                place = next((p for p in gaz.places if fold(p.name).startswith(fold(name))), None)
            else:
                place = self._known_place(name) or Place(
                    id=f"estero:{fold(name).replace(' ', '-')}", name=name, type="area_estera", country="")
            if place is not None:
                yield Found("place", m.start(1), m.end(1), place.name, place.id, place=place)

    def _known_place(self, name: str) -> Place | None:
        key = fold(name)
        return next((p for p in self.knowledge.gazetteer.places
                     if key in (fold(p.name), *map(fold, p.aliases))), None)

    def _partner_lists(self, passage: Passage) -> Iterable[Found]:
        """Names in brackets in a sentence about partners: "(Ecomate e Fenice Onlus)"."""
        text = passage.text
        for m in _PAREN.finditer(text):
            s_start, _ = passage.sentence(m.start())
            if "partner" not in text[s_start:m.start()].lower():
                continue
            offset = m.start(1)
            for item in re.split(r",\s*|\s+e\s+", m.group(1)):
                pos = text.find(item, offset)
                offset = pos + len(item)
                clean = item.strip(" .")
                if (not clean or not clean[0].isupper() or len(clean.split()) > 4 or self._known_place(clean)
                        or self.knowledge.gazetteer.comune(clean)):
                    continue
                yield Found("pattern", pos, pos + len(clean), clean, in_participation_list=True)

    def _bare_comuni(self, passage: Passage) -> list[Found]:
        """Comuni named without "Comune di": kept where a province code or a list vouches for them."""
        gaz = self.knowledge.gazetteer
        text = passage.text
        matches = [m for m in longest_non_overlapping(self._comuni.find_all(passage)) if not passage.in_title(m.start)]
        accepted: dict[int, Found] = {}
        extra: list[Found] = []
        for n, m in enumerate(matches):
            after = text[m.end:]
            sigla = _SIGLA.match(after)
            # "Ripalta Cremasca e Guerina (CR)": the second name shares its first word with the first.
            elided = re.match(rf"[ \t]+e[ \t]+({_CAP})[ \t]*\(\s*([A-Z]{{2}})", after)
            if sigla:
                place = gaz.comune(m.target, sigla.group(1))
            elif elided:
                place = gaz.comune(m.target, elided.group(2))
                twin = gaz.comune(f"{m.target.split()[0]} {elided.group(1)}", elided.group(2))
                if not (place and twin and len(m.target.split()) > 1):
                    continue
                s = m.end + elided.start(1)
                extra.append(Found("place", s, s + len(elided.group(1)), twin.name, twin.id, place=twin))
            else:
                continue
            if place:
                accepted[n] = Found("place", m.start, m.end, place.name, place.id, place=place)
        # Members of the same list as a vouched-for Comune are vouched for too.
        changed = True
        while changed:
            changed = False
            for n, m in enumerate(matches):
                if n in accepted:
                    continue
                for other in (n - 1, n + 1):
                    if other in accepted and 0 <= other < len(matches):
                        a, b = sorted((m, matches[other]), key=lambda x: x.start)
                        gap = text[a.end:b.start]
                        if re.fullmatch(r"(?:[ \t]*\([A-Z\-– ]+\))?[ \t]*(?:,|,?[ \t]+ed?)[ \t]+(?:(?:a|in|di)[ \t]+)?", gap):
                            place = gaz.comune(m.target)
                            if place:
                                accepted[n] = Found("place", m.start, m.end, place.name, place.id, place=place)
                                changed = True
                                break
        return [*accepted.values(), *extra]

    # --- overlaps, roles ------------------------------------------------------------------------------------

    @staticmethod
    def _resolve(found: list[Found], passage: Passage) -> list[Found]:
        """Where mentions overlap the longest wins (ties: known names before patterns, bodies before places)."""
        as_matches = [Match(f.start, f.end, Phrase(text=f.name, target=i), 0, 0) for i, f in enumerate(found)]
        kept = longest_non_overlapping(as_matches, rank=lambda m: found[m.target].rank)
        return sorted((found[m.target] for m in kept), key=lambda f: f.start)

    def _assign_roles(self, found: list[Found], passage: Passage) -> None:
        text = passage.text
        actors = [f for f in found if f.category in ("self", "org", "pattern")]
        for f in actors:
            s_start, s_end = passage.sentence(f.start)
            before = text[max(s_start, f.start - 160):f.start]
            after = text[f.end:min(s_end, f.end + 160)]
            f.roles_ahead, behind = cues.roles_from_context(before, after, text[s_start:f.start])
            f.roles = f.roles_ahead | behind
        # Lists: "collaborazione tra A, B e C" gives the words before A to B and C too; a body listed with
        # ANCI Lombardia ("A e ANCI Lombardia hanno siglato") acts with it, as a partner.
        groups: list[list[Found]] = []
        for f in actors:
            gap = text[groups[-1][-1].end:f.start] if groups else ""
            # A full stop joins a list only where the OCR read a comma as one: inside a list a cue opened.
            if groups and cues.LIST_GAP.match(gap) and ("." not in gap or groups[-1][0].roles_ahead):
                groups[-1].append(f)
            else:
                groups.append([f])
        for group in groups:
            head = group[0]
            s_start, _ = passage.sentence(head.start)
            participation = bool(re.search(r"hanno partecipato", text[max(0, s_start - 40):head.start], re.I))
            with_self = len(group) > 1 and any(g.category == "self" for g in group)
            participants = [g for g in group if g.category != "self"]
            for g in participants:
                if not g.roles & {"lead", "funder", "beneficiary", "partner"}:
                    g.roles |= head.roles_ahead
                if with_self and not g.roles & {"lead", "funder", "beneficiary"}:
                    g.roles.add("partner")
                g.in_participation_list = g.in_participation_list or participation
            if len([g for g in participants if "lead" in g.roles]) > 2:
                # Many "capofila" in one list lead something else (the groups they head): served, not leading.
                for g in participants:
                    g.roles = (g.roles - {"lead"}) | {"beneficiary"}

    # --- what to report -------------------------------------------------------------------------------

    def _organizations(self, found: list[Found], passage: Passage, programmes: Sequence[Programme],
                       diagnostics: list[Diagnostic]) -> list[Organization]:
        merged: dict[str, list[Found]] = {}
        names: dict[str, str] = {}
        for f in found:
            if f.category not in ("org", "pattern"):
                continue
            if f.institution and not f.roles - {"other"}:
                continue  # "nel Comune di X" names a place, not a participant
            if f.needs_cue and not f.roles:
                continue  # a regulator, or a vague short name, cited without taking part
            name = f.name
            if f.ref == "autorita-di-gestione":
                name = self._managing_authority(f, passage, programmes)
            key = f.ref if f.entity is not None else fold(name)
            if key not in merged:
                merged[key] = []
                names[key] = name
                if f.entity is None and not f.institution:
                    diagnostics.append(Diagnostic(
                        line=passage.line_at(f.start), level="info", code="unknown-organization",
                        message=f"organisation {name!r} found by pattern, not in the registry"))
            merged[key].append(f)
        out = []
        for key, mentions in merged.items():
            roles = set().union(*(m.roles for m in mentions)) or {"other"}
            if len(roles) > 1:
                roles.discard("other")
            best = min(mentions, key=lambda m: _strength(m.roles or {"other"}))
            out.append(Organization(
                name=names[key], roles=tuple(r for r in cues.ROLE_ORDER if r in roles),
                evidence=passage.quote(best.start, best.end), line=passage.line_at(best.start),
                ref=mentions[0].entity.id if mentions[0].entity is not None else None,
            ))
        return out

    def _managing_authority(self, f: Found, passage: Passage, programmes: Sequence[Programme]) -> str:
        """"Autorità di Gestione" is named after the programme it manages, when the sentence names one."""
        start, end = passage.sentence(f.start)
        near = [p for p in programmes if p.ref and start <= passage.text.find(p.evidence[:30]) + 30 and
                passage.text.find(p.evidence[:30]) < end]
        near = [p for p in near if self.knowledge.programmes[p.ref].type not in ("iniziativa", "misura_pnrr")] or near
        return f"Autorità di Gestione del {near[0].name}" if near else f.name

    def _programmes(self, found: list[Found], passage: Passage, territories: Sequence[Territory]) -> list[Programme]:
        k = self.knowledge
        text = passage.text
        mentions: dict[str, list[tuple[Found, str | None, bool]]] = {}
        for f in found:
            if f.category != "programme":
                continue
            s_start, _ = passage.sentence(f.start)
            funded = bool(re.search(r"(?:finanziat|a valere|\bfond[oi]\b|risorse)", text[s_start:f.start], re.I))
            mentions.setdefault(f.ref, []).append((f, _period_after(text, f.end), funded))
        countries = {k.gazetteer.by_id[t.ref].country for t in territories
                     if t.ref in k.gazetteer.by_id and t.type in ("stato", "area_estera")}
        cross_border = bool(re.search(r"transfrontalier", text, re.I))
        out: dict[str, Programme] = {}
        for ref, found_here in mentions.items():
            # The mention that says the money comes from it names the programme best; else one with its period.
            funded = [m for m in found_here if m[2]]
            f, period, _ = funded[0] if funded else next((m for m in found_here if m[1]), found_here[0])
            entity = k.programmes[ref]
            refined = next((e for e in k.programmes.entities.values() if ref in e.refines
                            and set(e.countries) & countries and (ref == "interreg" or cross_border)), None)
            if refined is not None and refined.id not in mentions:
                entity = refined
            name = entity.name
            if entity.keeps_period and period and period not in name:
                name = f"{name} {period}"
            codes: tuple[str, ...] = ()
            if entity.codes is not None:
                codes = tuple(dict.fromkeys(re.sub(r"\s+", "", c).upper() for c in entity.codes.findall(text)))
                if len(codes) == 1:
                    name = f"{name} {codes[0]}"
            out.setdefault(entity.id, Programme(name=name, evidence=passage.quote(f.start, f.end),
                                                line=passage.line_at(f.start), ref=entity.id, codes=codes))
        return list(out.values())

    def _territories(self, found: list[Found], passage: Passage, short_lines: Sequence[tuple[int, str]]
                     ) -> list[Territory]:
        text = passage.text
        out: dict[str, Territory] = {}

        def add(place: Place, start: int, end: int) -> None:
            if place.id in out:
                return
            name = place.name
            if place.type in ("area_estera", "altro") and start < end:
                name = " ".join(text[start:end].split())
            out[place.id] = Territory(name=name, type=place.type, evidence=passage.quote(start, end),
                                      line=passage.line_at(start), istat_code=place.istat_code, ref=place.id)

        for f in found:
            if passage.in_title(f.start):
                continue
            if f.places and not f.in_participation_list:
                for place in f.places:
                    add(place, f.start, f.end)
            elif f.category == "place" and f.place is not None and self._names_territory(f, found, passage):
                add(f.place, f.start, f.end)
        for number, line in short_lines:
            item = re.sub(r"^\s*[-–•]?\s*\d{0,2}[.)]?\s*", "", line).strip()
            if not item or len(item) > 70:
                continue
            best = max(self._area_names, key=lambda np: fuzz.ratio(fold(item), np[0]))
            if fuzz.ratio(fold(item), best[0]) >= 85 and best[1].id not in out:
                place = best[1]
                out[place.id] = Territory(name=place.name, type=place.type, evidence=line.strip(), line=number,
                                          ref=place.id)
        # "Poschiavo" beside "Val Poschiavo" (places abroad, named loosely): the shorter name is the same place.
        loose = [fold(t.name) for t in out.values() if t.type in ("area_estera", "altro")]
        return [t for t in out.values() if t.type not in ("area_estera", "altro")
                or not any(other != fold(t.name) and other.endswith(" " + fold(t.name)) for other in loose)]

    @staticmethod
    def _names_territory(f: Found, found: Sequence[Found], passage: Passage) -> bool:
        """Whether a place mention says where the card's work happens."""
        text = passage.text
        place = f.place
        s_start, _ = passage.sentence(f.start)
        if text[f.end:f.end + 1] == "-" and text[f.end + 1:f.end + 2].isalpha() or text[f.start - 1:f.start] == "-":
            return False  # part of a compound name ("Interreg Italia-Svizzera")
        if place.type == "stato" and _FROM_ABROAD.search(text[s_start:f.start]):
            return False  # where partners come from, not where the project works
        if place.type == "regione":
            if not _REGION_CONTEXT.search(text[max(0, f.start - 20):f.start]):
                return False
            if re.fullmatch(r"\s*In\s+", text[s_start:f.start]):
                return False  # "In Lombardia il teleriscaldamento…": a general fact, not the project's area
        if text[f.start - 1:f.start] == "(" and text[f.end:f.end + 1] == ")" and _comune_before(found, f):
            return False  # "Lissone (Brianza)": a qualifier of the name before it
        return True


def _strength(roles: set[str]) -> int:
    return min(cues.ROLE_ORDER.index(r) for r in roles)


def _period_after(text: str, end: int) -> str | None:
    m = re.match(r"\s*(?:\(\w+\)\s*)?(\d{4})\s*[-–/ ]\s*(\d{2,4})\b", text[end:end + 30])
    if not m:
        return None
    first, last = m.group(1), m.group(2)
    if len(last) == 2:
        last = first[:2] + last
    return f"{first}-{last}" if 0 < int(last) - int(first) <= 10 else None


def _place_list(text: str, pos: int, is_place, limit: int = 20) -> list[tuple[int, int, str, str | None]]:
    """Names in "Milano, Lecco, Lissone (Brianza) e Vibo Valentia" starting at `pos`."""
    items: list[tuple[int, int, str, str | None]] = []
    while len(items) < limit:
        m = _PLACE_ITEM.match(text, pos)
        if not m:
            break
        name = m.group()
        end = m.end()
        # "Fano e Associazione": a list joined with "e" swallowed by the pattern, unless the whole is one name.
        parts = re.split(r"[ \t]+ed?[ \t]+", name)
        if len(parts) > 1 and not is_place(name):
            name = parts[0]
            end = m.start() + len(name)
        after = text[end:]
        sigla = _SIGLA.match(after)
        items.append((m.start(), end, name, sigla.group(1) if sigla else None))
        rest = end
        paren = re.match(r"\s*\([^)]{1,40}\)", text[rest:])
        if paren:
            rest += paren.end()
        sep = _LIST_SEP.match(text[rest:])
        if not sep:
            break
        pos = rest + sep.end()
    return items


def _comune_prefix(gaz: Gazetteer, name: str) -> Place | None:
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        place = gaz.comune(" ".join(words[:size]))
        if place:
            return place
    return None


def _comune_before(found: Sequence[Found], f: Found) -> bool:
    return any(o.end <= f.start and f.start - o.end <= 3 and (o.place and o.place.type == "comune" or o.institution)
               for o in found)
