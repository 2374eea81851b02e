"""Places → triples: Comuni, provinces, the region, the aree interne and their members, places abroad."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from loaders.gazetteer import HOME_REGION, Gazetteer, Place
from loaders.reference import AREE_INTERNE, Reference

from .iris import AREA_CYCLE, Minter
from .terms import CLV, EU_AUTHORITY, GEO, ITALIA_TERRITORIES, WD, Namespaces

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# The schemes places are listed in, by territory type.
SCHEMES = {
    "comune": "territorio/comune", "provincia": "territorio/provincia",
    "citta_metropolitana": "territorio/citta-metropolitana", "regione": "territorio/regione",
    "stato": "territorio/stato", "area_interna": "territorio/area-interna",
    "comunita_montana": "territorio/comunita-montana", "ambito": "territorio/ambito",
    "area_estera": "territorio/estero", "altro": "territorio/area",
}
SCHEME_LABELS = {
    "comune": ("Comuni", "Municipalities"), "provincia": ("Province", "Provinces"),
    "citta_metropolitana": ("Città metropolitane", "Metropolitan cities"), "regione": ("Regioni", "Regions"),
    "stato": ("Stati", "Countries"), "area_interna": ("Aree interne 2021-2027", "Inner areas 2021-2027"),
    "comunita_montana": ("Territori delle comunità montane", "Mountain community territories"),
    "ambito": ("Ambiti territoriali", "Social-care districts"), "area_estera": ("Luoghi all'estero", "Places abroad"),
    "altro": ("Aree geografiche", "Geographic areas"),
}


class TerritoryMapper:
    """Triples for places, from the ISTAT list (always) and the reference directory (when given)."""

    def __init__(self, ns: Namespaces, gazetteer: Gazetteer, reference: Reference) -> None:
        self.ns = ns
        self.mint = Minter(ns)
        self.gazetteer = gazetteer
        self.reference = reference
        self.region = next(p for p in gazetteer.places if p.type == "regione" and p.name == HOME_REGION)
        self.italy = gazetteer.by_id["stato:IT"]

    def home(self) -> Iterator[Triple]:
        """Every Comune and province of the home region, the region, Italy, the 14 aree interne."""
        yield from self.schemes()
        yield from self.place(self.italy)
        yield from self.place(self.region)
        provinces = {p.id: p for p in self.gazetteer.provinces.values() if p.region == HOME_REGION}
        for province in sorted(provinces.values(), key=lambda p: p.id):
            yield from self.place(province)
        for group in self.gazetteer.comuni.values():
            for comune in group:
                if comune.region == HOME_REGION:
                    yield from self.place(comune)
        for area in self.gazetteer.of_type("area_interna"):
            yield from self.place(area)
        yield from self.memberships()

    def schemes(self) -> Iterator[Triple]:
        for kind, path in SCHEMES.items():
            scheme = self.mint.scheme(path)
            it, en = SCHEME_LABELS[kind]
            yield scheme, RDF.type, SKOS.ConceptScheme
            yield scheme, SKOS.prefLabel, Literal(it, lang="it")
            yield scheme, SKOS.prefLabel, Literal(en, lang="en")

    def place(self, place: Place) -> Iterator[Triple]:
        """A place, with its containment up to the country."""
        node = self.mint.place(place)
        yield from self.concept(node, place)
        if place.type == "comune":
            province = self.gazetteer.province(place.province) if place.province else None
            yield node, RDF.type, CLV.City
            yield node, SKOS.notation, Literal(place.istat_code)
            if place.cadastral:
                yield node, self.ns.alo.codiceCatastale, Literal(place.cadastral)
            if province is not None:
                parent = self.mint.place(province)
                yield node, CLV.hasDirectHigherRank, parent
                yield node, CLV.situatedWithin, parent
                yield node, GEO.sfWithin, parent
                if place.region != HOME_REGION:
                    yield from self.place(province)
            if place.region == HOME_REGION:
                yield from self._comune_reference(node, place)
        elif place.type in ("provincia", "citta_metropolitana"):
            region = self._region_of(place)
            yield node, RDF.type, CLV.Province
            yield node, SKOS.notation, Literal(place.istat_code)
            yield node, CLV.acronym, Literal(place.province)
            if place.historical_code:
                yield node, SKOS.exactMatch, ITALIA_TERRITORIES[f"provinces/{place.historical_code}"]
            if region is not None:
                yield node, CLV.situatedWithin, self.mint.place(region)
                yield node, GEO.sfWithin, self.mint.place(region)
                if region != self.region:
                    yield from self.place(region)
        elif place.type == "regione":
            yield node, RDF.type, CLV.Region
            yield node, SKOS.notation, Literal(place.istat_code)
            yield node, SKOS.exactMatch, ITALIA_TERRITORIES[f"regions/{place.istat_code}"]
            yield node, GEO.sfWithin, self.mint.place(self.italy)
            if place.name == HOME_REGION and (qid := self.reference.qid("Lombardia (regione)")):
                yield node, OWL.sameAs, WD[qid]
        elif place.type == "stato":
            yield node, RDF.type, CLV.Country
            yield node, SKOS.notation, Literal(place.country)
            if place.iso3:
                yield node, SKOS.exactMatch, EU_AUTHORITY[f"country/{place.iso3}"]
            if place.country == "IT" and (qid := self.reference.qid("Italia")):
                yield node, OWL.sameAs, WD[qid]
        elif place.type == "area_interna":
            yield node, RDF.type, self.ns.alo.AreaInterna
            yield node, SKOS.notation, Literal(str(place.number))
            yield node, DCTERMS.temporal, Literal(AREA_CYCLE)
            if place.kind:
                yield node, self.ns.alo.tipoAreaInterna, self.mint.area_kind(place.kind)
            official = (self.reference.area_official_names or {}).get(place.number or 0)
            if official and official != place.name:
                yield node, SKOS.altLabel, Literal(official, lang="it")
            yield node, GEO.sfWithin, self.mint.place(self.region)
        elif place.type == "area_estera":
            country = self.gazetteer.by_id.get(f"stato:{place.country}")
            if country is not None:
                yield node, GEO.sfWithin, self.mint.place(country)
                yield from self.place(country)
        elif place.type == "altro":
            yield node, RDF.type, self.ns.alo.AreaGeografica
            yield node, GEO.sfWithin, self.mint.place(self.region)
        elif place.type == "comunita_montana":
            yield node, RDF.type, self.ns.alo.TerritorioComunitaMontana
            yield node, GEO.sfWithin, self.mint.place(self.region)
        elif place.type == "ambito":
            yield node, RDF.type, self.ns.alo.AmbitoTerritoriale
            yield node, GEO.sfWithin, self.mint.place(self.region)

    def concept(self, node: URIRef, place: Place) -> Iterator[Triple]:
        yield node, RDF.type, CLV.Feature
        yield node, RDF.type, GEO.Feature
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.prefLabel, Literal(place.name, lang="it")
        yield node, RDFS.label, Literal(place.name, lang="it")
        yield node, SKOS.inScheme, self.mint.scheme(SCHEMES[place.type])
        for alias in place.aliases:
            if alias != place.name and place.type in ("area_interna", "stato", "area_estera", "altro"):
                yield node, SKOS.altLabel, Literal(alias, lang="it")

    def _region_of(self, place: Place) -> Place | None:
        return next((p for p in self.gazetteer.places if p.type == "regione" and p.name == place.region), None)

    def _comune_reference(self, node: URIRef, place: Place) -> Iterator[Triple]:
        ref = self.reference
        if qid := (ref.wikidata or {}).get(place.istat_code):
            yield node, OWL.sameAs, WD[qid]  # the QID is keyed by the ISTAT code (Wikidata P635)
        if letter := (ref.snai_classes or {}).get(place.istat_code):
            yield node, self.ns.alo.classeAreeInterne, self.mint.snai_class(letter)

    def memberships(self) -> Iterator[Triple]:
        """Comune geo:sfWithin area interna, each with how the reference supports it (42 are inferred)."""
        areas = {p.number: p for p in self.gazetteer.of_type("area_interna")}
        digest = dict(self.reference.files).get(AREE_INTERNE.as_posix())
        source = self.mint.source(digest) if digest else None
        for m in self.reference.memberships:
            comune = self.gazetteer.by_id.get(f"comune:{m.istat_code}")
            area = areas.get(m.area)
            if comune is None or area is None:
                continue
            subject, obj = self.mint.place(comune), self.mint.place(area)
            yield subject, GEO.sfWithin, obj
            statement = self.mint.attestation(subject, GEO.sfWithin, obj)
            yield statement, RDF.type, self.ns.alo.Attestazione
            yield statement, RDF.subject, subject
            yield statement, RDF.predicate, GEO.sfWithin
            yield statement, RDF.object, obj
            yield statement, self.ns.alo.evidenza, Literal(m.evidence)
            yield statement, self.ns.alo.inferito, Literal(m.inferred)
            if m.note:
                yield statement, RDFS.comment, Literal(m.note)
            if source is not None:
                yield statement, PROV.wasDerivedFrom, source


def places_named(gazetteer: Gazetteer, refs: Iterable[tuple[str, str, str]]) -> list[Place]:
    """The places records name, as gazetteer entries or, for places only a card knows, as new ones."""
    out: dict[str, Place] = {}
    for ref, kind, name in refs:
        out.setdefault(ref, gazetteer.by_id.get(ref) or Place(id=ref, name=name, type=kind))
    return list(out.values())

