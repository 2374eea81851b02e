"""How the pages show the graph's terms: labels, links (ours to /id/, others outside) and Italian property names."""

from __future__ import annotations

from dataclasses import dataclass

from .linked_data import RDF_TYPE, Term, resource_href
from .sources import LineRange

XSD = "http://www.w3.org/2001/XMLSchema#"
_PART_FOLDERS = {"fonte", "attestazione", "ruolo", "finanziamento"}
# Italian names of the standard properties the graph uses (our own carry an rdfs:label in kg.ttl).
PROPERTY_LABELS = {
    RDF_TYPE: "tipo", "http://www.w3.org/2000/01/rdf-schema#label": "etichetta",
    "http://www.w3.org/2000/01/rdf-schema#comment": "commento",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject": "soggetto attestato",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate": "proprietà attestata",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#object": "valore attestato",
    "http://schema.org/name": "nome", "http://schema.org/startDate": "data di inizio",
    "http://schema.org/endDate": "data di fine", "http://schema.org/value": "valore",
    "http://schema.org/currency": "valuta", "http://schema.org/funder": "erogato da",
    "http://schema.org/fundedItem": "a favore di", "http://schema.org/sha256": "impronta SHA-256",
    "http://purl.org/dc/terms/identifier": "identificativo", "http://purl.org/dc/terms/subject": "tema",
    "http://purl.org/dc/terms/title": "titolo", "http://purl.org/dc/terms/spatial": "luogo",
    "http://purl.org/dc/terms/temporal": "periodo", "http://purl.org/dc/terms/hasFormat": "in formato",
    "http://purl.org/dc/terms/format": "formato", "http://purl.org/dc/terms/extent": "estensione",
    "http://purl.org/dc/terms/source": "fonte",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "tratto da", "http://www.w3.org/ns/prov#hadPrimarySource": "fonte",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "nome", "http://www.w3.org/2004/02/skos/core#altLabel":
    "altro nome", "http://www.w3.org/2004/02/skos/core#notation": "codice",
    "http://www.w3.org/2004/02/skos/core#inScheme": "nel vocabolario",
    "http://www.w3.org/2004/02/skos/core#topConceptOf": "concetto di vertice di",
    "http://www.w3.org/2004/02/skos/core#broader": "più generale", "http://www.w3.org/2004/02/skos/core#exactMatch":
    "corrisponde a", "http://www.w3.org/2004/02/skos/core#closeMatch": "simile a",
    "http://www.w3.org/2002/07/owl#sameAs": "stessa entità di",
    "http://www.opengis.net/ont/geosparql#sfWithin": "si trova in",
    "https://w3id.org/italia/onto/CLV/situatedWithin": "situato in",
    "https://w3id.org/italia/onto/CLV/hasDirectHigherRank": "livello superiore",
    "https://w3id.org/italia/onto/CLV/hasSpatialCoverage": "territorio interessato",
    "https://w3id.org/italia/onto/CLV/acronym": "sigla",
    "https://w3id.org/italia/onto/COV/legalName": "denominazione", "https://w3id.org/italia/onto/COV/hasCategory":
    "categoria", "https://w3id.org/italia/onto/COV/IPAcode": "codice IPA",
    "https://w3id.org/italia/onto/COV/orgAcronym": "sigla", "https://w3id.org/italia/onto/COV/subOrganizationOf":
    "parte di", "https://w3id.org/italia/onto/Project/projectTitle": "titolo del progetto",
    "https://w3id.org/italia/onto/Project/hasParticipantingAgent": "soggetto coinvolto",
    "https://w3id.org/italia/onto/Project/hasProgramme": "programma",
    "https://w3id.org/italia/onto/Project/projectFunder": "finanziatore",
    "https://w3id.org/italia/onto/RO/hasRiT": "ruolo", "https://w3id.org/italia/onto/RO/forEntity": "nell'attività",
    "https://w3id.org/italia/onto/RO/isRoleInTimeOf": "svolto da", "https://w3id.org/italia/onto/RO/withRole":
    "ruolo", "http://purl.org/cerif/frapo/isOutputOf": "risultato di",
}


@dataclass(frozen=True)
class Shown:
    """A term as a page shows it: text, where it links (ours to /id/, others outside) and its tags."""

    text: str
    href: str | None = None
    external: str | None = None  # the IRI itself, for IRIs outside our base
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


def web_link(iri: str) -> str | None:
    """An IRI as a link out of our pages, only for the web's own schemes (never javascript:, data: or the like).

    >>> web_link("https://www.wikidata.org/wiki/Q1210"), web_link("JavaScript:alert(1)")
    ('https://www.wikidata.org/wiki/Q1210', None)
    """
    return iri if iri.lower().startswith(("http://", "https://")) else None


class View:
    """Turns terms into what the templates show, with the labels the page fetched."""

    def __init__(self, base: str, labels: dict[str, str], prefixes: dict[str, str]) -> None:
        self.base = base
        self.labels = labels
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def term(self, term: Term) -> Shown:
        if term.kind == "literal":
            datatype = term.datatype if term.datatype not in (None, XSD + "string") else None
            return Shown(term.value, lang=term.lang, datatype=self.curie(datatype) if datatype else None)
        if term.kind == "bnode":
            return Shown(f"_:{term.value}")
        return self.iri(term.value)

    def iri(self, iri: str) -> Shown:
        external = None if iri.startswith(self.base) else web_link(iri)
        return Shown(self.label(iri), href=resource_href(iri, self.base), external=external, iri=iri)

    def predicate(self, iri: str) -> Shown:
        return Shown(PROPERTY_LABELS.get(iri) or self.label(iri), href=resource_href(iri, self.base), iri=iri)

    def label(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        lines = LineRange.parse(iri)
        if lines is not None:
            return f"catalogo, {lines.label}"
        if iri.startswith(self.base):
            parent, _, last = iri.rstrip("/").rpartition("/")
            kind = parent.rsplit("/", 1)[-1]  # "fonte 0b1f…", "attestazione 3c9…": the folder says what it is
            return f"{kind} {last}" if kind in _PART_FOLDERS else last or iri
        return self.curie(iri)

    def curie(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri
