"""Writing the build: the dumps in four formats, the description and the report, all or nothing."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

DUMP_FILES = ("graph.ttl", "graph.nt", "graph.nq", "graph.jsonld")


def to_store(quads: Iterable[tuple[Node, Node, Node, Node]]) -> ox.Store:
    """Quads of rdflib terms in an in-memory Oxigraph store (which serialises and queries far faster)."""
    store = ox.Store()
    store.extend(ox.Quad(_term(s), _term(p), _term(o), _term(g)) for s, p, o, g in quads)
    return store


def _term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def merged_triples(store: ox.Store) -> list[ox.Triple]:
    """The union of all named graphs, each triple once."""
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in store}, key=str)


def serialise(store: ox.Store, triples: list[ox.Triple], prefixes: dict[str, str]) -> dict[str, bytes]:
    """graph.ttl and graph.nt hold the merged `triples`; graph.nq and graph.jsonld keep the named graphs."""
    quads = sorted(store, key=str)
    return {
        "graph.ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes),
        "graph.nt": ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
        "graph.nq": ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
        "graph.jsonld": ox.serialize(quads, format=ox.RdfFormat.JSON_LD, prefixes=prefixes),
    }


def write_atomically(out: Path, files: dict[str, bytes], *, before_swap: Callable[[Path], None] | None = None
                     ) -> None:
    """Write every file into a fresh directory beside `out`, then exchange it with `out` in one step.

    Killed at any moment, this leaves `out` as it was or complete with the new files, never missing or half
    written: the two directories are swapped by one atomic rename (renameat2 RENAME_EXCHANGE), and what an
    earlier killed run left beside `out` is removed first.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if before_swap is not None:
            before_swap(staging)
        if not out.exists():
            os.rename(staging, out)
        elif not _exchange(staging, out):
            # No atomic exchange on this filesystem: two renames, with a moment where `out` is absent.
            old = out.parent / f".{out.name}.previous-{os.getpid()}"
            os.rename(out, old)
            os.rename(staging, out)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after an exchange, the old `out`


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def _remove_leftovers(out: Path) -> None:
    """Staging directories of builds that were killed (their process is gone) are removed."""
    for leftover in out.parent.glob(f".{out.name}.*-*"):
        kind, _, pid = leftover.name.rpartition("-")
        if kind.endswith((".building", ".previous")) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def json_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_union(directory: Path) -> Graph:
    """A built graph back from its dump (graph.nt, parsed by Oxigraph), as one rdflib graph."""
    graph = Graph()
    for triple in ox.parse(path=directory / "graph.nt", format=ox.RdfFormat.N_TRIPLES):
        graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
    return graph


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)  # as rdflib builds a plain literal
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def load_store(directory: Path) -> ox.Store:
    """The built dataset (graph.nq, named graphs kept) in an in-memory Oxigraph store."""
    store = ox.Store()
    store.bulk_load(path=directory / "graph.nq", format=ox.RdfFormat.N_QUADS)
    return store
