"""Stage 4: catalogues + knowledge + reference data → one RDF dataset, one named graph per source document."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from loaders import Extraction, Knowledge, extract
from loaders.model import Record
from loaders.reference import Reference
from loaders.text import fold
from ontology import Minter, Namespaces, RecordMapper, SourceDocument, TerritoryMapper, ontology_graph
from ontology.terms import SCHEMA
from ontology.territory import Triple, places_named

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Source:
    """One input file: its name, its bytes, what the loader made of it."""

    name: str
    sha256: str
    extraction: Extraction


@dataclass
class Built:
    """The graph as named graphs of triples (graph IRI → triples), plus what it was built from."""

    graphs: dict[URIRef, set[Triple]]
    sources: list[Source]
    reference: Reference
    ns: Namespaces
    merged_ids: dict[str, str] = field(default_factory=dict)  # record id in a later edition → id it joined

    @cached_property
    def union(self) -> Graph:
        """All named graphs merged, as one rdflib graph (for validation and statistics)."""
        graph = self.ns.bind(Graph())
        for triples in self.graphs.values():
            for triple in triples:
                graph.add(triple)
        return graph

    def quads(self) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]:
        for name, triples in self.graphs.items():
            for s, p, o in triples:
                yield s, p, o, name

    def dataset(self) -> Dataset:
        dataset = self.ns.bind(Dataset(default_union=True))
        for name, triples in self.graphs.items():
            graph = dataset.graph(name)
            for triple in triples:
                graph.add(triple)
        return dataset


def read_sources(inputs: Sequence[tuple[str, bytes]], knowledge: Knowledge) -> list[Source]:
    return [Source(name, hashlib.sha256(data).hexdigest(), extract(data, name=name, knowledge=knowledge))
            for name, data in inputs]


def build(sources: Sequence[Source], knowledge: Knowledge, reference: Reference, ns: Namespaces,
          progress: Progress | None = None) -> Built:
    """The dataset: the vocabulary graph, the territory graph and one graph per catalogue."""
    mint = Minter(ns)
    graphs: dict[URIRef, set[Triple]] = {mint.vocabulary_graph: set(ontology_graph(ns))}
    sources, merged = _same_projects_across_editions(sources)
    mapper = TerritoryMapper(ns, knowledge.gazetteer, reference)
    territories = graphs.setdefault(mint.territory_graph, set(mapper.home()))
    named = places_named(knowledge.gazetteer, ((t.ref or f"{t.type}:{t.name}", t.type, t.name)
                                               for s in sources for r in s.extraction.records for t in r.territories))
    for place in named:
        territories.update(mapper.place(place))
    records = RecordMapper(ns, knowledge)
    total = sum(len(s.extraction.records) for s in sources)
    done = 0
    for source in sources:
        graph = graphs.setdefault(mint.source_graph(source.sha256), set())
        document = SourceDocument(sha256=source.sha256, name=source.name)
        graph.update(_describe_source(mint, source))
        for record in source.extraction.records:
            graph.update(records.triples(record, document))
            done += 1
            if progress:
                progress("records → triples", done, total)
    return Built(graphs=graphs, sources=list(sources), reference=reference, ns=ns, merged_ids=merged)


def _describe_source(mint: Minter, source: Source) -> Iterable[tuple[URIRef, URIRef, URIRef | Literal]]:
    node = mint.source(source.sha256)
    text = mint.source_text(source.sha256)
    yield node, RDF.type, PROV.Entity
    yield node, RDF.type, SCHEMA.DigitalDocument
    yield node, RDFS.label, Literal(source.name)
    yield node, DCTERMS.title, Literal(source.name)
    yield node, SCHEMA.sha256, Literal(source.sha256)
    yield node, DCTERMS.hasFormat, text
    yield text, RDF.type, PROV.Entity
    yield text, DCTERMS.format, Literal("text/plain")
    yield text, DCTERMS.extent, Literal(f"{source.extraction.source.lines} righe")


def _same_projects_across_editions(sources: Sequence[Source]) -> tuple[list[Source], dict[str, str]]:
    """A project printed in two editions is one node: a later card joins an earlier one with the same id,
    or with the same start and a title that says the same (one title's words all in the other's)."""
    seen: dict[str, Record] = {}
    merged: dict[str, str] = {}
    out = []
    for source in sources:
        records = []
        for record in source.extraction.records:
            if record.id not in seen:
                twin = next((r for r in seen.values() if r.start == record.start and
                             fuzz.token_set_ratio(fold(r.title or ""), fold(record.title or "")) >= 95), None)
                if twin is not None:
                    merged[record.id] = twin.id
                    record = replace(record, id=twin.id)
            seen.setdefault(record.id, record)
            records.append(record)
        out.append(replace(source, extraction=replace(source.extraction, records=tuple(records))))
    return out, merged


def counts(built: Built) -> dict[str, int]:
    """How many resources of each class the graph holds (across all named graphs)."""
    union = built.union
    per_class = Counter(union.namespace_manager.normalizeUri(cls)
                        for _, _, cls in union.triples((None, RDF.type, None)))
    return dict(sorted(per_class.items()))


def input_files(paths: Sequence[Path]) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in paths]
