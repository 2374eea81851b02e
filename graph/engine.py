"""A SPARQL query as the stores take it, the ways it can fail, and its evaluation on an Oxigraph store.

Both stores (embedded worker processes, a remote endpoint) answer a QueryRequest with serialised bytes, so the
HTTP layer, the linked-data pages and the REST routes never handle store-specific objects. Imports stay light
(standard library, pyoxigraph): query workers load this module at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox

from .results import Written, capped, solution_rows, write_boolean, write_solutions, write_triples


@dataclass(frozen=True)
class Dataset:
    """The protocol's default-graph-uri and named-graph-uri; when both are empty the query decides."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class Formats:
    """The negotiated format key for each kind of answer; None where the client accepts none of ours."""

    boolean: str | None = "json"
    solutions: str | None = "json"
    graph: str | None = "turtle"


@dataclass(frozen=True)
class QueryRequest:
    text: str
    dataset: Dataset = field(default_factory=Dataset)
    formats: Formats = field(default_factory=Formats)
    row_cap: int = 10_000
    time_limit: float = 10.0
    base_iri: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)  # for Turtle, JSON-LD and RDF/XML answers

    def as_message(self) -> dict:
        return {"text": self.text, "default_graphs": list(self.dataset.default_graphs),
                "named_graphs": list(self.dataset.named_graphs), "formats": vars(self.formats),
                "row_cap": self.row_cap, "time_limit": self.time_limit, "base_iri": self.base_iri,
                "prefixes": self.prefixes}

    @classmethod
    def from_message(cls, message: dict) -> QueryRequest:
        return cls(message["text"], Dataset(tuple(message["default_graphs"]), tuple(message["named_graphs"])),
                   Formats(**message["formats"]), message["row_cap"], message["time_limit"], message["base_iri"],
                   message["prefixes"])


# reasons a query fails → the HTTP status the protocol layer answers with
FAILURE_STATUS = {
    "syntax": 400,          # the query does not parse
    "refused": 403,         # read-only: updates, SERVICE outside the allow-list
    "not_acceptable": 406,  # no format the client accepts for this kind of answer
    "evaluation": 500,      # the store failed while evaluating
    "unavailable": 502,     # the remote store could not be reached or answered nonsense
    "busy": 503,            # every worker stayed busy for the whole time limit
    "timeout": 503,         # the query ran past its time limit and was stopped
}


class QueryFailed(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    @property
    def status(self) -> int:
        return FAILURE_STATUS[self.reason]


class SparqlStore(Protocol):
    """What the service needs from a store: answer a query within its time limit, and let go at shutdown."""

    description: str

    def run(self, request: QueryRequest) -> Written: ...

    def close(self) -> None: ...


def evaluate(store: ox.Store, request: QueryRequest) -> Written:
    """Run the query on an Oxigraph store and serialise its answer in the negotiated format, capped."""
    options: dict = {"base_iri": request.base_iri}
    if request.dataset.given:
        # The protocol's dataset replaces the query's FROM clauses; graphs not named are not visible.
        options["default_graph"] = [ox.NamedNode(g) for g in request.dataset.default_graphs] or [ox.DefaultGraph()]
        options["named_graphs"] = [ox.NamedNode(g) for g in request.dataset.named_graphs]
    else:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(request.text, **options)
        return _write(result, request)
    except SyntaxError as exc:
        raise QueryFailed("syntax", f"SPARQL syntax error: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryFailed("evaluation", f"the query failed while running: {exc}") from exc


def _write(result: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples, request: QueryRequest) -> Written:
    formats = request.formats
    if isinstance(result, ox.QueryBoolean):
        return write_boolean(bool(result), wanted(formats.boolean, "a boolean (ASK) answer"))
    if isinstance(result, ox.QuerySolutions):
        fmt = wanted(formats.solutions, "a table of solutions (SELECT)")
        variables, rows, truncated = solution_rows(result, request.row_cap)
        return write_solutions(variables, rows, fmt, truncated)
    fmt = wanted(formats.graph, "an RDF graph (CONSTRUCT or DESCRIBE)")
    triples, truncated = capped(result, request.row_cap)
    return write_triples(triples, fmt, truncated, request.prefixes)


def wanted(fmt: str | None, what: str) -> str:
    if fmt is None:
        raise QueryFailed("not_acceptable", f"this query gives {what}, and the Accept header takes none of the "
                                            "formats offered for it")
    return fmt
