"""`kg build` as one call: read, build, describe, validate, then write every output or none."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from loaders import Knowledge
from loaders.reference import read_reference
from ontology import Namespaces
from ontology.terms import PREFIXES

from .assembly import Progress, build, counts, input_files, read_sources
from .description import Publisher, describe
from .dumps import json_bytes, merged_triples, serialise, to_store, turtle, write_atomically
from .validate import Validation, validate_description, validate_graph


@dataclass(frozen=True)
class BuildOptions:
    inputs: list[Path]
    out: Path
    base: str
    reference: Path | None
    public_url: str
    publisher: Publisher = field(default_factory=Publisher)
    modified: dt.date = field(default_factory=dt.date.today)


class BuildFailed(RuntimeError):
    """The graph or its description does not conform to the shapes: nothing was written."""

    def __init__(self, report: dict) -> None:
        super().__init__("the built graph does not conform to its SHACL shapes")
        self.report = report


def release(options: BuildOptions, knowledge: Knowledge, progress: Progress | None = None) -> dict:
    """Build and write `options.out`; returns the report (also written as report.json)."""
    started = time.perf_counter()
    ns = Namespaces.at(options.base)
    reference = read_reference(options.reference)
    sources = read_sources(input_files(options.inputs), knowledge)
    built = build(sources, knowledge, reference, ns, progress)
    store = to_store(built.quads())
    merged = merged_triples(store)
    triples = len(merged)
    prefixes = {prefix: str(iri) for prefix, iri in built.union.namespace_manager.namespaces()
                if prefix in {*PREFIXES, "alo", "alv", "ali", "rdf", "rdfs", "xsd", "skos", "owl", "dcterms", "prov"}}
    files = serialise(store, merged, prefixes)
    description = describe(built, options.public_url, options.publisher, options.modified, triples)
    checks = [validate_graph(built.union, ns), validate_description(description, ns)]
    report = _report(built, checks, triples, options, started)
    if not all(check.conforms for check in checks):
        raise BuildFailed(report)
    files["dataset.ttl"] = turtle(description)
    files["report.json"] = json_bytes(report)
    write_atomically(options.out, files)
    return report


def _report(built, checks: list[Validation], triples: int, options: BuildOptions, started: float) -> dict:
    diagnostics = Counter()
    for source in built.sources:
        for d in source.extraction.diagnostics:
            diagnostics[f"{d.level}: {d.code}"] += 1
    return {
        "base": built.ns.base,
        "sources": [{"name": s.name, "sha256": s.sha256, "records": len(s.extraction.records),
                     "cards_found": s.extraction.cards_found, "cards_rejected": len(s.extraction.rejected),
                     "diagnostics": [d.to_dict() for d in s.extraction.diagnostics]} for s in built.sources],
        "projects_joined_across_editions": built.merged_ids,
        "reference": {"directory": str(options.reference) if options.reference else None,
                      "files": [{"path": p, "sha256": h} for p, h in built.reference.files],
                      "skipped": list(built.reference.skipped)},
        "triples": triples,
        "quads": sum(len(triples) for triples in built.graphs.values()),
        "classes": counts(built),
        "diagnostics_by_code": dict(sorted(diagnostics.items())),
        "shacl": [check.to_dict() for check in checks],
        "seconds": round(time.perf_counter() - started, 2),
    }
