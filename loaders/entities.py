"""Stage 2b: the organisations, programmes and territories a card names, as the record reports them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import cues, forms
from .gazetteer import Place
from .knowledge import Knowledge
from .mentions import Found, MentionFinder
from .model import Diagnostic, Finding, Organization, Programme, Territory
from .passage import Passage
from .text import fold

_FROM_ABROAD = re.compile(r"\bprovenienti\s+da\b|\bpartenariato\b[^.;]{0,40}\bper\s+(?:la|il|l['’])\s*$", re.IGNORECASE)
# Places a title may name as the card's area; other names in a capitalised title are too ambiguous.
_NAMED_IN_TITLES = ("area_interna", "area_estera", "stato")
_REGION_CONTEXT = re.compile(r"\b(?:in|della|nella|dalla|tutta la|del)\s+$", re.IGNORECASE)
HOME_COUNTRY = "IT"


@dataclass(frozen=True)
class Entities:
    organizations: tuple[Organization, ...]
    programmes: tuple[Programme, ...]
    territories: tuple[Territory, ...]
    diagnostics: tuple[Diagnostic, ...]


class Recogniser:
    """Reads what a card names, using the knowledge loaded once for the whole catalogue."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.finder = MentionFinder(knowledge)

    def recognise(self, passage: Passage, short_lines: Sequence[tuple[int, str]]) -> Entities:
        diagnostics: list[Diagnostic] = []
        found = self.finder.find(passage)
        cues.assign_roles(found, passage)
        territories = self._territories(found, passage, short_lines)
        programmes = self._programmes(found, passage, territories)
        organizations = self._organizations(found, passage, programmes, diagnostics)
        # One per programme (a refined mention and its refinement are one), a fund's programme apart from the fund
        unique_programmes = tuple({(p.ref or fold(p.name), key.endswith(":programme")): p
                                   for key, p in programmes.items()}.values())
        return Entities(tuple(organizations), unique_programmes, tuple(territories), tuple(diagnostics))

    def _organizations(self, found: list[Found], passage: Passage, programmes: dict[str, Programme],
                       diagnostics: list[Diagnostic]) -> list[Organization]:
        merged: dict[str, list[Found]] = {}
        names: dict[str, str] = {}
        for f in found:
            if f.category not in ("org", "pattern"):
                continue
            if f.institution and not f.roles - {"other"} and not f.acting:
                continue  # "nel Comune di X" names a place, not a participant
            if f.needs_cue and not f.roles:
                continue  # a regulator, or a vague short name, cited without taking part
            name = f.name
            if f.ref == "autorita-di-gestione":
                name = self._managing_authority(f, passage, found, programmes)
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
                ref=_reference(mentions[0]),
                found=_organization_finding(mentions[0], roles, all(map(self._listed, mentions[0].places))),
            ))
        return out

    @staticmethod
    def _managing_authority(f: Found, passage: Passage, found: list[Found], programmes: dict[str, Programme]) -> str:
        """"Autorità di Gestione" is named after the programme it manages, when the sentence names one."""
        sentence = passage.sentence(f.start)
        near = [g for g in found if g.category == "programme" and passage.sentence(g.start) == sentence]
        # An initiative inside a programme ("Open Community PA 2020") is not what an authority manages.
        near = [g for g in near if g.entity.type not in ("iniziativa", "misura_pnrr")] or near
        managed = near and (programmes.get(near[0].ref) or programmes.get(f"{near[0].ref}:programme"))
        return f"Autorità di Gestione del {managed.name}" if managed else f.name

    def _programmes(self, found: list[Found], passage: Passage, territories: Sequence[Territory]
                    ) -> dict[str, Programme]:
        """The programmes named, keyed by the registry id they were named by (refined ones included)."""
        k = self.knowledge
        text = passage.text
        mentions: dict[str, list[tuple[Found, str | None, bool]]] = {}
        for f in found:
            if f.category != "programme":
                continue
            s_start, _ = passage.sentence(f.start)
            funded = bool(forms.MONEY_CUE.search(text[s_start:f.start]))
            if f.needs_cue and not funded:
                continue  # a short name that also labels other things ("Aree Interne SNAI"): only as a source of money
            key = f.ref or f"form:{fold(f.name)}"
            if f.entity is not None and f.entity.type == "fondo_ue" and _qualifiers(text, f.start, f.end)[0]:
                key += ":programme"  # "il FSE+ … e il PR FSE+ 2021-2027": the fund and a programme it feeds
            mentions.setdefault(key, []).append((f, _period_after(text, f.end), funded))
        countries = {k.gazetteer.by_id[t.ref].country for t in territories
                     if t.ref in k.gazetteer.by_id and t.type in ("stato", "area_estera")}
        cross_border = bool(re.search(r"transfrontalier", text, re.I))
        out: dict[str, Programme] = {}
        for key, found_here in mentions.items():
            # The mention that says the money comes from it names the programme best; else one with its period.
            funded = [m for m in found_here if m[2]]
            f, period, _ = funded[0] if funded else next((m for m in found_here if m[1]), found_here[0])
            ref = f.ref
            if f.entity is None:  # found by its form, not in the registry
                out[key] = Programme(name=f.name, evidence=passage.quote(f.start, f.end),
                                     line=passage.line_at(f.start), found=Finding("pattern", 0.7))
                continue
            entity = k.programmes[ref]
            refined = next((e for e in k.programmes.entities.values() if ref in e.refines
                            and set(e.countries) & countries and (ref == "interreg" or cross_border)), None)
            if refined is not None and refined.id not in mentions:
                entity = refined
            name = entity.name
            prefix, place, strand = _qualifiers(text, f.start, f.end) if entity.type == "fondo_ue" or \
                entity.keeps_period else (None, None, None)
            if prefix:
                name = f"{prefix} {name}"  # "Programma Regionale FESR": the region's programme of the fund
            if place:
                name = f"{name} {place}"
            if entity.keeps_period and period and period not in name:
                name = f"{name} {period}"
            if prefix in _PREFIX_IN_FULL:
                name = f"{name} ({_PREFIX_IN_FULL[prefix]})"  # "PR FESR 2021-2027 (Programma Regionale)"
            codes: tuple[str, ...] = ()
            if entity.codes is not None:
                codes = tuple(dict.fromkeys(_code(c) for c in entity.codes.findall(text)))
                if len(codes) == 1:
                    name = f"{name} {codes[0]}"
            if strand:
                codes = (*codes, strand)  # "Erasmus+ KA220-YOU": a narrower concept of the programme
            out[key] = Programme(name=name, evidence=passage.quote(f.start, f.end), line=passage.line_at(f.start),
                                 ref=entity.id, codes=codes, found=Finding("registry", 0.95 if funded else 0.85))
        return out

    def _territories(self, found: list[Found], passage: Passage, short_lines: Sequence[tuple[int, str]]
                     ) -> list[Territory]:
        text = passage.text
        out: dict[str, Territory] = {}

        def add(place: Place, start: int, end: int, printed: bool) -> None:
            if place.id in out:
                return
            name = place.name
            written = " ".join(text[start:end].split())
            if printed and place.type in ("area_estera", "altro"):
                name = written  # places abroad keep the name the card uses
            elif printed and place.type == "area_interna" and "." not in written \
                    and fold(written) in map(fold, place.aliases):
                # an area interna under another of its names ("Valtrompia"): as the card has it; a heading in
                # capitals by the fullest name it begins ("APPENNINO LOMBARDO" → "Appennino Lombardo - Alto …")
                name = written if not written.isupper() else max(
                    (n for n in (place.name, *place.aliases) if fold(n).startswith(fold(written))), key=len)
            confidence = 0.9 if not printed else _PLACE_CONFIDENCE.get(place.type, 0.8)
            out[place.id] = Territory(name=name, type=place.type, evidence=passage.quote(start, end),
                                      line=passage.line_at(start), istat_code=place.istat_code, ref=place.id,
                                      found=Finding("gazetteer" if self._listed(place) else "pattern", confidence))

        for f in found:
            if passage.in_title(f.start) and not (f.place and f.place.type in _NAMED_IN_TITLES):
                continue
            if f.form == "parco" and f.roles - {"other"}:
                continue  # a park's managing body taking part ("il Parco Adda Sud ne è il capofila"): not a place
            if f.places and (not f.in_participation_list or f.form == "comuni"):
                for place in f.places:
                    add(place, f.start, f.end, printed=False)
            elif f.category == "place" and f.place is not None and self._names_territory(f, found, passage):
                add(f.place, f.start, f.end, printed=True)
        for number, line, place in self.finder.area_lines(short_lines):
            if place.id not in out:
                out[place.id] = Territory(name=place.name, type=place.type, evidence=line, line=number, ref=place.id,
                                          found=Finding("list", 0.8))
        # "Poschiavo" beside "Val Poschiavo" (places abroad, named loosely): the shorter name is the same place.
        loose = [fold(t.name) for t in out.values() if t.type in ("area_estera", "altro")]
        return [t for t in out.values() if t.type not in ("area_estera", "altro")
                or not any(other != fold(t.name) and other.endswith(" " + fold(t.name)) for other in loose)]

    def _listed(self, place: Place) -> bool:
        """A place the gazetteer lists (or the Ambito of one of its Comuni), not one read by its form alone."""
        return place.id in self.knowledge.gazetteer.by_id or place.id.startswith("ambito:")

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
        if place.type == "stato" and place.country == HOME_COUNTRY and not any(
                o.place is not None and o.place.type == "stato" and o.place.country != HOME_COUNTRY
                and passage.sentence(o.start)[0] == s_start for o in found):
            return False  # "arrivati in Italia", "più alti d'Italia": the home country counts among others only
        if place.type == "regione":
            if not _REGION_CONTEXT.search(text[max(0, f.start - 20):f.start]):
                return False
            if re.fullmatch(r"\s*In\s+", text[s_start:f.start]) or re.match(r"\s*Come\b", text[s_start:f.start]):
                return False  # "In Lombardia il teleriscaldamento…", "Come in molte biblioteche della Lombardia…":
                # a general fact or a comparison, not the project's area
        if place.type == "altro" and text[f.start - 1:f.start] == "(" and text[f.end:f.end + 1] == ")" \
                and _comune_before(found, f):
            return False  # "Lissone (Brianza)": a qualifier of the name before it
        return True


# How sure a place named in running text is the card's territory, by its kind: a bare region or country
# name is often a passing mention; a place abroad is read by its form alone.
_PLACE_CONFIDENCE = {"comune": 0.85, "provincia": 0.85, "citta_metropolitana": 0.9, "area_interna": 0.9,
                     "regione": 0.7, "stato": 0.7, "area_estera": 0.65, "altro": 0.65}


def _organization_finding(f: Found, roles: set[str], places_listed: bool) -> Finding:
    """Registry names are sure; a body named after a known place nearly so; names read by their form
    (legal form, head word) or as items of a list of partners less; a mention with no role cue less again."""
    if f.entity is not None:
        by, confidence = "registry", 0.95
    elif f.institution:
        by, confidence = ("gazetteer", 0.9) if places_listed else ("pattern", 0.65)
    elif f.form in (None, "lista"):
        by, confidence = "list", 0.55
    else:
        by, confidence = "pattern", 0.75
    if roles <= {"other"} and by != "registry":
        confidence -= 0.15
    return Finding(by, round(confidence, 2))


def _reference(f: Found) -> str | None:
    """The key of a known body: its registry id, or for a body named after its place (Comune di X) the place's."""
    if f.entity is not None:
        return f.entity.id
    return f.places[0].id if f.institution and f.places else None


def _strength(roles: set[str]) -> int:
    return min(cues.ROLE_ORDER.index(r) for r in roles)


# Words that make a fund's mention a programme of it: "Programma Regionale FSE+", "PR FESR Lombardia 2021-2027".
_PROGRAMME_PREFIX = re.compile(r"(?:\b[Pp]rogramma\s+(?:[Oo]perativo\s+)?(?:[Rr]egionale|[Nn]azionale)|"
                               r"\bP\.?O\.?R\.?|\bP\.?O\.?N\.?|\bPR|\bPN)\s+$")
_PREFIX_IN_FULL = {"PR": "Programma Regionale", "PN": "Programma Nazionale"}
_PROGRAMME_PLACE = re.compile(r"\s+((?:Regione\s+)?Lombardia)\b")
# A programme's strand, action or axis printed after it (and its period): "KA220-YOU", "(Asse Inclusione)".
_STRAND = re.compile(r"\s*(?:[-–:]\s*)?(?:\(\s*)?(KA\d{3}(?:\s*[-–]\s*[A-Z]{2,4})?|Asse\s+(?:[IVX]+|\d+|[A-Z][a-zà-ÿ]+)"
                     r"|Priorità\s+\d+|Obiettivo\s+[Ss]pecifico\s+[\d.]+\w?|Azione\s+\d+(?:\.\d+)*[a-z]?)\b")
_PERIOD = re.compile(r"\s*(?:\(\w+\)\s*)?(\d{4})\s*[-–/ ]\s*(\d{2,4})\b")


def _qualifiers(text: str, start: int, end: int) -> tuple[str | None, str | None, str | None]:
    """What is printed around a programme's mention that narrows it: a prefix, the region, a strand."""
    prefix = _PROGRAMME_PREFIX.search(text[max(0, start - 40):start])
    place = _PROGRAMME_PLACE.match(text, end) if prefix else None
    after = place.end() if place else end
    if period := _PERIOD.match(text, after):
        after = period.end()
    strand = _STRAND.match(text, after)
    return (" ".join(prefix.group().split()) if prefix else None, place.group(1) if place else None,
            re.sub(r"\s*[-–]\s*", "-", strand.group(1)) if strand else None)


def _code(printed: str) -> str:
    """A programme's code as its owner writes it: "Missione 5 Componente 2" and "M5 C2" are M5C2."""
    spelled = re.fullmatch(r"Missione\s+(\d)\s*,?\s*Componente\s+(\d)", printed.strip(), re.IGNORECASE)
    return f"M{spelled.group(1)}C{spelled.group(2)}" if spelled else re.sub(r"\s+", "", printed).upper()


def _period_after(text: str, end: int) -> str | None:
    place = _PROGRAMME_PLACE.match(text, end)
    m = _PERIOD.match(text[place.end() if place else end:end + 45])
    if not m:
        return None
    first, last = m.group(1), m.group(2)
    if len(last) == 2:
        last = first[:2] + last
    return f"{first}-{last}" if 0 < int(last) - int(first) <= 10 else None


def _comune_before(found: Sequence[Found], f: Found) -> bool:
    return any(o.end <= f.start and f.start - o.end <= 3 and (o.place and o.place.type == "comune" or o.institution)
               for o in found)
