"""What the graph says about one IRI, read with a few SPARQL queries, for the pages at /id/ and /resource.

Every IRI is checked against the IRIREF grammar before it goes into a query, and every string is written as an
escaped SPARQL literal, so nothing a visitor types can change a query's shape.

>>> iri_ref("https://x.org/a b")
Traceback (most recent call last):
...
api.linked_data.BadIri: not an IRI the graph could hold: 'https://x.org/a b'
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from .runner import Runner
from .sources import LineRange

INCOMING_PAGE = 50  # incoming links per page
OUTGOING_CAP = 1000  # outgoing links shown; more is announced, not listed
INCOMING_IN_DOCUMENT = 1000  # incoming links in an entity's RDF document
PROVENANCE_CAP = 2000

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
RO = "https://w3id.org/italia/onto/RO/"
RDF_TYPE = RDF + "type"
# Label properties, best first.
LABEL_PROPERTIES = ("http://www.w3.org/2004/02/skos/core#prefLabel", RDFS + "label", "http://schema.org/name",
                    "http://purl.org/dc/terms/title", "https://w3id.org/italia/onto/COV/legalName",
                    "http://xmlns.com/foaf/0.1/name", "http://www.w3.org/2006/vcard/ns#fn")
_LANGUAGE_RANK = {"it": 0, "": 1, "en": 2}
# The reification of an attestation points at what it attests; those links go after the others.
_REIFICATION = (RDF + "subject", RDF + "predicate", RDF + "object")
_IRIREF_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class BadIri(ValueError):
    pass


def iri_ref(iri: str) -> str:
    """<iri>, for a query; refuses anything IRIREF does not allow, so no value can break out of the brackets."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _IRIREF_FORBIDDEN.search(iri):
        raise BadIri(f"not an IRI the graph could hold: {iri!r}")
    return f"<{iri}>"


def resource_href(iri: str, base: str) -> str:
    """Where an IRI dereferences here: /id/<path> for ours (without a fragment), /resource?iri= for the rest."""
    if iri.startswith(base) and "#" not in iri:
        return "/id/" + quote(iri[len(base):], safe="/:@!$&'()*+,;=~")
    return "/resource?" + urlencode({"iri": iri})


def onto(base: str) -> str:
    """Our ontology's namespace under the configured base."""
    return base.rstrip("/") + "/onto/"


def string_literal(text: str) -> str:
    """A SPARQL string literal: JSON's escapes (quotes, backslashes, controls as \\uXXXX) are SPARQL's too."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Term:
    kind: str  # uri, literal, bnode
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def of(cls, binding: dict) -> Term:
        return cls(binding["type"], binding["value"], binding.get("datatype"), binding.get("xml:lang"))

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"


@dataclass(frozen=True)
class Link:
    predicate: Term
    node: Term  # the object of an outgoing link, the subject of an incoming one


@dataclass(frozen=True)
class Evidence:
    """Why the graph holds one fact: the catalogue lines (or the reference source) and the words quoted."""

    kind: str  # "scheda": the entity's own lines; "fatto": an attested triple; "ruolo": a role in an activity
    subject: Term
    predicate: Term
    object: Term
    source: Term
    quote: str | None
    evidence: str | None
    inferred: bool | None

    @property
    def lines(self) -> LineRange | None:
        return LineRange.parse(self.source.value)


@dataclass
class Description:
    iri: str
    outgoing: list[Link]
    incoming: list[Link]  # one page of them
    incoming_by_predicate: dict[str, int]
    as_predicate: int  # triples that use the IRI as their predicate
    graph_size: int  # triples in the named graph of this name
    provenance: list[Evidence]
    activities: list[tuple[Term, Term]]  # (activity, the place it names) for places inside this one
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def incoming_total(self) -> int:
        return sum(self.incoming_by_predicate.values())

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming_total or self.as_predicate or self.graph_size)

    @property
    def types(self) -> list[Term]:
        return [link.node for link in self.outgoing if link.predicate.value == RDF_TYPE]


async def describe(runner: Runner, iri: str, page: int = 1) -> Description:
    """Everything an entity page shows: links both ways (incoming one page at a time), provenance, labels."""
    x = iri_ref(iri)
    outgoing, breakdown, usage, incoming, provenance, activities = await asyncio.gather(
        runner.bindings(f"SELECT ?p ?o WHERE {{ {x} ?p ?o }} ORDER BY ?p ?o LIMIT {OUTGOING_CAP}"),
        runner.bindings(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p {x} }} GROUP BY ?p"),
        runner.bindings(f"SELECT ?what (COUNT(*) AS ?n) WHERE {{ {{ ?s {x} ?o BIND ('predicate' AS ?what) }} "
                        f"UNION {{ GRAPH {x} {{ ?s ?p ?o }} BIND ('graph' AS ?what) }} }} GROUP BY ?what"),
        runner.bindings(_incoming_query(x, page)),
        runner.bindings(_provenance_query(x, onto(runner.settings.base))),
        runner.bindings(_activities_query(x, onto(runner.settings.base))),
    )
    counts = {row["what"]["value"]: int(row["n"]["value"]) for row in usage}
    described = Description(
        iri=iri,
        outgoing=[Link(Term.of(r["p"]), Term.of(r["o"])) for r in outgoing],
        incoming=[Link(Term.of(r["p"]), Term.of(r["s"])) for r in incoming],
        incoming_by_predicate={r["p"]["value"]: int(r["n"]["value"]) for r in breakdown},
        as_predicate=counts.get("predicate", 0),
        graph_size=counts.get("graph", 0),
        provenance=sorted((_evidence(r) for r in provenance), key=_reading_order),
        activities=[(Term.of(r["activity"]), Term.of(r["place"])) for r in activities],
    )
    described.labels = await labels(runner, _named(described))
    return described


def _incoming_query(x: str, page: int) -> str:
    """One page of incoming links, the rarer kinds first (a project among the Comuni of its area shows up
    on the first page), the reification of attestations last."""
    reified = ", ".join(f"<{p}>" for p in _REIFICATION)
    return (f"SELECT ?s ?p WHERE {{ {{ SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?any ?p {x} }} GROUP BY ?p }} ?s ?p {x} }} "
            f"ORDER BY (?p IN ({reified})) ?n ?p ?s LIMIT {INCOMING_PAGE} OFFSET {(max(page, 1) - 1) * INCOMING_PAGE}")


def _provenance_query(x: str, onto: str) -> str:
    """Attestations of triples about (or pointing at) the entity, roles in activities, and its own lines."""
    alo = f"<{onto}"
    return f"""SELECT ?kind ?s ?p ?o ?source ?quote ?evidence ?inferred WHERE {{
  {{ {{ ?a <{RDF}subject> {x} }} UNION {{ ?a <{RDF}object> {x} }}
     ?a <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ; <{PROV}wasDerivedFrom> ?source .
     OPTIONAL {{ ?a {alo}citazione> ?quote }} OPTIONAL {{ ?a {alo}evidenza> ?evidence }}
     OPTIONAL {{ ?a {alo}inferito> ?inferred }}
     BIND ("fatto" AS ?kind) }}
  UNION
  {{ {{ ?r <{RO}forEntity> {x} }} UNION {{ ?r <{RO}isRoleInTimeOf> {x} }}
     ?r <{RO}forEntity> ?s ; <{RO}withRole> ?p ; <{RO}isRoleInTimeOf> ?o ; <{PROV}wasDerivedFrom> ?source .
     OPTIONAL {{ ?r {alo}citazione> ?quote }}
     BIND ("ruolo" AS ?kind) }}
  UNION
  {{ {x} <{PROV}wasDerivedFrom> ?source . OPTIONAL {{ {x} {alo}citazione> ?quote }}
     BIND ({x} AS ?s) BIND (<{PROV}wasDerivedFrom> AS ?p) BIND (?source AS ?o) BIND ("scheda" AS ?kind) }}
}} LIMIT {PROVENANCE_CAP}"""


def _activities_query(x: str, onto: str) -> str:
    """Activities that name this place or a place inside it (a Comune in an area interna, in a province…)."""
    return f"""SELECT DISTINCT ?activity ?place WHERE {{
  ?activity a <{onto}Attivita> ;
            <https://w3id.org/italia/onto/CLV/hasSpatialCoverage> ?place .
  ?place <http://www.opengis.net/ont/geosparql#sfWithin>* {x} .
}} LIMIT {PROVENANCE_CAP}"""


def _evidence(row: dict) -> Evidence:
    inferred = row.get("inferred")
    return Evidence(row["kind"]["value"], Term.of(row["s"]), Term.of(row["p"]), Term.of(row["o"]),
                    Term.of(row["source"]), row["quote"]["value"] if "quote" in row else None,
                    row["evidence"]["value"] if "evidence" in row else None,
                    inferred["value"] == "true" if inferred else None)


def _reading_order(evidence: Evidence) -> tuple:
    """The entity's own lines, then what the catalogue says in the order it says it, then reference data."""
    lines = evidence.lines
    return (evidence.kind != "scheda", lines is None, lines.first if lines else 0,
            evidence.predicate.value, evidence.subject.value, evidence.object.value)


def _named(described: Description) -> set[str]:
    """The IRIs a page names, whose labels it shows."""
    terms: list[Term] = []
    for link in described.outgoing + described.incoming:
        terms += [link.predicate, link.node]
    for evidence in described.provenance:
        terms += [evidence.subject, evidence.predicate, evidence.object, evidence.source]
    for activity, place in described.activities:
        terms += [activity, place]
    return {t.value for t in terms if t.is_iri} | set(described.incoming_by_predicate) | {described.iri}


async def labels(runner: Runner, iris: Iterable[str]) -> dict[str, str]:
    """The best label of each IRI that has one: Italian first, then untagged, then English, then any.

    Nodes without a name of their own (roles, attestations, amounts, grants) get one made from their neighbours,
    so that a list of them can be told apart.
    """
    refs = []
    for iri in sorted(set(iris)):
        try:
            refs.append(iri_ref(iri))
        except BadIri:
            continue
    if not refs:
        return {}
    best: dict[str, tuple[tuple, str]] = {}
    for row in await runner.bindings(_labels_query(refs, onto(runner.settings.base))):
        language = row["label"].get("xml:lang", "").lower()
        key = (_LANGUAGE_RANK.get(language, 3), int(row["rank"]["value"]), row["label"]["value"])
        iri = row["x"]["value"]
        if iri not in best or key < best[iri][0]:
            best[iri] = (key, row["label"]["value"])
    return {iri: label for iri, (_, label) in best.items()}


def _labels_query(refs: list[str], onto: str) -> str:
    ranks = " ".join(f"({i} <{p}>)" for i, p in enumerate(LABEL_PROPERTIES))
    label = f"<{RDFS}label>"
    schema = "http://schema.org/"
    return f"""SELECT ?x ?rank ?label WHERE {{
  VALUES ?x {{ {' '.join(refs)} }}
  {{ VALUES (?rank ?p) {{ {ranks} }} ?x ?p ?label FILTER (isLiteral(?label)) }}
  UNION
  {{ ?x <{RO}isRoleInTimeOf>/{label} ?org ; <{RO}withRole>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?role ;
        <{RO}forEntity>/{label} ?activity FILTER (lang(?role) = "it")
     BIND (CONCAT(STR(?org), ", ", STR(?role), " in «", STR(?activity), "»") AS ?label) BIND (20 AS ?rank) }}
  UNION
  {{ ?x a <{onto}Attestazione> OPTIONAL {{ ?x <{onto}citazione> ?quote }} OPTIONAL {{ ?x <{onto}evidenza> ?evidence }}
     BIND (COALESCE(?quote, ?evidence, "") AS ?words)
     BIND (CONCAT("attestazione: «", IF(STRLEN(?words) > 80, CONCAT(SUBSTR(?words, 1, 80), "…"), STR(?words)), "»")
           AS ?label) BIND (21 AS ?rank) }}
  UNION
  {{ ?x <{schema}value> ?value ; <{schema}currency> ?currency
     BIND (CONCAT(STR(?value), " ", STR(?currency)) AS ?label) BIND (22 AS ?rank) }}
  UNION
  {{ ?x <{schema}funder>/{label} ?funder ; <{schema}fundedItem>/{label} ?item
     BIND (CONCAT("finanziamento di ", STR(?funder), " a «", STR(?item), "»") AS ?label) BIND (23 AS ?rank) }}
}}"""


def document_query(iri: str) -> str:
    """The entity's RDF document: its triples, incoming links (capped), the labels of its neighbours, and the
    attestations and roles that carry its provenance."""
    x = iri_ref(iri)
    label = f"<{RDFS}label>"
    return f"""CONSTRUCT {{
  {x} ?p ?o . ?o {label} ?objectLabel .
  ?s ?q {x} . ?s {label} ?subjectLabel .
  ?a ?ap ?ao .
}} WHERE {{
  {{ {x} ?p ?o OPTIONAL {{ ?o {label} ?objectLabel }} }}
  UNION
  {{ {{ SELECT ?s ?q WHERE {{ ?s ?q {x} }} ORDER BY ?q ?s LIMIT {INCOMING_IN_DOCUMENT} }}
     OPTIONAL {{ ?s {label} ?subjectLabel }} }}
  UNION
  {{ {{ ?a <{RDF}subject> {x} }} UNION {{ ?a <{RO}forEntity> {x} }} ?a ?ap ?ao }}
}}"""


async def near_matches(runner: Runner, iri: str, limit: int = 10) -> list[str]:
    """IRIs in the graph that start like this one: same parent path, same first word of the last segment."""
    parent, _, last = iri.rpartition("/")
    word = re.split(r"[-_.#]", last)[0]
    prefix = f"{parent}/{word}" if len(word) >= 3 else f"{parent}/"
    rows = await runner.bindings(f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER (isIRI(?s) && "
                                 f"STRSTARTS(STR(?s), {string_literal(prefix)})) }} ORDER BY ?s LIMIT {limit}")
    return [row["s"]["value"] for row in rows]
