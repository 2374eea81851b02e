"""The dataset's description for harvesters: DCAT-AP_IT (dati.gov.it, data.europa.eu) and VoID."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from rdflib import OWL, RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV

from ontology import Minter
from ontology.terms import (
    CLV,
    COV,
    DCATAPIT,
    EU_AUTHORITY,
    GEO,
    ITALIA_LICENCES,
    ITALIA_TERRITORIES,
    PRJ,
    RO,
    SCHEMA,
    VCARD,
    VOID,
    WD,
)

from .assembly import Built

CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
DUMPS = {  # file → (EU file type, media type)
    "graph.ttl": ("RDF_TURTLE", "text/turtle"),
    "graph.nt": ("RDF_N_TRIPLES", "application/n-triples"),
    "graph.nq": ("RDF_N_QUADS", "application/n-quads"),
    "graph.jsonld": ("JSON_LD", "application/ld+json"),
}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the data (configurable: ANCI Lombardia's IPA code or codice fiscale belongs here)."""

    name: str = "ANCI Lombardia"
    identifier: str = "anci-lombardia"
    homepage: str = "https://www.anci.lombardia.it"
    email: str = "posta@anci.lombardia.it"


def describe(built: Built, public_url: str, publisher: Publisher, modified: dt.date,
             triples: int) -> Graph:
    """DCAT-AP_IT catalogue, dataset, distributions (the dumps and the SPARQL endpoint) and VoID statistics."""
    mint = Minter(built.ns)
    ns = built.ns
    graph = ns.bind(Graph())
    graph.bind("dcat", DCAT)
    graph.bind("dcatapit", DCATAPIT)
    public = public_url.rstrip("/")
    catalog, dataset = mint.catalog, mint.dataset
    agent = ns.data[f"ente/{publisher.identifier}"]
    contact = ns.dataset["punto-di-contatto"]
    date = Literal(modified.isoformat(), datatype=XSD.date)

    def add(*triples):
        for triple in triples:
            graph.add(triple)

    add((agent, RDF.type, DCATAPIT.Agent), (agent, RDF.type, FOAF.Agent),
        (agent, DCTERMS.identifier, Literal(publisher.identifier)),
        (agent, FOAF.name, Literal(publisher.name, lang="it")), (agent, FOAF.homepage, URIRef(publisher.homepage)))
    add((contact, RDF.type, DCATAPIT.Organization), (contact, RDF.type, VCARD.Organization),
        (contact, VCARD.fn, Literal(publisher.name)), (contact, VCARD.hasEmail, URIRef(f"mailto:{publisher.email}")))
    add((catalog, RDF.type, DCATAPIT.Catalog), (catalog, RDF.type, DCAT.Catalog),
        (catalog, DCTERMS.title, Literal("Catalogo dei dati di ANCI Lombardia", lang="it")),
        (catalog, DCTERMS.description, Literal("I dati aperti pubblicati da ANCI Lombardia.", lang="it")),
        (catalog, DCTERMS.publisher, agent), (catalog, DCTERMS.modified, date),
        (catalog, FOAF.homepage, URIRef(publisher.homepage)),
        (catalog, DCTERMS.language, EU_AUTHORITY["language/ITA"]),
        (catalog, DCAT.themeTaxonomy, EU_AUTHORITY["data-theme"]), (catalog, DCAT.dataset, dataset))
    add((dataset, RDF.type, DCATAPIT.Dataset), (dataset, RDF.type, DCAT.Dataset), (dataset, RDF.type, VOID.Dataset),
        (dataset, DCTERMS.identifier, Literal(f"{publisher.identifier}:D.1")),
        (dataset, DCTERMS.title, Literal("Progetti e servizi di ANCI Lombardia", lang="it")),
        (dataset, DCTERMS.title, Literal("ANCI Lombardia's projects and services", lang="en")),
        (dataset, DCTERMS.description, Literal(
            "Progetti e servizi del catalogo di ANCI Lombardia con partner, finanziatori, programmi, temi, "
            "budget, pubblicazioni e territori (Comuni, province, aree interne), ciascun dato legato alle righe "
            "del catalogo da cui proviene.", lang="it")),
        (dataset, DCTERMS.description, Literal(
            "Projects and services of ANCI Lombardia's catalogue with their partners, funders, programmes, "
            "themes, budgets, publications and territories, each fact tied to the catalogue lines it comes "
            "from.", lang="en")),
        (dataset, DCTERMS.modified, date),
        (dataset, DCAT.theme, EU_AUTHORITY["data-theme/GOVE"]), (dataset, DCAT.theme, EU_AUTHORITY["data-theme/REGI"]),
        (dataset, DCTERMS.rightsHolder, agent), (dataset, DCTERMS.publisher, agent),
        (dataset, DCTERMS.accrualPeriodicity, EU_AUTHORITY["frequency/ANNUAL"]),
        (dataset, DCAT.contactPoint, contact), (dataset, DCTERMS.language, EU_AUTHORITY["language/ITA"]),
        (dataset, DCTERMS.spatial, mint.territory("regione:03", "regione", "Lombardia")),
        (dataset, DCTERMS.license, CC_BY_4))
    for keyword in ("progetti", "Comuni", "finanziamenti", "aree interne", "partenariati"):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="it")))
    for conformance in ("Project", "CLV", "COV", "RO"):
        graph.add((dataset, DCTERMS.conformsTo, URIRef(f"https://w3id.org/italia/onto/{conformance}")))
    licence = ITALIA_LICENCES["A21_CCBY40"]
    add((licence, RDF.type, DCATAPIT.LicenseDocument), (licence, DCTERMS.type, CC_BY_4),
        (licence, FOAF.name, Literal("Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)", lang="it")))
    for name, (file_type, media_type) in DUMPS.items():
        distribution = ns.dataset[f"distribuzione/{name.replace('.', '-')}"]
        url = URIRef(f"{public}/dump/{name}")
        add((dataset, DCAT.distribution, distribution), (distribution, RDF.type, DCATAPIT.Distribution),
            (distribution, RDF.type, DCAT.Distribution),
            (distribution, DCTERMS.format, EU_AUTHORITY[f"file-type/{file_type}"]),
            (distribution, DCAT.mediaType, Literal(media_type)), (distribution, DCAT.accessURL, url),
            (distribution, DCAT.downloadURL, url), (distribution, DCTERMS.license, licence),
            (distribution, DCTERMS.title, Literal(f"Dump {name}", lang="it")), (dataset, VOID.dataDump, url))
    endpoint = URIRef(f"{public}/sparql")
    service = ns.dataset["distribuzione/sparql"]
    add((dataset, DCAT.distribution, service), (service, RDF.type, DCATAPIT.Distribution),
        (service, RDF.type, DCAT.Distribution), (service, DCTERMS.format, EU_AUTHORITY["file-type/SPARQLQ"]),
        (service, DCAT.accessURL, endpoint), (service, DCTERMS.license, licence),
        (service, DCTERMS.title, Literal("Punto di accesso SPARQL", lang="it")),
        (dataset, VOID.sparqlEndpoint, endpoint))
    add_void(graph, built, dataset, triples)
    return graph


def add_void(graph: Graph, built: Built, dataset: URIRef, triples: int) -> None:
    """VoID statistics and one linkset per link target (Wikidata, OntoPiA territories, EU authority tables)."""
    ns = built.ns
    union = built.union
    graph.add((dataset, VOID.triples, Literal(triples)))
    graph.add((dataset, VOID.uriSpace, Literal(str(ns.base))))
    for vocabulary in (PRJ, CLV, COV, RO, SCHEMA, GEO, SKOS, DCTERMS, PROV, ns.alo):
        graph.add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))
    classes = Counter(o for _, _, o in set(union.triples((None, RDF.type, None))))
    graph.add((dataset, VOID.classes, Literal(len(classes))))
    graph.add((dataset, VOID.entities, Literal(len({s for s, _, _ in union.triples((None, RDF.type, None))}))))
    example = next(iter(sorted(s for s, _, _ in union.triples((None, RDF.type, ns.alo.Attivita)))), None)
    if example is not None:
        graph.add((dataset, VOID.exampleResource, example))
    links = {
        "wikidata": (OWL.sameAs, str(WD)),
        "ontopia-territori": (SKOS.exactMatch, str(ITALIA_TERRITORIES)),
        "eu-country": (SKOS.exactMatch, str(EU_AUTHORITY["country/"])),
        "eu-programme": (SKOS.exactMatch, str(EU_AUTHORITY["eu-programme/"])),
    }
    for name, (predicate, target) in links.items():
        count = len({(s, o) for s, _, o in union.triples((None, predicate, None)) if str(o).startswith(target)})
        if not count:
            continue
        linkset = ns.dataset[f"linkset/{name}"]
        graph.add((dataset, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.objectsTarget, URIRef(target)))
        graph.add((linkset, VOID.linkPredicate, predicate))
        graph.add((linkset, VOID.triples, Literal(count)))

