"""Namespaces: the standard vocabularies we reuse, and ours (read from kg.ttl, under a configurable base)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import OWL, Graph, Namespace, URIRef
from rdflib.namespace import ClosedNamespace

from .base import DEFAULT_BASE

ONTOLOGY_FILE = Path(str(resources.files(__package__) / "kg.ttl"))
SHAPES_FILE = Path(str(resources.files(__package__) / "shapes.ttl"))
DCATAPIT_SHAPES_FILE = Path(str(resources.files(__package__) / "dcatapit-shapes.ttl"))

# Standard vocabularies (schema.org with http://, as OntoPiA aligns to it).
SCHEMA = Namespace("http://schema.org/")
COV = Namespace("https://w3id.org/italia/onto/COV/")
CLV = Namespace("https://w3id.org/italia/onto/CLV/")
PRJ = Namespace("https://w3id.org/italia/onto/Project/")
RO = Namespace("https://w3id.org/italia/onto/RO/")
L0 = Namespace("https://w3id.org/italia/onto/l0/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VOID = Namespace("http://rdfs.org/ns/void#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
WD = Namespace("http://www.wikidata.org/entity/")
ITALIA_TERRITORIES = Namespace("https://w3id.org/italia/controlled-vocabulary/territorial-classifications/")
ITALIA_LICENCES = Namespace("https://w3id.org/italia/controlled-vocabulary/licences/")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")

PREFIXES = {
    "schema": SCHEMA, "covapit": COV, "clvapit": CLV, "prjapit": PRJ, "roapit": RO, "l0": L0, "geo": GEO,
    "frapo": FRAPO, "dcatapit": DCATAPIT, "void": VOID, "vcard": VCARD, "wd": WD,
}


@cache
def ontology_terms() -> tuple[str, ...]:
    """Local names of the classes and properties kg.ttl declares, with the placeholder base."""
    graph = Graph().parse(ONTOLOGY_FILE)
    onto = DEFAULT_BASE + "onto/"
    declared = {s for s, o in graph.subject_objects(predicate=URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))
                if isinstance(s, URIRef) and str(s).startswith(onto) and o != OWL.Ontology}
    return tuple(sorted(str(s)[len(onto):] for s in declared))


@dataclass(frozen=True)
class Namespaces:
    """All the IRIs the graph mints, built from one base IRI."""

    base: str
    alo: ClosedNamespace  # our ontology: only the terms kg.ttl declares
    alv: Namespace  # controlled vocabularies (themes, programmes, roles, territories)
    data: Namespace  # instances: projects, organisations, publications, sources
    graph: Namespace  # named graphs
    dataset: Namespace  # the dataset description

    @classmethod
    def at(cls, base: str = DEFAULT_BASE) -> Namespaces:
        if not base.endswith("/"):
            base += "/"
        return cls(
            base=base,
            alo=ClosedNamespace(base + "onto/", list(ontology_terms())),
            alv=Namespace(base + "controlled-vocabulary/"),
            data=Namespace(base + "data/"),
            graph=Namespace(base + "graph/"),
            dataset=Namespace(base + "dataset/"),
        )

    def rebase(self, text: str) -> str:
        """Text written with the placeholder base (kg.ttl, shapes, queries) moved to this base."""
        return text if self.base == DEFAULT_BASE else text.replace(DEFAULT_BASE, self.base)

    def bind(self, graph: Graph) -> Graph:
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        graph.bind("alo", Namespace(str(self.alo)), override=True, replace=True)
        graph.bind("alv", self.alv, override=True, replace=True)
        graph.bind("ali", self.data, override=True, replace=True)
        return graph


def ontology_graph(ns: Namespaces) -> Graph:
    """kg.ttl under the configured base."""
    return ns.bind(Graph().parse(data=ns.rebase(ONTOLOGY_FILE.read_text(encoding="utf-8")), format="turtle"))
