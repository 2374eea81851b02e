"""SPARQL results written in the formats of the SPARQL 1.1 Protocol, cut at a row cap that the caller announces.

Oxigraph serialises whole result iterators; writing them here lets us stop at the cap and say so. Only the
standard library and pyoxigraph are imported, because query workers load this module at start-up.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

# format key → media type, for each kind of answer
SOLUTION_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Written:
    """A serialised answer: the bytes, their media type, how many rows (or triples) and whether the cap cut it."""

    body: bytes
    media_type: str
    kind: str  # boolean, solutions, graph
    rows: int
    truncated: bool


def capped(items: Iterable, cap: int) -> tuple[list, bool]:
    """At most `cap` items, and whether there were more (one extra item is read to know)."""
    taken, iterator = [], iter(items)
    for item in iterator:
        if len(taken) == cap:
            return taken, True
        taken.append(item)
    return taken, False


def write_boolean(value: bool, fmt: str) -> Written:
    text = "true" if value else "false"
    if fmt == "xml":
        body = (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n")
    elif fmt in ("csv", "tsv"):
        body = f"{text}\n"  # no standard form; Oxigraph and Jena answer the bare word
    else:
        fmt, body = "json", json.dumps({"head": {}, "boolean": value}) + "\n"
    return Written(body.encode("utf-8"), SOLUTION_FORMATS[fmt], "boolean", 1, False)


def write_solutions(variables: Sequence[str], rows: Sequence[Sequence[Term | None]], fmt: str,
                    truncated: bool) -> Written:
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt]
    return Written(writer(variables, rows).encode("utf-8"), SOLUTION_FORMATS[fmt], "solutions", len(rows), truncated)


def write_triples(triples: Sequence[ox.Triple], fmt: str, truncated: bool, prefixes: dict[str, str] | None = None
                  ) -> Written:
    options = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "jsonld", "rdfxml") else {}
    body = ox.serialize(triples, format=_RDF_FORMATS[fmt], **options)
    return Written(body, GRAPH_FORMATS[fmt], "graph", len(triples), truncated)


def solution_rows(solutions: ox.QuerySolutions, cap: int) -> tuple[list[str], list[tuple[Term | None, ...]], bool]:
    variables = [v.value for v in solutions.variables]
    rows, truncated = capped(map(tuple, solutions), cap)  # a solution iterates its values in variable order
    return variables, rows, truncated


# --- SPARQL 1.1 Query Results JSON -------------------------------------------------------------------------

def _json(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    # Written as text, each term's JSON made once: answers repeat the same IRIs and literals row after row.
    names = [json.dumps(v, ensure_ascii=False) + ":" for v in variables]
    fragments: dict[Term, str] = {}

    def fragment(term: Term) -> str:
        found = fragments.get(term)
        if found is None:
            found = fragments[term] = json.dumps(_json_term(term), ensure_ascii=False)
        return found

    bindings = ",\n".join("{" + ",".join(name + fragment(t) for name, t in zip(names, row, strict=True)
                                          if t is not None) + "}" for row in rows)
    return (f'{{"head": {{"vars": {json.dumps(list(variables), ensure_ascii=False)}}}, '
            f'"results": {{"bindings": [\n{bindings}]}}}}\n')


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


# --- SPARQL Query Results XML ------------------------------------------------------------------------------

def _xml(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    out = io.StringIO()
    out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
    out.writelines(f"<variable name={quoteattr(v)}/>" for v in variables)
    out.write("</head>\n<results>\n")
    for row in rows:
        out.write("<result>")
        out.writelines(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                       for v, t in zip(variables, row, strict=True) if t is not None)
        out.write("</result>\n")
    out.write("</results>\n</sparql>\n")
    return out.getvalue()


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


# --- SPARQL 1.1 Query Results CSV and TSV ------------------------------------------------------------------

def _csv(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    lines = [",".join(_csv_field(v) for v in variables)]
    lines.extend(",".join("" if t is None else _csv_field(_csv_value(t)) for t in row) for row in rows)
    return "".join(line + "\r\n" for line in lines)


def _csv_value(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _csv_field(value: str) -> str:
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _tsv(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else _tsv_value(t) for t in row) for row in rows)
    return "".join(line + "\n" for line in lines)


def _tsv_value(term: Term) -> str:
    # N-Triples syntax escapes tabs and newlines inside literals, which TSV needs.
    return str(term)

