"""The canonical queries (queries/*.rq) and running SPARQL against the built graph with pyoxigraph."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from ontology import Namespaces

_HEADER = re.compile(r"^#\s*(title|description|param)(?:\s+(\w+))?:\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(.*)$")


def queries_dir() -> Path:
    """queries/ of a checkout, or the copy installed inside the package."""
    checkout = Path(__file__).resolve().parent.parent / "queries"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # IRI, integer, string
    required: bool
    help: str


@dataclass(frozen=True)
class CanonicalQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    body: str  # without the shared PREFIX block

    def text(self, prefixes: str) -> str:
        return f"{prefixes}\n{self.body}"


@dataclass(frozen=True)
class Table:
    """A SELECT result: column names and rows of terms (None where unbound)."""

    columns: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]] = field(default_factory=list)


class QueryError(ValueError):
    """A query that cannot run: bad syntax, an unknown name, a missing or unresolvable parameter."""


def load_queries(directory: Path | None = None) -> dict[str, CanonicalQuery]:
    directory = directory or queries_dir()
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))
            if not path.name.startswith("_")}


def prefix_block(ns: Namespaces, directory: Path | None = None) -> str:
    return ns.rebase(((directory or queries_dir()) / "_prefixes.rq").read_text(encoding="utf-8"))


def parse_query_file(path: Path) -> CanonicalQuery:
    """Read the documented header (# title:, # description:, # param NAME: KIND, required|optional - help)."""
    title, description, parameters, body = path.stem, [], [], []
    last = None
    for line in path.read_text(encoding="utf-8").splitlines():
        header = _HEADER.match(line)
        if header and not body:
            key, name, value = header.groups()
            last = key
            if key == "title":
                title = value.strip()
            elif key == "description":
                description.append(value.strip())
            else:
                kind, _, rest = value.partition(",")
                necessity, _, help_text = rest.strip().partition(" - ")
                parameters.append(Parameter(name, kind.strip(), necessity.strip() == "required", help_text.strip()))
            continue
        if (more := _CONTINUATION.match(line)) and not body and last == "description":
            description.append(more.group(1).strip())
            continue
        body.append(line)
    return CanonicalQuery(path.stem, title, " ".join(description), tuple(parameters), "\n".join(body).strip() + "\n")


def resolve(store: ox.Store, value: str, ns: Namespaces, kind: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term: <IRI>, an IRI, a label of a resource (for IRI parameters), or a literal."""
    value = value.strip()
    if kind == "IRI":
        if value.startswith("<") and value.endswith(">"):
            return ox.NamedNode(ns.rebase(value[1:-1]))
        if re.match(r"^https?://", value):
            return ox.NamedNode(ns.rebase(value))
        found = _by_label(store, value)
        if len(found) == 1:
            return found[0]
        if not found:
            raise QueryError(f"no resource is labelled {value!r}")
        raise QueryError(f"{value!r} labels {len(found)} resources; pass one IRI: " +
                         ", ".join(str(f.value) for f in found[:5]))
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise QueryError(f"{value!r} is not an integer")
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(value)


def _by_label(store: ox.Store, label: str) -> list[ox.NamedNode]:
    query = with_values("""SELECT DISTINCT ?s WHERE {
      { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } UNION
      { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } UNION
      { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?l }
      FILTER (LCASE(STR(?l)) = LCASE(?wanted)) FILTER (isIRI(?s))
    }""", {"wanted": ox.Literal(label)})
    found = store.query(query, use_default_graph_as_union=True)
    return sorted((solution["s"] for solution in found), key=lambda n: n.value)


def with_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with its parameters bound by a VALUES block at the top of the WHERE clause.

    Plain SPARQL 1.1, so the same text runs on any endpoint; an unbound parameter stays unbound.
    """
    if not bindings:
        return text
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        raise QueryError("parameters can only be bound in a query with a WHERE clause")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"{text[:where.end()]}\n  VALUES ({names}) {{ ({values}) }}{text[where.end():]}"


def run(store: ox.Store, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> Table:
    """A SELECT query over the union of the named graphs, with parameters bound."""
    try:
        result = store.query(with_values(text, bindings or {}), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("kg query runs SELECT queries; use the SPARQL endpoint for ASK, CONSTRUCT and DESCRIBE")
    columns = [v.value for v in result.variables]
    return Table(columns, [[solution[c] for c in columns] for solution in result])


def plain(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | int | float | None:
    """A term as a plain value: IRIs as strings, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in ("integer", "int", "long", "nonNegativeInteger"):
            return int(term.value)
        if datatype == "decimal":
            number = Decimal(term.value)
            return int(number) if number == number.to_integral() else float(number)
        if datatype in ("double", "float"):
            return float(term.value)
    return term.value


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([[("" if plain(t) is None else plain(t)) for t in row] for row in table.rows])
    return buffer.getvalue()


def to_json(table: Table) -> str:
    rows = [{c: plain(t) for c, t in zip(table.columns, row, strict=True)} for row in table.rows]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_text(table: Table, width: int = 60) -> str:
    cells = [[_cell(plain(t), width) for t in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def parse_bindings(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--bind takes name=value, not {pair!r}")
        out[name.strip().lstrip("?")] = value
    return out
