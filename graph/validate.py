"""SHACL validation (pyshacl) of the graph against our shapes, and of the dataset description against DCAT-AP_IT."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph, Namespace

from ontology import Namespaces
from ontology.terms import DCATAPIT_SHAPES_FILE, SHAPES_FILE

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Validation:
    """The outcome of one validation: conforms or not, and the first problems found."""

    what: str
    conforms: bool
    violations: int
    results: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"what": self.what, "conforms": self.conforms, "violations": self.violations,
                "results": self.results}


def shapes(ns: Namespaces, path: Path = SHAPES_FILE) -> Graph:
    return Graph().parse(data=ns.rebase(path.read_text(encoding="utf-8")), format="turtle")


def validate(data: Graph, shapes_graph: Graph, what: str, limit: int = 50) -> Validation:
    """Run pyshacl with no inference: every type the shapes rely on is asserted in the data."""
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", advanced=False,
                                           allow_warnings=True)
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if len(results) >= limit:
            break
        results.append({key: str(report.value(result, predicate) or "") for key, predicate in (
            ("focus", SH.focusNode), ("path", SH.resultPath), ("value", SH.value),
            ("message", SH.resultMessage), ("severity", SH.resultSeverity))})
    count = len(set(report.subjects(RDF.type, SH.ValidationResult)))
    return Validation(what=what, conforms=bool(conforms), violations=count, results=results)


def validate_graph(data: Graph, ns: Namespaces) -> Validation:
    return validate(data, shapes(ns), "graph")


def validate_description(description: Graph, ns: Namespaces) -> Validation:
    return validate(description, shapes(ns, DCATAPIT_SHAPES_FILE), "dataset description (DCAT-AP_IT)")
