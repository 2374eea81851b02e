"""Where a card names something: known organisations and programmes, bodies found by their form
("Fondazione …", "Comune di …", "… S.r.l."), places, and the overlaps between them resolved."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from rapidfuzz import fuzz

from . import forms
from .gazetteer import Gazetteer, Place
from .knowledge import Knowledge
from .matcher import Match, Phrase, PhraseMatcher, longest_non_overlapping
from .passage import Passage
from .registry import Entity
from .text import fold, slugify

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
    form: str | None = None  # for names found by their form: fondazione, impresa, ufficio…
    acting: bool = False  # a body of a list the sentence makes act ("i Comuni di A e B ospiteranno"), role unsaid

    @property
    def rank(self) -> int:
        return 5 if self.form == "lista" else RANK[self.category]  # any other reading of the words comes first


class MentionFinder:
    """Finds every mention in a card's text, with the knowledge loaded once for the whole catalogue."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    @cached_property
    def _comuni(self) -> PhraseMatcher:
        names = {p.name for group in self.knowledge.gazetteer.comuni.values() for p in group}
        return PhraseMatcher(Phrase(text=n, target=n, case="proper", fuzzy=False) for n in names)

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

    def find(self, passage: Passage) -> list[Found]:
        """All mentions; where two overlap the longest wins (ties: known names, then patterns, then places)."""
        found = self._candidates(passage)
        as_matches = [Match(f.start, f.end, Phrase(text=f.name, target=i), 0, 0) for i, f in enumerate(found)]
        kept = longest_non_overlapping(as_matches, rank=lambda m: found[m.target].rank)
        return sorted((found[m.target] for m in kept), key=lambda f: f.start)

    def area_lines(self, lines: Sequence[tuple[int, str]]) -> Iterable[tuple[int, str, Place]]:
        """Aree interne in list lines of a map legend ("- 8 Piattello Verbano"), tolerating OCR slips."""
        for number, line in lines:
            item = re.sub(r"^\s*[-–•]?\s*\d{0,2}[.)]?\s*", "", line).strip()
            if not item or len(item) > 70:
                continue
            best = max(self._area_names, key=lambda np: fuzz.ratio(fold(item), np[0]))
            if fuzz.ratio(fold(item), best[0]) >= 85:
                yield number, line.strip(), best[1]

    def _candidates(self, passage: Passage) -> list[Found]:
        k = self.knowledge
        out: list[Found] = []
        for m in k.organizations.find(passage):
            entity = k.organizations[m.target]
            category = "self" if entity.is_self or self._means_publisher(entity, m, passage) else "org"
            out.append(Found(category, m.start, m.end, entity.name, entity.id, entity,
                             needs_cue=entity.cue_required or m.phrase.cue_required))
        for m in k.programmes.find(passage):
            entity = k.programmes[m.target]
            out.append(Found("programme", m.start, m.end, entity.name, entity.id, entity,
                             needs_cue=m.phrase.cue_required))
        out.extend(self._programmes_by_form(passage))
        out.extend(self._acronym_bodies(passage))
        out.extend(self._regional_branches(passage))
        out.extend(self._cued_lists(passage))
        out.extend(self._named_bodies(passage))
        out.extend(self._institutions(passage))
        out.extend(self._partner_lists(passage))
        for m in self._places.find_all(passage):
            place = k.gazetteer.by_id[m.target]
            if place.type == "area_estera" and forms.GOVERNED.match(place.name):
                # "la Regione Maloja", "il Cantone dei Grigioni": a place abroad that also acts as a body
                out.append(Found("pattern", m.start, m.end, place.name, places=(place,), institution=True))
            else:
                out.append(Found("place", m.start, m.end, place.name, place.id, place=place))
        out.extend(self._bare_comuni(passage))
        return _offices_to_their_bodies(out)

    @staticmethod
    def _means_publisher(entity: Entity, m: Match, passage: Passage) -> bool:
        """A bare "ANCI" is the publisher's own short name unless the sentence speaks of the national level."""
        if entity.id != "anci" or m.phrase.text != "ANCI":
            return False
        start, end = passage.sentence(m.start)
        return not forms.NATIONAL.search(passage.text[start:end])

    @staticmethod
    def _programmes_by_form(passage: Passage) -> Iterable[Found]:
        """National and regional programmes, plans and funds the registry does not know, named in a sentence
        about money: "a valere sul Programma sperimentale nazionale di mobilità sostenibile casa-scuola"."""
        text = passage.text
        for m in forms.PROGRAMME_BY_FORM.finditer(text):
            s_start, _ = passage.sentence(m.start())
            # A fund is money by its name; a programme, plan or strategy only in a sentence about money.
            if passage.in_title(m.start()) or m.group("head") and not forms.MONEY_CUE.search(text[s_start:m.start()]):
                continue
            name = " ".join(re.sub(r"[«»\"“”]", "", m.group()).split())
            yield Found("programme", m.start(), m.end(), name[:1].upper() + name[1:], form="programma")

    def _acronym_bodies(self, passage: Passage) -> Iterable[Found]:
        """Bodies printed with their acronym, whatever their head: "Cassa Depositi e Prestiti (CDP)", "(INPS)
        Istituto Nazionale della Previdenza Sociale", "GSE – Gestore dei Servizi Energetici": the acronym's
        letters are the initials of the name's words, which is what makes it a name."""
        text = passage.text
        for pattern in forms.ACRONYM_FORMS:
            for m in pattern.finditer(text):
                name, acronym = m.group("name"), m.group("acronym")
                if not forms.initials_match(acronym, name) or acronym in self._programme_acronyms \
                        or fold(name.split()[0]) in forms.PROGRAMME_HEADS:
                    continue
                # Concepts have acronyms too ("Green Public Procurement (GPP)"): without a head word that makes
                # it a body, a body is one that takes part.
                headed = re.match(rf"(?:{forms.ACRONYM_HEADS})\b", name)
                yield Found("pattern", m.start(), m.end(), " ".join(m.group().split()), form="sigla",
                            needs_cue=not headed)
        # "i CPIA di Bergamo, Brescia e Como": one body an acronym names in each place
        gaz = self.knowledge.gazetteer
        for m in forms.ACRONYM_OF_PLACES.finditer(text):
            if m.group("acronym") in self._programme_acronyms:
                continue
            items = _place_list(text, m.end(), gaz.comune)
            for n, (start, end, printed, sigla) in enumerate(items):
                comune = gaz.comune(printed, sigla)
                if comune:
                    yield Found("pattern", m.start() if n == 0 else start, end,
                                f"{m.group('acronym')} di {comune.name}", form="sigla")

    def _regional_branches(self, passage: Passage) -> Iterable[Found]:
        """A body's branch, named by its acronym and the region or by its network and place: "ARPA Lombardia",
        "Coldiretti Brescia"."""
        for m in forms.REGIONAL_BRANCH.finditer(passage.text):
            if m.group("body") not in self._programme_acronyms:
                yield Found("pattern", m.start(), m.end(), m.group(), form="sezione")

    def _cued_lists(self, passage: Passage) -> Iterable[Found]:
        """The names listed after words that introduce partners or funders ("il partenariato comprende Tartu
        Linnaraamatukogu e l'Universidade de Aveiro"), bodies the registry and the patterns do not know."""
        text = passage.text
        gaz = self.knowledge.gazetteer
        for m in forms.LIST_CUE.finditer(text):
            pos = m.end()
            for _ in range(8):
                item = forms.LIST_ITEM.match(text, pos)
                if not item:
                    break
                name = item.group("name")
                if forms.RUNS_ON_LOWER.match(text, item.end("name")):
                    break  # "l'Autorità di bacino distrettuale…": the name goes on in words the list cannot read
                if not (gaz.comune(name) or gaz.province(name) or self._known_place(name)) and len(name) > 3:
                    yield Found("pattern", item.start("name"), item.end("name"), name, form="lista")
                pos = item.end()

    @cached_property
    def _programme_acronyms(self) -> frozenset[str]:
        return frozenset(p.text for p in self.knowledge.programmes.phrases if p.case == "exact")

    def _named_bodies(self, passage: Passage) -> Iterable[Found]:
        text = passage.text
        places: list[Match] | None = None
        for kind, pattern in forms.NAMED_BODY_RES:
            for m in pattern.finditer(text):
                if "name" in pattern.groupindex and m.group()[:1].islower() and \
                        fold(m.group("name").split()[0]) in forms.GENERIC:
                    continue  # "l'associazione dei Comuni": a kind of body, not one
                if kind == "sigla" and (m.group("acronym") in self._programme_acronyms
                                        or forms.NOT_IN_A_NAME.search(m.group())):
                    continue  # "… Svizzera nell'ambito della Nuova politica regionale (NPR)": the acronym is another's
                end = self._run_on_place(text, m.end()) if kind != "sigla" else m.end()
                name = " ".join(text[m.start():end].split()).strip(" ,.")
                if name.endswith(" e.V"):
                    name += "."  # the German legal form keeps its last full stop
                name = name[:1].upper() + name[1:]  # "la cooperativa sociale Il Sentiero" → "Cooperativa sociale …"
                governed: tuple[Place, ...] = ()
                if kind == "parco":
                    park = re.sub(r"^Ente\s+", "", name)
                    place = Place(id=f"area:{slugify(park, max_words=12)}", name=park, type="altro")
                    yield Found("pattern", m.start(), m.end(), name, places=(place,), institution=True, form=kind)
                    continue
                if kind == "estero":
                    places = self._places.find_all(passage) if places is None else places
                    same = [p for p in places if p.start == m.start() and p.end == m.end()]
                    if same:
                        continue  # a place abroad named as its government ("Cantone Ticino"): read as the place
                    if seat := forms.TERRITORIAL_ABROAD.match(name):
                        # "la Gemeinde Oberstdorf", "l'Ayuntamiento de Jaca": a government abroad and its place
                        inside = [p for p in places if m.start() <= p.start and p.end <= end]
                        place = (self.knowledge.gazetteer.by_id[inside[0].target] if inside else
                                 _abroad(name[seat.end():]))
                        yield Found("pattern", m.start(), end, name, places=(place,), institution=True, form=kind)
                        continue
                if kind == "ufficio":
                    # "Sezione … del Dipartimento … del Cantone Ticino": the office of a government abroad.
                    places = self._places.find_all(passage) if places is None else places
                    governed = tuple(self.knowledge.gazetteer.by_id[p.target] for p in places
                                     if m.start() <= p.start and p.end <= m.end())
                # A body abroad is often named as the place it governs ("nel Cantone Ticino"): only a role
                # cue makes it a participant.
                yield Found("pattern", m.start(), end, name, ref=None, places=governed, form=kind,
                            needs_cue=kind == "estero")
        for m in forms.MANAGING_AUTHORITY.finditer(text):
            yield Found("pattern", m.start(), m.end(), m.group(), ref="autorita-di-gestione", form="autorita")

    @cached_property
    def _names_with_and(self) -> list[tuple[str, re.Pattern]]:
        """Known places whose name has "e" inside ("Monza e Brianza", "Sermide e Felonica"): first part, rest."""
        out = []
        for place in self.knowledge.gazetteer.by_id.values():
            for name in (place.name, *place.aliases):
                parts = re.split(r" ed? ", name, maxsplit=1)
                if len(parts) == 2 and fold(parts[0]) and parts[1]:
                    out.append((fold(parts[0]).split()[-1], re.compile(rf"[ \t]+ed?[ \t]+{re.escape(parts[1])}\b")))
        return out

    def _run_on_place(self, text: str, end: int) -> int:
        """Where a name ends that a pattern stopped at the "e" of a place's name ("della Comunità di Monza e
        Brianza"): past the rest of the place's name."""
        if not re.match(r"[ \t]+ed?[ \t]+[A-ZÀ-Ý]", text[end:end + 6]):
            return end
        last = fold(text[max(0, end - 40):end]).split()[-1:]
        for first, rest in self._names_with_and:
            if last == [first] and (m := rest.match(text, end)):
                return m.end()
        return end

    def _institutions(self, passage: Passage) -> Iterable[Found]:
        text = passage.text
        gaz = self.knowledge.gazetteer
        for m in forms.COMUNI_HEAD.finditer(text):
            plural = m.group(1) == "i"
            body = "Comune" if m.group(1) else m.group().split()[0]
            acting = plural and forms.acting_list(text, passage.sentence(m.start())[0], m.start())
            items = _place_list(text, m.end(), gaz.comune, limit=20 if plural else 1)
            for start, end, name, sigla in items:
                comune = gaz.comune(name, sigla) or _comune_prefix(gaz, name)
                place = comune or self._known_place(name, printed=True) or _abroad(name)
                org_start = m.start() if not plural or start == items[0][0] else start
                label = f"{body} di {comune.name}" if comune else f"{body} di {name}"
                # "i Comuni di A, B e C": each a place of the card, and a participant where the sentence makes it
                # take part (a role cue, or `acting`: at the head of the sentence, after a verb of involvement)
                yield Found("pattern", org_start, end, label, places=(place,), institution=True,
                            form="comuni" if plural else None, acting=acting)
        for m in forms.PROVINCE_HEAD.finditer(text):
            for start, end, name, _ in _place_list(text, m.end(), gaz.province):
                province = gaz.province(name)
                if province:
                    yield Found("pattern", m.start() if start == m.end() else start, end, province.name,
                                places=(province,), institution=True)
        for m in forms.METRO.finditer(text):
            # A Città metropolitana named without its city is the home region's (Milano's, in Lombardy).
            province = gaz.province(m.group(1) or "Milano")
            if province and province.type == "citta_metropolitana":
                yield Found("pattern", m.start(), m.end(), province.name, places=(province,), institution=True)
        for m in forms.MOUNTAIN.finditer(text):
            name = "Comunità Montana " + " ".join(m.group().split()[2:])
            key = slugify(name.removeprefix("Comunità Montana"), max_words=12)
            place = Place(id=f"comunita-montana:{key}", name=name, type="comunita_montana")
            yield Found("pattern", m.start(), m.end(), name, places=(place,), institution=True)
        for m in forms.AMBITO.finditer(text):
            items = _place_list(text, m.end(), gaz.comune, limit=20 if m.group("plural") == "i" else 1)
            for n, (start, end, printed, sigla) in enumerate(items):
                comune = gaz.comune(printed, sigla)
                if not comune:
                    continue
                name = f"Ambito di {comune.name}"
                place = Place(id=f"ambito:{comune.istat_code}", name=name, type="ambito", region=comune.region)
                label = f"Ufficio di Piano dell'{name}" if m.group("office") else name
                yield Found("pattern", m.start() if n == 0 else start, end, label, places=(place,),
                            institution=True)
        for m in forms.CITY.finditer(text):
            if passage.in_title(m.start()):
                continue
            for start, end, name, _ in _place_list(text, m.end(), gaz.comune):
                if gaz.comune(name):
                    continue
                if text[end:end + 1] == "-":
                    # "la città di Bet- [other column] lemme": a known place can be recognised from its start.
                    place = next((p for p in gaz.places if fold(p.name).startswith(fold(name))), None)
                else:
                    place = self._known_place(name, printed=True) or _abroad(name)
                if place is not None:
                    yield Found("pattern", start, end, f"Città di {place.name}", places=(place,), institution=True)

    def _known_place(self, name: str, printed: bool = False) -> Place | None:
        """The known place called `name`; with `printed`, it keeps the name the card uses ("Jericho")."""
        key = fold(name)
        place = next((p for p in self.knowledge.gazetteer.places if key in (fold(p.name), *map(fold, p.aliases))), None)
        return replace(place, name=name) if place is not None and printed else place

    def _partner_lists(self, passage: Passage) -> Iterable[Found]:
        """Names in brackets in a sentence about partners: "(Ecomate e Fenice Onlus)"."""
        text = passage.text
        for m in forms.PAREN.finditer(text):
            s_start, _ = passage.sentence(m.start())
            if "partner" not in text[s_start:m.start()].lower():
                continue
            offset = m.start(1)
            for item in re.split(r",\s*|\s+e\s+", m.group(1)):
                pos = text.find(item, offset)
                offset = pos + len(item)
                clean = item.strip(" .")
                if (len(clean) < 3 or not clean[0].isupper() or len(clean.split()) > 4 or self._known_place(clean)
                        or self.knowledge.gazetteer.comune(clean) or self.knowledge.gazetteer.province(clean)):
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
            sigla = forms.SIGLA.match(after)
            # "Ripalta Cremasca e Guerina (CR)": the second name shares its first word with the first.
            elided = re.match(rf"[ \t]+e[ \t]+({forms.CAP})[ \t]*\(\s*([A-Z]{{2}})", after)
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
        # Three or more Comuni in one list ("di Bergamo, Pavia e Monza") vouch for one another.
        run: list[int] = []
        for n in range(len(matches) + 1):
            if n < len(matches) and run and forms.LIST_OF_COMUNI.fullmatch(text[matches[run[-1]].end:matches[n].start]):
                run.append(n)
                continue
            if len(run) >= 3:
                for member in run:
                    place = gaz.comune(matches[member].target)
                    if place and member not in accepted:
                        m = matches[member]
                        accepted[member] = Found("place", m.start, m.end, place.name, place.id, place=place)
            run = [n]
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
                        if forms.LIST_OF_COMUNI.fullmatch(gap):
                            place = gaz.comune(m.target)
                            if place:
                                accepted[n] = Found("place", m.start, m.end, place.name, place.id, place=place)
                                changed = True
                                break
        return [*accepted.values(), *extra]


def _place_list(text: str, pos: int, is_place, limit: int = 20) -> list[tuple[int, int, str, str | None]]:
    """Names in "Milano, Lecco, Lissone (Brianza) e Vibo Valentia" starting at `pos`."""
    items: list[tuple[int, int, str, str | None]] = []
    while len(items) < limit:
        m = forms.PLACE_ITEM.match(text, pos)
        if not m:
            break
        name = m.group()
        end = m.end()
        # "Fano e Associazione": a list joined with "e" swallowed by the pattern, unless the whole is one name.
        parts = re.split(r"([ \t]+ed?[ \t]+)", name)
        if len(parts) > 1 and not is_place(name):
            # the longest start that is a place ("Sermide e Felonica e Poggio Rusco" → "Sermide e Felonica")
            name = next(("".join(parts[:n]) for n in range(len(parts) - 2, 0, -2) if is_place("".join(parts[:n]))),
                        parts[0])
            end = m.start() + len(name)
        after = text[end:]
        sigla = forms.SIGLA.match(after)
        items.append((m.start(), end, name, sigla.group(1) if sigla else None))
        rest = end
        paren = re.match(r"\s*\([^)]{1,40}\)", text[rest:])
        if paren:
            rest += paren.end()
        sep = forms.LIST_SEP.match(text[rest:])
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


def _offices_to_their_bodies(found: list[Found]) -> list[Found]:
    """"Dipartimento di Giurisprudenza dell'Università degli Studi di Brescia" takes part as the university:
    an office named after a known body stands for that body (its mention stretched over the office's name);
    so does a known body's name read on by a pattern ("… Territoriale (ACT)")."""
    known = [f for f in found if f.category in ("org", "self")]
    out = []
    for f in found:
        # Also a known body read with its acronym: "Agenzia per la Coesione Territoriale (ACT)", "Autorità … (ARERA)".
        body = next((k for k in known if f.form in ("ufficio", "sigla") and f.start <= k.start and k.end <= f.end),
                    None)
        if body is None:
            out.append(f)
        else:
            out.append(Found(body.category, f.start, f.end, body.name, body.ref, body.entity, needs_cue=body.needs_cue))
    return out


def _abroad(name: str) -> Place:
    """A place the gazetteer does not know, named as a city or municipality: somewhere abroad."""
    return Place(id=f"estero:{slugify(name, max_words=12)}", name=name, type="area_estera", country="")
